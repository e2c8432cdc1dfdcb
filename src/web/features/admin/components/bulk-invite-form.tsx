import { type FormEvent, useState } from 'react';
import { SelectField, TextArea } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { BULK_INVITE_MAX, type BulkInvitationStatus, type DistrictRole } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useBulkInvite } from '../api/bulk-invite.ts';
import { RoleOptions } from './role-options.tsx';
import { SchoolSelect } from './school-select.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';

const STATUS_LABELS: Record<BulkInvitationStatus, string> = {
  invited: 'Invited',
  already_member: 'Already a member',
  already_invited: 'Already invited',
  invalid: 'Invalid',
};

/** Invites many people at once: one address (or "email, name") per line, one role for all. */
export function BulkInviteForm() {
  const bulk = useBulkInvite();
  const [text, setText] = useState('');
  const [role, setRole] = useState<DistrictRole>('teacher');
  const [schoolId, setSchoolId] = useState('');
  const rows = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const tooMany = rows.length > BULK_INVITE_MAX;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rows.length === 0 || tooMany) return;
    bulk.mutate({ rows, role, schoolId: schoolId || null });
  };
  const result = bulk.data?.data;
  const rowsError =
    (tooMany ? `At most ${BULK_INVITE_MAX} lines at a time; you have ${rows.length}.` : undefined) ??
    (bulk.error instanceof ApiError ? bulk.error.fieldError('rows') : undefined);

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-many-heading">
      <h2 id="invite-many-heading">Invite many at once</h2>
      <ErrorMessage error={bulk.error} />
      <TextArea
        label="Addresses"
        hint={`One per line: an email, "email, name" or Name <email>, as a spreadsheet or mail program writes them. Up to ${BULK_INVITE_MAX} lines.`}
        rows={8}
        value={text}
        error={rowsError}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="grid">
        <SelectField
          label="Role for everyone"
          value={role}
          onChange={(e) => setRole(e.target.value as DistrictRole)}
        >
          <RoleOptions />
        </SelectField>
        <SchoolSelect value={schoolId} onChange={setSchoolId} />
      </div>
      <button type="submit" className="button" disabled={bulk.isPending || rows.length === 0 || tooMany}>
        {bulk.isPending ? 'Sending…' : 'Invite everyone listed'}
      </button>
      {result && (
        <div>
          <Notice>
            <p>
              {result.counts.invited} invited, {result.counts.already_member} already members,{' '}
              {result.counts.already_invited} already invited, {result.counts.invalid} invalid.
            </p>
          </Notice>
          <TableWrap label="Invitation results">
            <table>
              <caption className="visually-hidden">Result for each line</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Email</th>
                  <th scope="col">Result</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {result.results.map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.email}</td>
                    <td>{STATUS_LABELS[r.status]}</td>
                    <td>{r.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
    </form>
  );
}
