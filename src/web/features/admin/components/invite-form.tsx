import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import type { DistrictRole } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useCreateInvitation } from '../api/create-invitation.ts';
import { RoleOptions } from './role-options.tsx';
import { SchoolSelect } from './school-select.tsx';

/** Invites one person by email. */
export function InviteForm() {
  const invite = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<DistrictRole>('teacher');
  const [schoolId, setSchoolId] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const fieldError = (field: string) =>
    invite.error instanceof ApiError ? invite.error.fieldError(field) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    invite.mutate(
      { email, name: name.trim() || undefined, role, schoolId: schoolId || null },
      {
        onSuccess: ({ data }) => {
          setSent(`Invitation sent to ${data.email}.`);
          setEmail('');
          setName('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-one-heading">
      <h2 id="invite-one-heading">Invite staff</h2>
      {sent && <Notice>{sent}</Notice>}
      <ErrorMessage error={invite.error} />
      <div className="grid">
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          value={email}
          error={fieldError('email')}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Name (optional)"
          maxLength={120}
          value={name}
          error={fieldError('name')}
          onChange={(e) => setName(e.target.value)}
        />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as DistrictRole)}>
          <RoleOptions />
        </SelectField>
        <SchoolSelect value={schoolId} onChange={setSchoolId} error={fieldError('schoolId')} />
      </div>
      <button type="submit" className="button" disabled={invite.isPending}>
        {invite.isPending ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}
