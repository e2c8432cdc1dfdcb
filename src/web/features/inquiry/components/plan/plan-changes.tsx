import type { TextPart } from '#shared/contracts/resources.ts';
import { PLAN_COLUMN_LABELS, PLAN_COLUMNS } from '#shared/lesson-plan.ts';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { usePlanChanges } from '../../api/plan.ts';

/** Word changes, the added marked <ins> and the removed <del>, so a screen reader says which. */
function Parts({ parts }: { parts: TextPart[] }) {
  return (
    <p className="plan-print__text">
      {parts.map((part, i) =>
        part.kind === 'added' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <ins key={i} className="plan-changes__added">
            {part.text}
          </ins>
        ) : part.kind === 'removed' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <del key={i} className="plan-changes__removed">
            {part.text}
          </del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

const CHANGE_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed', same: 'Unchanged' } as const;

/** What the revised plan changed against the first, part by part. */
export function PlanChanges(props: { cycleId: string; version: number }) {
  const changes = usePlanChanges(props.cycleId, props.version);
  if (changes.isPending) return <Loading label="Comparing the plans…" />;
  if (changes.error) return <ErrorMessage error={changes.error} />;
  const { rows, title, goals, from, to } = changes.data.data;
  const differing = rows.filter((r) => r.change !== 'same');
  return (
    <section className="plan-changes" aria-labelledby="plan-changes-heading">
      <h3 id="plan-changes-heading">
        Changes from version {from} to version {to}
      </h3>
      {differing.length === 0 && !title && !goals && <p>The revision has not changed anything yet.</p>}
      {title && (
        <>
          <h4>Research lesson</h4>
          <Parts parts={title} />
        </>
      )}
      {goals && (
        <>
          <h4>Goals of the lesson</h4>
          <Parts parts={goals} />
        </>
      )}
      {differing.map((row) => (
        <div key={row.id} className="plan-changes__row">
          <h4>
            {CHANGE_WORDS[row.change]} part:{' '}
            {row.text.activities.split('\n')[0].slice(0, 80) || 'an empty part'}
          </h4>
          <dl>
            {PLAN_COLUMNS.map((column) => {
              const parts = row.cells[column];
              if (row.change === 'changed' && !parts) return null;
              if (row.change !== 'changed' && !row.text[column]) return null;
              return (
                <div key={column}>
                  <dt>{PLAN_COLUMN_LABELS[column]}</dt>
                  <dd>
                    {parts ? (
                      <Parts parts={parts} />
                    ) : row.change === 'removed' ? (
                      <del className="plan-changes__removed plan-print__text">{row.text[column]}</del>
                    ) : (
                      <ins className="plan-changes__added plan-print__text">{row.text[column]}</ins>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </section>
  );
}
