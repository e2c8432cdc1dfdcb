import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { useCoachingLog } from '#web/features/coaching/api/coaching.ts';
import { SESSION_LABELS, day, hours } from '#web/features/coaching/components/labels.ts';

/** A coach's log: the sessions they gave, their hours, the teachers they supported and the focus areas. */
export default function CoachingLogPage() {
  const log = useCoachingLog();
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  const totals = log.data?.pages[0]?.totals;
  return (
    <section className="page">
      <p>
        <Link to="/coaching">Back to coaching</Link> · <Link to="/coaching/caseload">My caseload</Link>
      </p>
      <PageHeading>My coaching log</PageHeading>
      {log.isPending ? (
        <Loading />
      ) : log.error ? (
        <ErrorMessage error={log.error} />
      ) : !totals || totals.sessions === 0 ? (
        <EmptyState title="No sessions yet.">
          Conferences of cycles you were invited into and observations you complete are logged here.
        </EmptyState>
      ) : (
        <>
          <p>
            {totals.sessions} {totals.sessions === 1 ? 'session' : 'sessions'} · {hours(totals.minutes)} ·{' '}
            {totals.teachers} {totals.teachers === 1 ? 'teacher' : 'teachers'} supported
          </p>
          <h2>Focus areas</h2>
          <ul className="plain-list">
            {totals.focusAreas.map((f) => (
              <li key={f.label}>
                {f.label} <span className="muted">({f.sessions})</span>
              </li>
            ))}
          </ul>
          <h2>Sessions</h2>
          <TableWrap label="Sessions, newest first">
            <table>
              <caption className="visually-hidden">Sessions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Session</th>
                  <th scope="col">Teacher</th>
                  <th scope="col">Focus</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id}>
                    <td>{day(s.on)}</td>
                    <td>
                      {SESSION_LABELS[s.kind]} · <Link to={`/coaching/${s.cycleId}`}>{s.cycleTitle}</Link>
                    </td>
                    <td>{s.teacher.name}</td>
                    <td>{s.focusLabel}</td>
                    <td>{hours(s.minutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <LoadMore query={log} noun="sessions" />
    </section>
  );
}
