import { Link, useLocation } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';

/**
 * After signing out of Trellis: the provider's own sign-out is offered when the person came in
 * through one (their provider session would otherwise sign them straight back in).
 */
export default function SignedOutPage() {
  const location = useLocation();
  const provider = (location.state as { providerName?: string; url?: string } | null) ?? null;
  return (
    <section className="page page--narrow">
      <PageHeading>You are signed out of Trellis</PageHeading>
      {provider?.url && provider.providerName && (
        <p>
          You are still signed in to {provider.providerName}. On a shared computer,{' '}
          <a href={provider.url}>sign out of {provider.providerName} too</a>.
        </p>
      )}
      <p>
        <Link to="/sign-in">Sign in again</Link>
      </p>
    </section>
  );
}
