import { type FormEvent, useState } from 'react';
import type { DriverNode } from '#shared/contracts/improvement.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useSetDrivers } from '../api/improvement.ts';

interface Line {
  key: string;
  id?: string;
  text: string;
  children: Line[];
}

let counter = 0;
const newKey = () => `new-${++counter}`;
const toLines = (nodes: DriverNode[]): Line[] =>
  nodes.map((n) => ({ key: n.id, id: n.id, text: n.text, children: toLines(n.children) }));
interface LineBody {
  id?: string;
  text: string;
  children?: LineBody[];
}
/** The outline as the server takes it: change ideas, the last level, carry no children. */
const toBody = (lines: Line[], depth = 0): LineBody[] =>
  lines.map((l) => ({
    ...(l.id ? { id: l.id } : {}),
    text: l.text,
    ...(depth < 2 ? { children: toBody(l.children, depth + 1) } : {}),
  }));

const LEVELS = ['Primary driver', 'Secondary driver', 'Change idea'] as const;
const CHILD = ['Add a secondary driver', 'Add a change idea'] as const;

/** Replaces the line at `path` (indexes from the top) with what `change` makes of its siblings. */
function update(lines: Line[], path: number[], change: (siblings: Line[], index: number) => Line[]): Line[] {
  const [head, ...rest] = path;
  if (rest.length === 0) return change(lines, head);
  return lines.map((l, i) => (i === head ? { ...l, children: update(l.children, rest, change) } : l));
}

/**
 * The driver diagram written as an outline: primary drivers, under each its secondary drivers, under
 * each its change ideas. Every line is a labelled field; adding, moving and removing are buttons.
 */
export function OutlineEditor({
  communityId,
  drivers,
  onDone,
}: {
  communityId: string;
  drivers: DriverNode[];
  onDone: () => void;
}) {
  const [lines, setLines] = useState<Line[]>(() => toLines(drivers));
  const save = useSetDrivers(communityId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ drivers: toBody(lines) as never }, { onSuccess: onDone });
  };

  const render = (items: Line[], path: number[]) => (
    <ol className="outline-editor__list">
      {items.map((line, i) => {
        const here = [...path, i];
        const depth = path.length;
        const label = `${LEVELS[depth]} ${here.map((n) => n + 1).join('.')}`;
        return (
          <li key={line.key}>
            <div className="outline-editor__line">
              <label className="visually-hidden" htmlFor={`line-${line.key}`}>
                {label}
              </label>
              <span className="outline-editor__kind" aria-hidden="true">
                {label}
              </span>
              <input
                id={`line-${line.key}`}
                value={line.text}
                maxLength={300}
                required
                onChange={(e) =>
                  setLines((all) =>
                    update(all, here, (s, k) =>
                      s.map((x, j) => (j === k ? { ...x, text: e.target.value } : x)),
                    ),
                  )
                }
              />
              {i > 0 && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`Move ${label} up`}
                  onClick={() =>
                    setLines((all) =>
                      update(all, here, (s, k) => {
                        const next = [...s];
                        [next[k - 1], next[k]] = [next[k], next[k - 1]];
                        return next;
                      }),
                    )
                  }
                >
                  Up
                </button>
              )}
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={`Remove ${label}`}
                onClick={() => setLines((all) => update(all, here, (s, k) => s.filter((_, j) => j !== k)))}
              >
                Remove
              </button>
            </div>
            {line.children.length > 0 && render(line.children, here)}
            {depth < 2 && (
              <button
                type="button"
                className="button button--secondary button--small outline-editor__add"
                aria-label={`${CHILD[depth]} under ${label}`}
                onClick={() =>
                  setLines((all) =>
                    update(all, here, (s, k) =>
                      s.map((x, j) =>
                        j === k
                          ? { ...x, children: [...x.children, { key: newKey(), text: '', children: [] }] }
                          : x,
                      ),
                    ),
                  )
                }
              >
                {CHILD[depth]}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );

  return (
    <form className="outline-editor" onSubmit={submit} aria-label="Edit the driver diagram">
      <ErrorMessage error={save.error} />
      {lines.length ? (
        render(lines, [])
      ) : (
        <p className="muted">No drivers yet: add the first primary driver.</p>
      )}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => setLines((all) => [...all, { key: newKey(), text: '', children: [] }])}
      >
        Add a primary driver
      </button>
      <FormActions label="Save the driver diagram" pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
