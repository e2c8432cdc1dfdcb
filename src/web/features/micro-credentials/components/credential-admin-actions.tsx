import { Link } from 'react-router';
import type { MicroCredentialDetail } from '#shared/contracts/micro-credentials.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useChangeMicroCredentialStatus } from '../api/save-micro-credential.ts';

/** What publishing still needs, as the server listed it. */
function PublishProblems({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.status !== 409 || !error.problem.errors.length)
    return <ErrorMessage error={error} />;
  return (
    <div className="notice notice--error" role="alert">
      <p>Not ready to publish yet:</p>
      <ul>
        {error.problem.errors.map((e) => (
          <li key={`${e.path}-${e.message}`}>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The issuer's admins: edit, publish (a draft or a retired credential), retire (a published one). */
export function CredentialAdminActions({ credential }: { credential: MicroCredentialDetail }) {
  const status = useChangeMicroCredentialStatus(credential.id);
  const retire = useConfirmStep();
  const noun = credential.kind === 'stack' ? 'stack' : 'micro-credential';
  return (
    <section aria-labelledby="credential-admin" className="credential-admin">
      <h2 id="credential-admin">Manage</h2>
      <div className="actions">
        <Link to={`/micro-credentials/${credential.id}/edit`} className="button button--secondary">
          Edit
        </Link>
        {credential.status !== 'published' && (
          <button
            type="button"
            className="button"
            disabled={status.isPending}
            onClick={() => status.mutate('publish')}
          >
            {credential.status === 'retired' ? `Publish this ${noun} again` : `Publish this ${noun}`}
          </button>
        )}
        {credential.status === 'published' && !retire.open && (
          <button ref={retire.opener} type="button" className="button button--danger" onClick={retire.start}>
            Retire
          </button>
        )}
      </div>
      {retire.open && (
        <ConfirmStep
          prompt={`Retire “${credential.title}”? No one new can start it; awards already issued stand.`}
          confirmLabel={`Retire the ${noun}`}
          pending={status.isPending}
          error={status.error}
          onConfirm={() => status.mutate('retire', { onSuccess: retire.close })}
          onCancel={retire.close}
        />
      )}
      <div aria-live="polite">
        {!retire.open && status.isError && <PublishProblems error={status.error} />}
        {status.isSuccess && !status.isPending && (
          <p className="notice notice--ok">
            {status.data.status === 'published' ? 'Published: colleagues can now earn it.' : 'Retired.'}
          </p>
        )}
      </div>
    </section>
  );
}
