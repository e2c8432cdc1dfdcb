import { type FormEvent, useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import {
  DISTRICT_ROLES,
  type DistrictRole,
  ROLE_LABELS,
  SIGN_IN_FILTER_LABELS,
  SIGN_IN_FILTERS,
  type StaffBulkBody,
  type StaffMember,
} from '#shared/contracts/admin.ts';
import { useChangeRole } from '../api/change-role.ts';
import { useDeactivateStaff } from '../api/deactivate-staff.ts';
import { type StaffFilters, staffExportHref, useStaff } from '../api/list-staff.ts';
import { useSchools } from '../api/list-schools.ts';
import { useReactivateStaff } from '../api/reactivate-staff.ts';
import { roleLabel } from './labels.ts';
import { StaffSchools } from './staff-schools.tsx';
import { RoleOptions } from './role-options.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { BulkActions, UndoBulk } from './staff-bulk-actions.tsx';
import { WelcomePanel } from './welcome-panel.tsx';

const districtRoleOf = (member: StaffMember): DistrictRole =>
  (member.roles.find((r) => (DISTRICT_ROLES as readonly string[]).includes(r)) as DistrictRole) ?? 'teacher';

/** When someone last signed in, as the list shows it. */
function lastSignIn(member: StaffMember): string {
  if (!member.lastSignedInAt) return 'Never';
  return new Date(member.lastSignedInAt).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

const EMPTY_FILTERS: StaffFilters = { q: '', role: '', status: '', schoolId: '', signedIn: '' };

/**
 * The district's staff: search and filters (school, role, status, last sign-in) applied on the
 * server, a page at a time; people selected one by one, a page at a time or every match, for one
 * action over all of them; the filtered list as CSV; and each person's own controls.
 */
export function StaffTable() {
  const [draft, setDraft] = useState<StaffFilters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<StaffFilters>(EMPTY_FILTERS);
  const staff = useStaff(filters);
  const schools = useSchools();
  const [message, setMessageText] = useState<string | null>(null);
  const [undo, setUndo] = useState<StaffBulkBody[]>([]);
  const setMessage = (text: string, undoActions: StaffBulkBody[] = []) => {
    setMessageText(text);
    setUndo(undoActions);
  };
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);

  const apply = (next: StaffFilters) => {
    setFilters(next);
    setDraft(next);
    setSelected(new Set());
    setAllMatching(false);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...draft, q: draft.q?.trim() });
  };
  const people = staff.data?.pages.flatMap((p) => p.data) ?? [];
  const total = staff.data?.pages[0]?.total ?? 0;
  const allOnPage = people.length > 0 && people.every((p) => selected.has(p.id));
  const count = allMatching ? total : selected.size;

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
    setAllMatching(false);
  };
  const togglePage = (on: boolean) => {
    setSelected(on ? new Set(people.map((p) => p.id)) : new Set());
    setAllMatching(false);
  };

  return (
    <div>
      <WelcomePanel
        onShowNotSignedIn={() => apply({ ...EMPTY_FILTERS, status: 'active', signedIn: 'never' })}
      />
      <form onSubmit={search} className="grid" aria-label="Search staff">
        <TextField
          label="Search by name or email"
          type="search"
          value={draft.q}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
        <SelectField
          label="School"
          value={draft.schoolId}
          onChange={(e) => setDraft({ ...draft, schoolId: e.target.value })}
        >
          <option value="">Any school</option>
          {schools.data?.data.map((school) => (
            <option key={school.id} value={school.id}>
              {school.name}
            </option>
          ))}
        </SelectField>
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
        <SelectField
          label="Last sign-in"
          value={draft.signedIn}
          onChange={(e) => setDraft({ ...draft, signedIn: e.target.value as StaffFilters['signedIn'] })}
        >
          <option value="">Any time</option>
          {SIGN_IN_FILTERS.map((f) => (
            <option key={f} value={f}>
              {SIGN_IN_FILTER_LABELS[f]}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button">
            Search staff
          </button>
          <a className="button button--secondary" href={staffExportHref(filters)} download>
            Export these people as CSV
          </a>
        </div>
      </form>
      {message && (
        <Notice>
          {message} {undo.length > 0 && <UndoBulk undo={undo} onDone={(text) => setMessage(text)} />}
        </Notice>
      )}
      {count > 0 && (
        <BulkActions
          count={count}
          target={allMatching ? { matching: filters, expectedCount: total } : { ids: [...selected] }}
          onDone={(text, undoActions) => {
            setMessage(text, undoActions);
            setSelected(new Set());
            setAllMatching(false);
          }}
          onClear={() => {
            setSelected(new Set());
            setAllMatching(false);
          }}
        />
      )}
      {staff.isPending ? (
        <Loading label="Loading staff…" />
      ) : staff.isError ? (
        <ErrorMessage error={staff.error} />
      ) : people.length === 0 ? (
        <EmptyState title="No staff match">Try another name, school, role, status or sign-in.</EmptyState>
      ) : (
        <>
          <p role="status" aria-live="polite">
            {total} {total === 1 ? 'person matches' : 'people match'}
            {count > 0 && <>; {count} selected</>}.
          </p>
          {allOnPage && total > people.length && !allMatching && (
            <p>
              <button type="button" className="button button--secondary" onClick={() => setAllMatching(true)}>
                Select all {total} people matching
              </button>
            </p>
          )}
          <TableWrap label="Staff">
            <table>
              <caption className="visually-hidden">Staff of your district</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select everyone on this page"
                      checked={allOnPage}
                      onChange={(e) => togglePage(e.target.checked)}
                    />
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Schools</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {people.map((member) => (
                  <StaffRow
                    key={member.id}
                    member={member}
                    selected={allMatching || selected.has(member.id)}
                    onSelect={(on) => toggle(member.id, on)}
                    onDone={(text) => setMessage(text)}
                  />
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
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

function StaffRow({
  member,
  selected,
  onSelect,
  onDone,
}: {
  member: StaffMember;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDone: (message: string) => void;
}) {
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
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${member.name}`}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
      </td>
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
      <td>{lastSignIn(member)}</td>
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
