import { Link } from 'react-router';
import { SIGN_ON_PROBLEMS, type SignOnProblem } from '#shared/contracts/sso.ts';

const EXPLANATIONS: Record<SignOnProblem, { title: string; text: string }> = {
  expired: {
    title: 'That sign-in did not finish',
    text: 'It took too long, was already used, or began in another browser. Start again from the sign-in page.',
  },
  provider_refused: {
    title: 'Your district’s sign-in said no',
    text: 'The provider did not let this sign-in through. Try again; if it keeps happening, tell your administrator.',
  },
  provider_unreachable: {
    title: 'Your district’s sign-in cannot be reached',
    text: 'Trellis could not reach your district’s provider just now. Try again in a few minutes.',
  },
  invalid_response: {
    title: 'The answer from your district’s sign-in did not check out',
    text: 'Trellis refused it to keep your account safe. Start again from the sign-in page.',
  },
  unverified_email: {
    title: 'Your email address is not confirmed by your provider',
    text: 'Trellis links a first sign-in only to an address your district’s provider vouches for. Ask your administrator.',
  },
  unclaimed_domain: {
    title: 'Your email’s domain is not set up for this sign-in',
    text: 'Your district has not verified the domain of your address with Trellis yet. Ask your administrator.',
  },
  other_district: {
    title: 'This account belongs to another district',
    text: 'This provider signs people in to its own district only. Use your own district’s sign-in, or ask your administrator.',
  },
  wrong_tenant: {
    title: 'This Microsoft account is not of your district',
    text: 'Sign in with the Microsoft account your district gave you.',
  },
  wrong_hosted_domain: {
    title: 'This Google account is not of your district',
    text: 'Sign in with the Google Workspace account your district gave you, not a personal one.',
  },
  unknown_person: {
    title: 'Ask your administrator for access',
    text: 'Your district’s sign-in knows you, but Trellis has no account for you yet. Your district administrator can invite you.',
  },
  administrator_account: {
    title: 'Administrators sign in with their Trellis password',
    text: 'Trellis does not link an administrator’s account to a provider by email, so whoever holds that address at the provider cannot take it over. Sign in with your email and password.',
  },
  requested: {
    title: 'Your request is with your administrator',
    text: 'Your district’s sign-in knows you; an administrator will open your Trellis account. Sign in again once they have.',
  },
  request_declined: {
    title: 'Your administrator declined your request',
    text: 'Your district administrator declined your request for a Trellis account in the last 24 hours. Speak to them, or ask again after a day.',
  },
  deactivated: {
    title: 'This account is turned off',
    text: 'Your district has deactivated this Trellis account. Ask your administrator if you think that is a mistake.',
  },
  disabled: {
    title: 'This sign-in is turned off',
    text: 'Your district has turned this provider off. Sign in another way, or ask your administrator.',
  },
};

/** Why a sign-in through the district's provider ended without signing in, in words. */
export function SignOnProblemExplained({ reason }: { reason: string | null }) {
  const known = SIGN_ON_PROBLEMS.find((p) => p === reason) ?? 'invalid_response';
  const { title, text } = EXPLANATIONS[known];
  return (
    <div role="alert">
      <h2>{title}</h2>
      <p>{text}</p>
      <p>
        <Link to="/sign-in">Back to sign-in</Link>
      </p>
    </div>
  );
}
