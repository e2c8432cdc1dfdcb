import type { PlanVersionResponse } from '#shared/contracts/inquiry-plan.ts';
import type { CaseStudent } from '#shared/contracts/inquiry-plan.ts';
import { PLAN_COLUMN_LABELS, PLAN_COLUMNS } from '#shared/lesson-plan.ts';

type Content = PlanVersionResponse['data']['content'];

/**
 * The plan as observers carry it on the day: the lesson, its four columns as a table, the case
 * students by pseudonym, and room to write. On screen it is the read-only plan; printed, it is all
 * that prints (plan.css).
 */
export function PrintablePlan(props: { content: Content; version: number; caseStudents: CaseStudent[] }) {
  const { content, version, caseStudents } = props;
  const rows = content.rows.filter((r) => !r.removed);
  return (
    <article className="plan-print" aria-label="Printable plan for observers">
      <h3>{content.title || 'Research lesson'}</h3>
      <p className="plan-print__meta">Plan version {version}</p>
      {content.goals && (
        <>
          <h4>Goals of the lesson</h4>
          <p className="plan-print__text">{content.goals}</p>
        </>
      )}
      <div className="table-wrap">
        <table>
          <caption>The research-lesson plan</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              {PLAN_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {PLAN_COLUMN_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.id}>
                <th scope="row">{i + 1}</th>
                {PLAN_COLUMNS.map((c) => (
                  <td key={c} className="plan-print__text">
                    {row.cells[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {caseStudents.length > 0 && (
        <>
          <h4>Case students (pseudonyms)</h4>
          <ul>
            {caseStudents.map((s) => (
              <li key={s.id}>
                <strong>{s.pseudonym}</strong>
                {s.watchFor ? `: ${s.watchFor}` : ''}
                <span className="plan-print__lines" aria-hidden="true" />
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
