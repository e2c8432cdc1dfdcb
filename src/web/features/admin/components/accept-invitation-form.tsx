import { type FormEvent, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import type { InvitationLookup } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useAcceptInvitation } from '../api/accept-invitation.ts';

/** Name and password for an invited person; calls onAccepted once the account exists and is signed in. */
export function AcceptInvitationForm({
  token,
  invitation,
  onAccepted,
}: {
  token: string;
  invitation: InvitationLookup;
  onAccepted: () => void;
}) {
  const accept = useAcceptInvitation();
  const [name, setName] = useState(invitation.name ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState<string | undefined>();
  const fieldError = (field: string) =>
    accept.error instanceof ApiError ? accept.error.fieldError(field) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch('The two passwords are not the same.');
      return;
    }
    setMismatch(undefined);
    accept.mutate({ token, name, password }, { onSuccess: onAccepted });
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        You are invited to join <strong>{invitation.districtName}</strong> on Trellis as{' '}
        <strong>{invitation.email}</strong>.
      </p>
      <ErrorMessage error={accept.error} />
      <TextField
        label="Your name"
        autoComplete="name"
        required
        maxLength={120}
        value={name}
        error={fieldError('name')}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label="Choose a password"
        hint="12 to 128 characters. A few unrelated words make a strong one."
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        value={password}
        error={fieldError('password')}
        onChange={(e) => setPassword(e.target.value)}
      />
      <TextField
        label="Type the password again"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        error={mismatch}
        onChange={(e) => setConfirm(e.target.value)}
      />
      <button type="submit" className="button" disabled={accept.isPending}>
        {accept.isPending ? 'Creating your account…' : 'Join Trellis'}
      </button>
    </form>
  );
}
