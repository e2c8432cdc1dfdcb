import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useJoinAsGuest } from '../api/edcamp.ts';

/** Joining a board as a guest: the code on the screen in the room, and a name to go by. */
export function JoinForm({
  initialCode = '',
  onJoined,
}: {
  initialCode?: string;
  onJoined: (joined: { eventId: string }) => void;
}) {
  const join = useJoinAsGuest();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const fieldError = (field: string) =>
    join.error instanceof ApiError ? join.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate(
      { code, name },
      {
        onSuccess: (response) => {
          if (response.data) onJoined({ eventId: response.data.eventId });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="edcamp-join" noValidate>
      <TextField
        label="Board code"
        hint="The eight letters and digits shown in the room."
        value={code}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
        autoComplete="off"
        autoCapitalize="characters"
        maxLength={12}
        required
        error={fieldError('code')}
      />
      <TextField
        label="Your name"
        hint="Shown beside what you propose. No account needed."
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="name"
        maxLength={60}
        required
        error={fieldError('name')}
      />
      {join.error && !fieldError('code') && !fieldError('name') && <ErrorMessage error={join.error} />}
      <FormActions label="Join the board" pendingLabel="Joining…" pending={join.isPending} />
    </form>
  );
}
