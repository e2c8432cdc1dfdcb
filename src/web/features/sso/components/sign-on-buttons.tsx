import { useSignOnOptions } from '../api/sign-on-options.ts';

/**
 * "Sign in with <provider>" for the district of the address typed: plain links, so the browser goes
 * to the provider and back as a whole page (the provider's pages cannot run inside Trellis's).
 */
export function SignOnButtons({ email, next }: { email: string; next: string }) {
  const options = useSignOnOptions(email);
  const data = options.data?.data;
  if (!data || data.providers.length === 0) return null;
  return (
    <div className="sign-on-buttons" aria-live="polite">
      {data.providers.map((provider) => {
        const query = new URLSearchParams({ provider: provider.id, next, email: email.trim().toLowerCase() });
        return (
          <p key={provider.id}>
            <a className="button" href={`/api/sso/start?${query}`}>
              Sign in with {provider.name}
            </a>
          </p>
        );
      })}
      {!data.passwordsAllowed && (
        <p className="field__hint">
          Your district signs its staff in with its own account; the password below is for administrators
          only.
        </p>
      )}
    </div>
  );
}
