import { type FormEvent, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useRequestPasswordReset } from '../api/request-password-reset.ts';

/** Asks for a reset link. What it says afterwards never reveals whether the address has an account. */
export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email }, { onSuccess: () => setSentTo(email) });
  };

  if (sentTo !== null)
    return (
      <>
        <Notice>
          <p>
            If an account exists for that address, we have emailed a link to reset its password. The link
            works once, within the next hour.
          </p>
        </Notice>
        <p>
          No email after a few minutes? Check your spam folder, or{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              request.reset();
              setSentTo(null);
            }}
          >
            ask again
          </button>
          .
        </p>
      </>
    );

  const emailError = request.error instanceof ApiError ? request.error.fieldError('email') : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorMessage error={request.error} />
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        error={emailError}
        onChange={(e) => setEmail(e.target.value)}
      />
      <button type="submit" className="button" disabled={request.isPending}>
        {request.isPending ? 'Sending…' : 'Email me a reset link'}
      </button>
    </form>
  );
}
