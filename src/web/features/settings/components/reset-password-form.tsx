import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useCompletePasswordReset } from '../api/complete-password-reset.ts';
import { checkNewPassword, NewPasswordFields } from './new-password-fields.tsx';

/** Sets a new password with the token from an emailed link; the person is then signed in. */
export function ResetPasswordForm(props: {
  token: string;
  onSignedIn: () => Promise<void>;
  onDone: () => void;
}) {
  const complete = useCompletePasswordReset({ onSignedIn: props.onSignedIn });
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [local, setLocal] = useState<{ password?: string; confirmation?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = checkNewPassword(password, confirmation);
    setLocal(problems);
    if (problems.password || problems.confirmation) {
      complete.reset();
      return;
    }
    complete.mutate({ token: props.token, password }, { onSuccess: props.onDone });
  };

  const serverError = complete.error instanceof ApiError ? complete.error : null;
  const tokenRejected = Boolean(serverError?.fieldError('token'));
  return (
    <form onSubmit={submit} noValidate>
      {(local.password || local.confirmation) && (
        <div className="notice notice--error" role="alert">
          <p>{local.password ?? local.confirmation}</p>
        </div>
      )}
      <ErrorMessage error={complete.error} />
      {tokenRejected && (
        <p>
          <Link to="/forgot-password">Ask for a new reset link</Link>
        </p>
      )}
      <NewPasswordFields
        password={password}
        confirmation={confirmation}
        onPasswordChange={setPassword}
        onConfirmationChange={setConfirmation}
        passwordError={local.password ?? serverError?.fieldError('password')}
        confirmationError={local.confirmation}
      />
      <button type="submit" className="button" disabled={complete.isPending}>
        {complete.isPending ? 'Saving…' : 'Set new password and sign in'}
      </button>
    </form>
  );
}
