import { useEffect, useId, useRef, useState } from 'react';
import type { CompetencyChoice } from '#shared/contracts/frameworks.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { useCompetencies, useCompetencySearch } from '../api/search-competencies.ts';

/** Waits this long after the last keystroke before searching. */
const SEARCH_DELAY_MS = 250;

/** The words typed, settled: changes only once typing pauses. */
function useSettled(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** A competency named by its code (when it has one) and its statement. */
const competencyName = (c: Pick<CompetencyChoice, 'code' | 'statement'>) =>
  c.code ? `${c.code} ${c.statement}` : c.statement;

/**
 * Chooses competencies (from frameworks the person may see) to align something to: a search box
 * whose results are checkboxes, and the chosen ones as removable chips showing their codes.
 */
export function CompetencyPicker({
  value,
  onChange,
  label,
}: {
  /** Ids of the chosen competencies. */
  value: string[];
  onChange: (ids: string[]) => void;
  label?: string;
}) {
  const id = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim(), SEARCH_DELAY_MS);
  const results = useCompetencySearch(q);
  const chosenLookup = useCompetencies(value);
  // Everything seen so far, so a chip shows its code the moment its box is ticked.
  const [known, setKnown] = useState<Record<string, CompetencyChoice>>({});
  useEffect(() => {
    const seen = [...(results.data ?? []), ...(chosenLookup.data ?? [])];
    if (!seen.length) return;
    setKnown((before) => {
      const next = { ...before };
      for (const c of seen) next[c.id] = c;
      return next;
    });
  }, [results.data, chosenLookup.data]);

  const chosen = new Set(value);
  const toggle = (competencyId: string, checked: boolean) =>
    onChange(checked ? [...value, competencyId] : value.filter((v) => v !== competencyId));
  const remove = (competencyId: string) => {
    onChange(value.filter((v) => v !== competencyId));
    // The chip and its button are gone: give the keyboard's focus somewhere sensible.
    searchRef.current?.focus();
  };
  const found = results.data ?? [];

  return (
    <fieldset className="competency-picker">
      <legend>{label ?? 'Competencies'}</legend>
      <h3 className="competency-picker__heading" id={`${id}-chosen`}>
        Chosen ({value.length})
      </h3>
      {value.length === 0 ? (
        <p className="muted">None chosen yet.</p>
      ) : (
        <ul className="competency-picker__chosen" aria-labelledby={`${id}-chosen`}>
          {value.map((competencyId) => {
            const c = known[competencyId];
            const name = c
              ? competencyName(c)
              : chosenLookup.isPending
                ? 'Loading a chosen competency…'
                : 'A competency you may no longer see';
            return (
              <li key={competencyId} className="competency-chip">
                {c?.code && <span className="competency-code">{c.code}</span>}
                <span className="competency-chip__statement">{c ? c.statement : name}</span>
                <button
                  type="button"
                  className="competency-chip__remove"
                  aria-label={`Remove ${name}`}
                  onClick={() => remove(competencyId)}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-search`}>Find competencies by code or words</label>
        <input
          ref={searchRef}
          id={`${id}-search`}
          type="search"
          maxLength={200}
          value={typed}
          aria-controls={`${id}-results`}
          aria-describedby={`${id}-status`}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            // Enter would submit the surrounding form; here it only means "search now".
            if (event.key === 'Enter') event.preventDefault();
          }}
        />
      </div>
      <p id={`${id}-status`} className="muted" role="status" aria-live="polite">
        {results.isPending || results.isFetching
          ? 'Searching…'
          : results.isError
            ? 'The search failed.'
            : found.length === 0
              ? q
                ? `No competency matches “${q}”.`
                : 'No competencies to choose from yet.'
              : `${found.length} ${found.length === 1 ? 'competency' : 'competencies'} shown${
                  found.length >= 20 ? '; type more to narrow them' : ''
                }.`}
      </p>
      {results.isError && <ErrorMessage error={results.error} />}
      <ul id={`${id}-results`} className="competency-picker__results">
        {found.map((c) => (
          <li key={c.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(c.id)}
                onChange={(event) => toggle(c.id, event.target.checked)}
              />{' '}
              {c.code && <span className="competency-code">{c.code}</span>} {c.statement}{' '}
              <span className="muted">({c.framework.title})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
