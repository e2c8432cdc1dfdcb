import type { Rubric } from '#shared/rubric.ts';

/**
 * A rubric as a table: a row per criterion, a column per level with what that level looks like, and
 * the passing level marked in its heading. Earners read it while drafting; reviewers score by it.
 */
export function RubricTable({ rubric, caption = 'Rubric' }: { rubric: Rubric; caption?: string }) {
  const passing = rubric.levels[rubric.passing.minLevel];
  return (
    <div className="table-wrap">
      <table className="rubric-table">
        <caption>
          {caption}
          {passing && (
            <span className="muted"> · Earning it needs every criterion at “{passing.name}” or above.</span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            {rubric.levels.map((level, i) => (
              <th
                key={level.id}
                scope="col"
                className={i === rubric.passing.minLevel ? 'rubric-table__passing' : undefined}
              >
                {level.name}
                {i === rubric.passing.minLevel && <span className="rubric-table__note"> (passing)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rubric.criteria.map((criterion) => (
            <tr key={criterion.id}>
              <th scope="row">{criterion.name}</th>
              {rubric.levels.map((level, i) => (
                <td key={level.id}>{criterion.descriptors[i] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
