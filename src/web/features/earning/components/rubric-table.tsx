import type { RubricView } from '#shared/contracts/submissions.ts';

/** The rubric as a table: criteria down, levels across, the passing level marked. */
export function RubricTable({ rubric, caption = 'Rubric' }: { rubric: RubricView; caption?: string }) {
  const passing = rubric.levels[rubric.passing.minLevel]?.name;
  return (
    <div className="rubric-table">
      <table>
        <caption>
          {caption}
          {passing && <span className="muted"> — every criterion must reach “{passing}”</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            {rubric.levels.map((level, i) => (
              <th
                scope="col"
                key={level.id}
                className={i === rubric.passing.minLevel ? 'rubric-table__passing' : ''}
              >
                {level.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rubric.criteria.map((criterion) => (
            <tr key={criterion.id}>
              <th scope="row">{criterion.name}</th>
              {criterion.descriptors.map((descriptor, i) => (
                <td key={rubric.levels[i]?.id ?? i}>{descriptor}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
