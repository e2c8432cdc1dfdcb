import type { RubricView } from '#shared/contracts/submissions.ts';

/**
 * The rubric as a table: criteria down, levels across, the passing level marked. It scrolls sideways
 * in a narrow column, so its frame takes the keyboard's focus for people who scroll with arrow keys.
 */
export function RubricTable({
  rubric,
  caption = 'Rubric',
  stacked = false,
}: {
  rubric: RubricView;
  caption?: string;
  /** Each criterion with its levels listed below it: every level readable in a narrow column. */
  stacked?: boolean;
}) {
  const passing = rubric.levels[rubric.passing.minLevel]?.name;
  if (stacked)
    return (
      <section className="rubric-stack" aria-label={caption}>
        <h3 className="rubric-stack__caption">
          {caption}
          {passing && <span className="muted"> — every criterion must reach “{passing}”</span>}
        </h3>
        {rubric.criteria.map((criterion) => (
          <div key={criterion.id} className="rubric-stack__criterion">
            <h4>{criterion.name}</h4>
            <dl>
              {rubric.levels.map((level, i) => (
                <div
                  key={level.id}
                  className={`rubric-stack__level${i === rubric.passing.minLevel ? ' rubric-stack__level--passing' : ''}`}
                >
                  <dt>
                    {level.name}
                    {i === rubric.passing.minLevel && <span className="muted"> (passing)</span>}
                  </dt>
                  <dd>{criterion.descriptors[i] ?? ''}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>
    );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard.
    <section className="rubric-table" tabIndex={0} aria-label={caption}>
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
    </section>
  );
}
