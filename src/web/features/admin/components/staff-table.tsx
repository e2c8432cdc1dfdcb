import { type FormEvent, useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { DISTRICT_ROLES, type DistrictRole, ROLE_LABELS, type StaffMember } from '#shared/contracts/admin.ts';
import { useChangeRole } from '../api/change-role.ts';
import { useDeactivateStaff } from '../api/deactivate-staff.ts';
import { type StaffFilters, useStaff } from '../api/list-staff.ts';
import { useReactivateStaff } from '../api/reactivate-staff.ts';
import { roleLabel } from './labels.ts';
import { StaffSchools } from './staff-schools.tsx';
import { RoleOptions } from './role-options.tsx';
import { TableWrap } from './table-wrap.tsx';

const districtRoleOf = (member: StaffMember): DistrictRole =>
  (member.roles.find((r) => (DISTRICT_ROLES as readonly string[]).includes(r)) as DistrictRole) ?? 'teacher';

/** The district's staff: search, filters, role changes, deactivation, and a button to load more. */
export function StaffTable() {
  const [draft, setDraft] = useState<StaffFilters>({ q: '', role: '', status: '' });
  const [filters, setFilters] = useState<StaffFilters>(draft);
  const staff = useStaff(filters);
  const [message, setMessage] = useState<string | null>(null);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft, q: draft.q?.trim() });
  };
  const people = staff.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div>
      <form onSubmit={search} className="grid" aria-label="Search staff">
        <TextField
          label="Search by name or email"
          type="search"
          value={draft.q}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
        <SelectField
          label="Role"
          value={draft.role}
          onChange={(e) => setDraft({ ...draft, role: e.target.value as StaffFilters['role'] })}
        >
          <option value="">Any role</option>
          <RoleOptions />
        </SelectField>
        <SelectField
          label="Status"
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value as StaffFilters['status'] })}
        >
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
        </SelectField>
        <div className="actions">
          <button type="submit" className="button">
            Search staff
          </button>
        </div>
      </form>
      {message && <Notice>{message}</Notice>}
      {staff.isPending ? (
        <Loading label="Loading staff…" />
      ) : staff.isError ? (
        <ErrorMessage error={staff.error} />
      ) : people.length === 0 ? (
        <EmptyState title="No staff match">Try another name, role or status.</EmptyState>
      ) : (
        <TableWrap label="Staff">
          <table>
            <caption className="visually-hidden">Staff of your district</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Schools</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {people.map((member) => (
                <StaffRow key={member.id} member={member} onDone={setMessage} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {staff.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => staff.fetchNextPage()}
            disabled={staff.isFetchingNextPage}
          >
            {staff.isFetchingNextPage ? 'Loading…' : 'Load more staff'}
          </button>
        </p>
      )}
    </div>
  );
}

function StaffRow({ member, onDone }: { member: StaffMember; onDone: (message: string) => void }) {
  const current = districtRoleOf(member);
  const [role, setRole] = useState<DistrictRole>(current);
  const [confirming, setConfirming] = useState(false);
  const changeRole = useChangeRole();
  const deactivate = useDeactivateStaff();
  const deactivation = useConfirmStep();
  const reactivate = useReactivateStaff();
  const error = changeRole.error ?? deactivate.error ?? reactivate.error;

  const confirmChange = () =>
    changeRole.mutate(
      { id: member.id, role },
      {
        onSuccess: () => {
          setConfirming(false);
          onDone(`${member.name} is now ${ROLE_LABELS[role].toLowerCase()}.`);
        },
      },
    );

  return (
    <tr>
      <th scope="row">{member.name}</th>
      <td>{member.email}</td>
      <td>
        {member.roles.map((r) => (
          <span key={r} className="tag">
            {roleLabel(r)}
          </span>
        ))}
      </td>
      <td>
        <StaffSchools member={member} onDone={onDone} />
      </td>
      <td>{member.status === 'active' ? 'Active' : 'Deactivated'}</td>
      <td>
        <ErrorMessage error={error} />
        {member.abilities.changeRole && (
          <div className="actions">
            <label className="visually-hidden" htmlFor={`role-${member.id}`}>
              New role for {member.name}
            </label>
            <select
              id={`role-${member.id}`}
              value={role}
              onChange={(e) => {
                setRole(e.target.value as DistrictRole);
                setConfirming(false);
              }}
            >
              <RoleOptions />
            </select>
            {!confirming ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={role === current}
                onClick={() => setConfirming(true)}
              >
                Change role<span className="visually-hidden"> of {member.name}</span>
              </button>
            ) : (
              <>
                <span role="status">
                  Make {member.name} {ROLE_LABELS[role].toLowerCase()}? They will be signed out.
                </span>
                <button
                  type="button"
                  className="button"
                  onClick={confirmChange}
                  disabled={changeRole.isPending}
                >
                  Confirm role change
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setConfirming(false)}
                >
                  Cancel
                </button>
              </>
            )}
          </div>
        )}
        <div className="actions">
          {member.abilities.deactivate && !deactivation.open && (
            <button
              ref={deactivation.opener}
              type="button"
              className="button button--danger"
              onClick={deactivation.start}
            >
              Deactivate<span className="visually-hidden"> {member.name}</span>
            </button>
          )}
          {member.abilities.reactivate && (
            <button
              type="button"
              className="button button--secondary"
              disabled={reactivate.isPending}
              onClick={() =>
                reactivate.mutate(member.id, {
                  onSuccess: () => onDone(`${member.name} can sign in again.`),
                })
              }
            >
              Reactivate<span className="visually-hidden"> {member.name}</span>
            </button>
          )}
        </div>
        {member.abilities.deactivate && deactivation.open && (
          <ConfirmStep
            prompt={`Deactivate ${member.name}? They are signed out everywhere and cannot sign in until reactivated.`}
            confirmLabel={`Deactivate ${member.name}`}
            pending={deactivate.isPending}
            onConfirm={() =>
              deactivate.mutate(member.id, {
                onSuccess: () => {
                  deactivation.close();
                  onDone(`${member.name} is deactivated and signed out.`);
                },
              })
            }
            onCancel={deactivation.close}
          />
        )}
      </td>
    </tr>
  );
}
