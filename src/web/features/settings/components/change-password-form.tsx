import { type FormEvent, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useChangePassword } from '../api/change-password.ts';
import { checkNewPassword, NewPasswordFields } from './new-password-fields.tsx';

/** Changes the signed-in person's password; the server signs out every other device. */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [local, setLocal] = useState<{ password?: string; confirmation?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = checkNewPassword(newPassword, confirmation);
    setLocal(problems);
    if (problems.password || problems.confirmation) {
      change.reset();
      return;
    }
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setConfirmation('');
        },
      },
    );
  };

  const serverError = change.error instanceof ApiError ? change.error : null;
  return (
    <form onSubmit={submit} noValidate>
      {change.isSuccess && (
        <Notice>
          <p>Your password is changed. Every other device you were signed in on is signed out.</p>
        </Notice>
      )}
      {(local.password || local.confirmation) && (
        <div className="notice notice--error" role="alert">
          <p>{local.password ?? local.confirmation}</p>
        </div>
      )}
      <ErrorMessage error={change.error} />
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        error={serverError?.fieldError('currentPassword')}
        onChange={(e) => setCurrentPassword(e.target.value)}
      />
      <NewPasswordFields
        password={newPassword}
        confirmation={confirmation}
        onPasswordChange={setNewPassword}
        onConfirmationChange={setConfirmation}
        passwordError={local.password ?? serverError?.fieldError('newPassword')}
        confirmationError={local.confirmation}
      />
      <button type="submit" className="button" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
