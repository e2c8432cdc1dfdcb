import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { getSession, sessionKey } from '#web/features/session/api/session.ts';
import { ResetPasswordForm } from '#web/features/settings/components/reset-password-form.tsx';

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const token = params.get('token');

  // The reset signs the person in with a new session: drop whatever was cached for the old one
  // (or for nobody) and load the new session, with its CSRF token, before going home.
  const onSignedIn = async () => {
    client.removeQueries();
    await client.fetchQuery({ queryKey: sessionKey, queryFn: getSession });
  };

  return (
    <section className="page page--narrow">
      <PageHeading>Choose a new password</PageHeading>
      {token ? (
        <ResetPasswordForm
          token={token}
          onSignedIn={onSignedIn}
          onDone={() => navigate('/', { replace: true })}
        />
      ) : (
        <>
          <div className="notice notice--error" role="alert">
            <p>This page needs the link from your reset email, and this address has no token in it.</p>
          </div>
          <p>
            <Link to="/forgot-password">Ask for a reset link</Link>
          </p>
        </>
      )}
    </section>
  );
}
