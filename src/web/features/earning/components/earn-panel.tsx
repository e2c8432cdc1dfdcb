import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useMyProgress } from '../api/my-progress.ts';
import { useStartSubmission } from '../api/start-submission.ts';
import { type Teammate, TeammateChooser } from './teammate-chooser.tsx';

/** Starting to earn: alone, or with teammates where the credential allows a team. */
function StartEarning({ credentialId, maxTeamSize }: { credentialId: string; maxTeamSize: number }) {
  const navigate = useNavigate();
  const session = useSession();
  const start = useStartSubmission(credentialId);
  const [teammates, setTeammates] = useState<Teammate[]>([]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate(
          teammates.map((t) => t.id),
          { onSuccess: (submission) => navigate(`/submissions/${submission.id}`) },
        );
      }}
    >
      <p>Gather evidence of your practice, at your own pace: drafts save as you write.</p>
      {maxTeamSize > 1 && (
        <TeammateChooser
          value={teammates}
          onChange={setTeammates}
          max={maxTeamSize - 1}
          selfId={session.data?.user?.id}
        />
      )}
      <ErrorMessage error={start.error} />
      <button type="submit" className="button" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : teammates.length ? 'Start earning as a team' : 'Start earning'}
      </button>
    </form>
  );
}

/** Shown on a micro-credential's page: start earning it, or where one's submission stands. */
export function EarnPanel({ credentialId }: { credentialId: string }) {
  const progress = useMyProgress(credentialId);
  if (progress.isPending) return <Loading label="Checking your progress…" />;
  if (progress.isError) {
    // A credential one may not see has no panel; anything else is worth saying.
    if (progress.error instanceof ApiError && progress.error.status === 404) return null;
    return <ErrorMessage error={progress.error} />;
  }
  const { submission, award, abilities, maxTeamSize } = progress.data;
  return (
    <section className="earn-panel" aria-labelledby="earn-panel-heading">
      <h2 id="earn-panel-heading">Earn this credential</h2>
      {award ? (
        <p>
          <Link className="button" to={`/credentials/${award.id}`}>
            Earned — view your credential
          </Link>
        </p>
      ) : submission && !abilities.start ? (
        <ActiveSubmission submission={submission} />
      ) : abilities.start ? (
        <StartEarning credentialId={credentialId} maxTeamSize={maxTeamSize} />
      ) : (
        <p className="muted">This credential cannot be earned right now.</p>
      )}
      <p className="muted">
        <Link to="/submissions">All your submissions</Link>
      </p>
    </section>
  );
}

function ActiveSubmission({ submission }: { submission: { id: string; status: string } }) {
  const to = `/submissions/${submission.id}`;
  switch (submission.status) {
    case 'draft':
      return (
        <p>
          <Link className="button" to={to}>
            Continue your evidence
          </Link>
        </p>
      );
    case 'revise':
      return (
        <p>
          The assessor asked for more.{' '}
          <Link className="button" to={to}>
            Revise your evidence
          </Link>
        </p>
      );
    default:
      return (
        <p>
          Awaiting review. <Link to={to}>See what you submitted</Link>
        </p>
      );
  }
}
