import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useInvitationLookup } from '#web/features/admin/api/lookup-invitation.ts';
import { AcceptInvitationForm } from '#web/features/admin/components/accept-invitation-form.tsx';
import { getSession, sessionKey } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** Where an invitation link lands: set a name and password, then start on one's profile, signed in. */
export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const lookup = useInvitationLookup(token);
  const client = useQueryClient();
  const navigate = useNavigate();

  const accepted = async () => {
    client.clear();
    await client.fetchQuery({ queryKey: sessionKey, queryFn: getSession });
    navigate('/profile', { replace: true });
  };

  const invalid = !token || (lookup.error instanceof ApiError && lookup.error.status === 404);
  return (
    <section className="page page--narrow">
      <PageHeading>Join Trellis</PageHeading>
      {invalid ? (
        <div className="notice notice--error" role="alert">
          <p>
            {lookup.error instanceof ApiError
              ? lookup.error.message
              : 'This page needs the link from your invitation email.'}
          </p>
          <p>
            Already have an account? <Link to="/sign-in">Sign in</Link>.
          </p>
        </div>
      ) : lookup.isPending ? (
        <Loading label="Checking your invitation…" />
      ) : lookup.isError ? (
        <ErrorMessage error={lookup.error} />
      ) : (
        <AcceptInvitationForm token={token} invitation={lookup.data.data} onAccepted={accepted} />
      )}
    </section>
  );
}
