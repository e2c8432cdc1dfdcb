import { useState } from 'react';
import type { FocusInput } from '#shared/contracts/coaching.ts';
import { useCompetencySearch, useRubrics } from '../api/coaching.ts';

type Kind = FocusInput['kind'];

/**
 * The cycle's focus, the teacher's choice: their own words, a competency of a framework, or a row of
 * their district's rubric. Reports the focus (or null while incomplete) as it changes.
 */
export function FocusPicker({
  onChange,
  error,
}: {
  onChange: (focus: FocusInput | null) => void;
  error?: string;
}) {
  const [kind, setKind] = useState<Kind>('text');
  const [q, setQ] = useState('');
  const rubrics = useRubrics();
  const competencies = useCompetencySearch(kind === 'competency' ? q : '');
  const rows = (rubrics.data ?? []).flatMap((r) => r.rows.map((row) => ({ ...row, rubric: r.title })));
  const choose = (next: Kind) => {
    setKind(next);
    onChange(null);
  };
  return (
    <fieldset>
      <legend>Focus</legend>
      {(
        [
          ['text', 'In my own words'],
          ['competency', 'A competency of a framework'],
          ['rubric_row', "A row of my district's rubric"],
        ] as const
      ).map(([value, label]) => (
        <label key={value} className="checkbox">
          <input
            type="radio"
            name="focusKind"
            value={value}
            checked={kind === value}
            onChange={() => choose(value)}
          />
          {label}
        </label>
      ))}
      {kind === 'text' && (
        <>
          <label htmlFor="focus-text">What you want feedback on</label>
          <input
            id="focus-text"
            maxLength={200}
            placeholder="Student discourse"
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange(e.target.value.trim() ? { kind: 'text', text: e.target.value } : null)}
          />
        </>
      )}
      {kind === 'competency' && (
        <>
          <label htmlFor="focus-competency-search">Find a competency by code or words</label>
          <input
            id="focus-competency-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <label htmlFor="focus-competency">Competency</label>
          <select
            id="focus-competency"
            defaultValue=""
            onChange={(e) =>
              onChange(e.target.value ? { kind: 'competency', competencyId: e.target.value } : null)
            }
          >
            <option value="">Choose…</option>
            {(competencies.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} {c.statement} ({c.framework.title})
              </option>
            ))}
          </select>
        </>
      )}
      {kind === 'rubric_row' &&
        (rows.length ? (
          <>
            <label htmlFor="focus-row">Rubric row</label>
            <select
              id="focus-row"
              defaultValue=""
              onChange={(e) =>
                onChange(e.target.value ? { kind: 'rubric_row', rubricRowId: e.target.value } : null)
              }
            >
              <option value="">Choose…</option>
              {rows.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.rubric}: {r.domain}: {r.code} {r.title}
                </option>
              ))}
            </select>
          </>
        ) : (
          <p className="muted">Your district has defined no coaching rubric yet.</p>
        ))}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
