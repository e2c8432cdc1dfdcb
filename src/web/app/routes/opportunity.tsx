import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  OPPORTUNITY_KIND_LABELS,
  type ApplicationView,
  type OpportunityView,
} from '#shared/contracts/pathways.ts';
import { ErrorMessage, EmptyState, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useApplications,
  useApply,
  useDecide,
  useOpportunity,
  useSetOpportunityStatus,
  useWithdraw,
} from '#web/features/pathways/api/pathways.ts';
import { RequirementList, money } from '#web/features/pathways/components/requirement-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** One opportunity: what it asks and where the viewer stands; applying with a statement; its reviewers' applications. */
export default function OpportunityPage() {
  const { id = '' } = useParams();
  const opportunity = useOpportunity(id);
  if (opportunity.isPending) return <Loading />;
  if (opportunity.error) return <ErrorMessage error={opportunity.error} />;
  const o = opportunity.data.data;
  return (
    <section className="page">
      <p>
        <Link to="/opportunities">Back to opportunities</Link>
      </p>
      <PageHeading>{o.title}</PageHeading>
      <p className="muted">
        {OPPORTUNITY_KIND_LABELS[o.kind]}
        {o.schoolName ? ` · ${o.schoolName}` : ''}
        {o.postedByName ? ` · posted by ${o.postedByName}` : ''}
      </p>
      <dl className="pathways-facts">
        <dt>When</dt>
        <dd>
          {o.startsOn} to {o.endsOn}
        </dd>
        {o.timeCommitment && (
          <>
            <dt>Time</dt>
            <dd>{o.timeCommitment}</dd>
          </>
        )}
        {o.stipendCents !== null && (
          <>
            <dt>Stipend</dt>
            <dd>{money(o.stipendCents)}</dd>
          </>
        )}
        <dt>Applications</dt>
        <dd>
          {o.open ? `close ${o.closesOn}` : o.status === 'closed' ? 'closed early' : `closed ${o.closesOn}`}
        </dd>
      </dl>
      {o.abilities.close && <CloseButton opportunity={o} />}
      {o.description && <p>{o.description}</p>}
      <h2>Requirements</h2>
      <RequirementList requirements={o.requirements} />
      {o.myApplication && o.myApplication.status !== 'withdrawn' ? (
        <>
          <Notice>Your application: {o.myApplication.status}.</Notice>
          {(o.myApplication.status === 'submitted' || o.myApplication.status === 'shortlisted') && (
            <WithdrawButton opportunityId={o.id} applicationId={o.myApplication.id} />
          )}
        </>
      ) : o.abilities.apply ? (
        <ApplyForm opportunityId={o.id} />
      ) : o.open ? (
        <p>You can apply once you meet every requirement.</p>
      ) : null}
      {o.abilities.review && <Applications opportunityId={o.id} />}
    </section>
  );
}

function ApplyForm({ opportunityId }: { opportunityId: string }) {
  const apply = useApply(opportunityId);
  const [statement, setStatement] = useState('');
  const problem = apply.error instanceof ApiError ? apply.error.problem.errors : [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    apply.mutate({ statement, shareStanding: form.get('share') === 'on' });
  };
  return (
    <form onSubmit={submit} aria-label="Apply" noValidate>
      <h2>Apply</h2>
      {problem.length === 0 && apply.error && <ErrorMessage error={apply.error} />}
      <TextArea
        label="Why you, in a few sentences"
        name="statement"
        rows={4}
        value={statement}
        onChange={(e) => setStatement(e.target.value)}
        error={problem.find((e) => e.path === '/body/statement')?.message}
      />
      <label className="checkbox">
        <input type="checkbox" name="share" /> Let the reviewers see where I stand on the requirements
      </label>
      <FormActions
        label="Send my application"
        pendingLabel="Sending…"
        pending={apply.isPending}
        disabled={!statement.trim()}
      />
    </form>
  );
}

function Applications({ opportunityId }: { opportunityId: string }) {
  const applications = useApplications(opportunityId, true);
  const decide = useDecide(opportunityId);
  return (
    <section aria-labelledby="applications-heading">
      <h2 id="applications-heading">Applications</h2>
      {decide.error && <ErrorMessage error={decide.error} />}
      {applications.isPending ? (
        <Loading />
      ) : applications.error ? (
        <ErrorMessage error={applications.error} />
      ) : applications.data.data.length === 0 ? (
        <EmptyState title="No one has applied yet." />
      ) : (
        <ul className="plain-list">
          {applications.data.data.map((a) => (
            <ApplicationItem
              key={a.id}
              application={a}
              pending={decide.isPending}
              decide={(status) => decide.mutate({ id: a.id, status })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ApplicationItem({
  application: a,
  pending,
  decide,
}: {
  application: ApplicationView;
  pending: boolean;
  decide: (status: 'shortlisted' | 'accepted' | 'declined') => void;
}) {
  const undecided = a.status === 'submitted' || a.status === 'shortlisted';
  return (
    <li className="card">
      <h3>{a.applicantName}</h3>
      <p className="muted">Status: {a.status}</p>
      <p>{a.statement}</p>
      {a.standing ? (
        <RequirementList requirements={a.standing} linked={false} />
      ) : (
        <p className="muted">The applicant did not share where they stand.</p>
      )}
      {undecided && (
        <div className="actions">
          {a.status === 'submitted' && (
            <button
              type="button"
              className="button button--secondary"
              disabled={pending}
              onClick={() => decide('shortlisted')}
            >
              Shortlist<span className="visually-hidden"> {a.applicantName}</span>
            </button>
          )}
          <button type="button" className="button" disabled={pending} onClick={() => decide('accepted')}>
            Accept<span className="visually-hidden"> {a.applicantName}</span>
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={pending}
            onClick={() => decide('declined')}
          >
            Decline<span className="visually-hidden"> {a.applicantName}</span>
          </button>
        </div>
      )}
    </li>
  );
}

/** Closing early, or reopening before the closing date (after it, there is nothing to reopen). */
function CloseButton({ opportunity: o }: { opportunity: OpportunityView }) {
  const change = useSetOpportunityStatus(o.id);
  const today = new Date().toISOString().slice(0, 10);
  if (o.status === 'closed' && o.closesOn < today) return null;
  return (
    <>
      {change.error && <ErrorMessage error={change.error} />}
      <button
        type="button"
        className="button button--secondary"
        disabled={change.isPending}
        onClick={() => change.mutate(o.status === 'open' ? 'closed' : 'open')}
      >
        {o.status === 'open' ? 'Close to applications' : 'Reopen for applications'}
      </button>
    </>
  );
}

function WithdrawButton({ opportunityId, applicationId }: { opportunityId: string; applicationId: string }) {
  const withdraw = useWithdraw(opportunityId);
  return (
    <>
      {withdraw.error && <ErrorMessage error={withdraw.error} />}
      <button
        type="button"
        className="button button--secondary"
        disabled={withdraw.isPending}
        onClick={() => withdraw.mutate(applicationId)}
      >
        Withdraw my application
      </button>
    </>
  );
}
