import { Link, useParams } from 'react-router';
import type { SubmissionDetail } from '#shared/contracts/submissions.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useSubmission } from '#web/features/earning/api/get-submission.ts';
import { useWithdrawSubmission } from '#web/features/earning/api/submit-submission.ts';
import { EvidenceView } from '#web/features/earning/components/evidence-view.tsx';
import { EvidenceWorkspace } from '#web/features/earning/components/evidence-workspace.tsx';
import { RoundHistory } from '#web/features/earning/components/round-history.tsx';
import { RubricTable } from '#web/features/earning/components/rubric-table.tsx';
import { STATUS_LABELS } from '#web/features/earning/components/status.ts';
import { formatWhen } from '#web/lib/format.ts';

function Withdraw({ submission }: { submission: SubmissionDetail }) {
  const withdraw = useWithdrawSubmission(submission.id);
  const confirm = useConfirmStep();
  if (!submission.abilities.withdraw) return null;
  return (
    <div className="submission-withdraw">
      <button ref={confirm.opener} type="button" className="button button--secondary" onClick={confirm.start}>
        Withdraw
      </button>
      {confirm.open && (
        <ConfirmStep
          prompt="Withdraw this submission? Assessors will no longer see it; you may start again later."
          confirmLabel="Withdraw"
          pending={withdraw.isPending}
          error={withdraw.error}
          onConfirm={() => withdraw.mutate(undefined, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
    </div>
  );
}

/** What the status means for the earner now. */
function StatusNote({ submission }: { submission: SubmissionDetail }) {
  switch (submission.status) {
    case 'submitted':
    case 'escalated':
      return <p role="status">Awaiting review. You will be notified when the assessors decide.</p>;
    case 'revise':
      return (
        <p role="status">
          The assessors asked for more: read their feedback below, then revise and resubmit.
        </p>
      );
    case 'earned':
      if (submission.revocation)
        return (
          <p role="status">
            Revoked on {formatWhen(submission.revocation.revokedAt)}
            {submission.revocation.reason ? ` — ${submission.revocation.reason}` : ''}
          </p>
        );
      return (
        <p role="status">
          Earned{submission.decidedAt ? ` on ${formatWhen(submission.decidedAt)}` : ''}.{' '}
          {submission.awardId && <Link to={`/credentials/${submission.awardId}`}>View your credential</Link>}
        </p>
      );
    case 'withdrawn':
      return <p role="status">Withdrawn.</p>;
    default:
      return null;
  }
}

/** The evidence workspace while drafting; the submitted evidence and its history otherwise. */
export default function SubmissionPage() {
  const { id = '' } = useParams();
  const query = useSubmission(id);
  if (query.isPending) return <Loading />;
  if (query.isError)
    return (
      <section className="page">
        <PageHeading>Submission</PageHeading>
        <ErrorMessage error={query.error} />
        <p>
          <Link to="/submissions">Your submissions</Link>
        </p>
      </section>
    );
  const submission = query.data;
  const team = submission.members.map((m) => m.name).join(', ');
  return (
    <section className="page submission-page">
      <PageHeading title={submission.credential.title}>
        <span className="muted submission-page__kicker">Evidence for</span> {submission.credential.title}
      </PageHeading>
      <p className="muted">
        {submission.revocation ? 'Revoked' : STATUS_LABELS[submission.status]} ·{' '}
        {submission.members.length > 1 ? `Team: ${team}` : team} ·{' '}
        <Link to={`/micro-credentials/${submission.credential.id}`}>About this credential</Link> ·{' '}
        <Link to="/submissions">All your submissions</Link>
      </p>
      <StatusNote submission={submission} />
      {submission.definition.description && <p>{submission.definition.description}</p>}
      {submission.abilities.editEvidence ? (
        <EvidenceWorkspace key={submission.id} submission={submission} />
      ) : (
        <div className="evidence-workspace">
          <section className="evidence-workspace__form" aria-labelledby="submitted-heading">
            <h2 id="submitted-heading">Your evidence</h2>
            <EvidenceView
              submissionId={submission.id}
              prompts={submission.definition.prompts}
              evidence={submission.evidence}
              activities={submission.activities}
            />
          </section>
          {submission.definition.rubric && (
            <aside className="evidence-workspace__rubric" aria-label="How it is judged">
              <RubricTable rubric={submission.definition.rubric} />
            </aside>
          )}
        </div>
      )}
      <RoundHistory submission={submission} />
      <Withdraw submission={submission} />
    </section>
  );
}
