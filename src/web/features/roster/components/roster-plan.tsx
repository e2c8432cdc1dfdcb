import { useState } from 'react';
import { EmptyState } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import type {
  RosterCounts,
  RosterPlan,
  RosterRejectedRow,
  RosterSchoolPlan,
  RosterUserPlan,
} from '#shared/contracts/roster.ts';

const ROLE_LABELS: Record<string, string> = {
  teacher: 'Teacher',
  coach: 'Coach',
  principal: 'Principal',
  district_admin: 'District admin',
  network_admin: 'Network admin',
  assessor: 'Assessor',
  platform_admin: 'Platform admin',
};
const ACTION_LABELS: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  deactivate: 'Deactivate',
  skip: 'Skip',
};
const CHANGE_LABELS: Record<string, string> = {
  name: 'name',
  email: 'email',
  role: 'role',
  school: 'school',
  sourcedId: 'link to roster id',
  status: 'status',
};
const PAGE = 100;

function describeChanges(action: string, changes: string[], reason: string | null): string {
  if (reason) return reason;
  if (action === 'update') return `Changes ${changes.map((c) => CHANGE_LABELS[c] ?? c).join(', ')}.`;
  if (action === 'deactivate') return 'Marked tobedeleted or disabled in the roster.';
  return '';
}

/** The last cell of a history row: opens the import or run, named for screen readers by what and when. */
export function OpenButton({ name, onOpen }: { name: string; onOpen: () => void }) {
  return (
    <button type="button" className="button button--secondary" onClick={onOpen}>
      View<span className="visually-hidden"> {name}</span>
    </button>
  );
}

/** Shows a long list a hundred rows at a time, so a large district's plan stays quick to read. */
function useShown<T>(rows: T[]) {
  const [limit, setLimit] = useState(PAGE);
  return {
    shown: rows.slice(0, limit),
    more: rows.length > limit ? rows.length - limit : 0,
    showMore: () => setLimit((l) => l + PAGE * 5),
  };
}

function MoreButton({ more, onClick, noun }: { more: number; onClick: () => void; noun: string }) {
  if (!more) return null;
  return (
    <p>
      <button type="button" className="button button--secondary" onClick={onClick}>
        Show more {noun} ({more} not shown)
      </button>
    </p>
  );
}

/** The counts of a plan, as a list people can scan or hear. */
export function RosterCountsSummary({ counts }: { counts: RosterCounts }) {
  const { schools, users } = counts;
  return (
    <div className="grid">
      <div className="card">
        <h3>Schools</h3>
        <ul>
          <li>{schools.create} to create</li>
          <li>{schools.update} to update</li>
          <li>{schools.unchanged} unchanged</li>
          <li>{schools.skip} skipped</li>
        </ul>
      </div>
      <div className="card">
        <h3>Staff</h3>
        <ul>
          <li>{users.create} to create</li>
          <li>{users.update} to update</li>
          <li>{users.deactivate} to deactivate</li>
          <li>{users.unchanged} unchanged</li>
          <li>{users.skip} skipped</li>
        </ul>
      </div>
      <div className="card">
        <h3>Not imported</h3>
        <ul>
          <li>{counts.rejected} rejected rows</li>
          <li>{counts.studentsAndGuardiansSkipped} student and guardian rows skipped</li>
        </ul>
      </div>
    </div>
  );
}

function SchoolTable({ schools }: { schools: RosterSchoolPlan[] }) {
  const { shown, more, showMore } = useShown(schools);
  if (schools.length === 0) return <EmptyState title="No school changes." />;
  return (
    <>
      <TableWrap label="Schools to create, update or skip">
        <table>
          <caption className="visually-hidden">Schools to create, update or skip</caption>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Roster id</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.sourcedId}>
                <th scope="row">{s.name}</th>
                <td>{s.sourcedId}</td>
                <td>
                  <span className="tag">{ACTION_LABELS[s.action]}</span>
                </td>
                <td>{describeChanges(s.action, s.changes, s.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <MoreButton more={more} onClick={showMore} noun="schools" />
    </>
  );
}

/** Where a plan came from: a CSV upload (lines of files) or the REST sync (records of the source). */
type PlanSource = 'csv' | 'sync';

function StaffTable({ people, source }: { people: RosterUserPlan[]; source: PlanSource }) {
  const { shown, more, showMore } = useShown(people);
  if (people.length === 0) return <EmptyState title="No staff changes." />;
  return (
    <>
      <TableWrap label="Staff to create, update, deactivate or skip">
        <table>
          <caption className="visually-hidden">Staff to create, update, deactivate or skip</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Schools</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.sourcedId}>
                <th scope="row">{u.name}</th>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role] ?? u.role}</td>
                <td>
                  {u.schoolNames?.length
                    ? u.schoolNames.join(', ')
                    : (u.schoolName ?? <span className="muted">District</span>)}
                </td>
                <td>
                  <span className="tag">{ACTION_LABELS[u.action]}</span>
                </td>
                <td>
                  {describeChanges(u.action, u.changes, u.reason)}{' '}
                  <span className="muted">
                    {source === 'sync'
                      ? u.absent
                        ? '(no longer in the roster)'
                        : `(record ${u.row} of users)`
                      : u.absent
                        ? '(not in users.csv)'
                        : `(users.csv line ${u.row})`}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <MoreButton more={more} onClick={showMore} noun="staff" />
    </>
  );
}

function RejectedTable({ rows, source }: { rows: RosterRejectedRow[]; source: PlanSource }) {
  const { shown, more, showMore } = useShown(rows);
  if (rows.length === 0) return <EmptyState title="Every row could be read." />;
  return (
    <>
      <TableWrap label="Rejected rows and why">
        <table>
          <caption className="visually-hidden">Rejected rows and why</caption>
          <thead>
            <tr>
              <th scope="col">{source === 'sync' ? 'Collection' : 'File'}</th>
              <th scope="col">{source === 'sync' ? 'Record' : 'Line'}</th>
              <th scope="col">Roster id</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.file}-${r.row}`}>
                <td>{source === 'sync' ? r.file : `${r.file}.csv`}</td>
                <td>{r.row}</td>
                <td>{r.sourcedId ?? <span className="muted">Not shown</span>}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <MoreButton more={more} onClick={showMore} noun="rejected rows" />
    </>
  );
}

/** What an import will do (or did): counts, the schools and staff it touches, and the rows it rejected. */
export function RosterPlanView({ plan, source = 'csv' }: { plan: RosterPlan; source?: PlanSource }) {
  const schools = plan.schools.filter((s) => s.action !== 'unchanged');
  const people = plan.users.filter((u) => u.action !== 'unchanged');
  return (
    <>
      {plan.notes?.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}
      {plan.district && (
        <p>
          The roster&rsquo;s district, <strong>{plan.district.name}</strong>, stands for your district.
        </p>
      )}
      {source === 'csv' && <RosterCountsSummary counts={plan.counts} />}
      <h3>Schools</h3>
      <SchoolTable schools={schools} />
      <h3>Staff</h3>
      <StaffTable people={people} source={source} />
      <h3>{source === 'sync' ? 'Rejected records' : 'Rejected rows'}</h3>
      <RejectedTable rows={plan.rejected} source={source} />
    </>
  );
}
