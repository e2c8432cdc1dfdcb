import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { useCaseload } from '#web/features/coaching/api/coaching.ts';
import { day, phaseLabel } from '#web/features/coaching/components/labels.ts';

/** A coach's caseload: the teachers whose open cycles they are in, where each stands and what is overdue. */
export default function CoachingCaseloadPage() {
  const caseload = useCaseload();
  const rows = caseload.data?.pages.flatMap((p) => p.data) ?? [];
  const totals = caseload.data?.pages[0]?.totals;
  return (
    <section className="page">
      <p>
        <Link to="/coaching">Back to coaching</Link> · <Link to="/coaching/log">My coaching log</Link>
      </p>
      <PageHeading>My caseload</PageHeading>
      {caseload.isPending ? (
        <Loading />
      ) : caseload.error ? (
        <ErrorMessage error={caseload.error} />
      ) : rows.length === 0 ? (
        <EmptyState title="No open cycle has invited you yet.">
          When a teacher invites you into a coaching cycle, it shows here until it is completed.
        </EmptyState>
      ) : (
        <>
          {totals && (
            <p>
              {totals.teachers} {totals.teachers === 1 ? 'teacher' : 'teachers'} · {totals.openCycles} open{' '}
              {totals.openCycles === 1 ? 'cycle' : 'cycles'} ·{' '}
              {totals.overdueActions > 0 ? (
                <strong>{totals.overdueActions} overdue actions</strong>
              ) : (
                'nothing overdue'
              )}
            </p>
          )}
          <TableWrap label="Open cycles I am in">
            <table>
              <caption className="visually-hidden">Open cycles I am in</caption>
              <thead>
                <tr>
                  <th scope="col">Teacher</th>
                  <th scope="col">Cycle</th>
                  <th scope="col">Focus</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.teacher.name}
                      {c.teacher.districtName && <span className="muted"> ({c.teacher.districtName})</span>}
                    </td>
                    <td>
                      <Link to={`/coaching/${c.id}`}>{c.title}</Link>
                    </td>
                    <td>{c.focus.label}</td>
                    <td>{phaseLabel(c.phase)}</td>
                    <td>
                      {c.overdueActions > 0 ? (
                        <strong>{c.overdueActions} overdue</strong>
                      ) : c.nextDueOn ? (
                        <>next due {day(c.nextDueOn)}</>
                      ) : (
                        'none open'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <LoadMore query={caseload} noun="cycles" />
    </section>
  );
}
