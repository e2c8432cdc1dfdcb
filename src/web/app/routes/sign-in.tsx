import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { useSession, useSignIn } from '#web/features/session/api/session.ts';
import { SignOnButtons } from '#web/features/sso/components/sign-on-buttons.tsx';
import { sameOriginPath } from '#shared/next-path.ts';

export default function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Only a path on this site is followed after sign-in, never another origin.
  const next = sameOriginPath(params.get('next'));
  if (session.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  return (
    <section className="page page--narrow">
      <PageHeading>Sign in to Trellis</PageHeading>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={signIn.error} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <SignOnButtons email={email} next={next} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </section>
  );
}
