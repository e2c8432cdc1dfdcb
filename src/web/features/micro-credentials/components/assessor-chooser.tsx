import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { usePeopleSearch } from '../api/search-people.ts';
import { errorAt } from './field-errors.ts';

/** An assessor as the form holds it: who, their name for showing, and whether they lead. */
export interface AssessorDraft {
  userId: string;
  name: string;
  lead: boolean;
}

/**
 * Appoints assessors: find people in the directory and add them, mark one as the lead (who settles
 * disagreements when a second assessor is required), remove them.
 */
export function AssessorChooser({
  value,
  onChange,
  error,
}: {
  value: AssessorDraft[];
  onChange: (assessors: AssessorDraft[]) => void;
  error: unknown;
}) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const results = usePeopleSearch(query);
  const chosen = new Set(value.map((a) => a.userId));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
  };
  const listError = errorAt(error, '/body/assessors');
  const people = results.data?.data ?? [];

  return (
    <fieldset className="assessor-chooser">
      <legend>Assessors</legend>
      <p className="field__hint">
        Assessors review submitted evidence. They must be active staff in the issuer’s districts; nobody
        reviews their own submission.
      </p>
      {listError && <p className="field__error">{listError}</p>}
      {value.length === 0 ? (
        <p className="muted">No assessors appointed yet.</p>
      ) : (
        <ul className="assessor-chooser__chosen">
          {value.map((assessor, i) => {
            const problem =
              errorAt(error, `/body/assessors/${i}/userId`) ?? errorAt(error, `/body/assessors/${i}/lead`);
            return (
              <li key={assessor.userId}>
                <span>{assessor.name}</span>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={assessor.lead}
                    onChange={(e) =>
                      onChange(
                        value.map((a) => ({
                          ...a,
                          lead: a.userId === assessor.userId ? e.target.checked : false,
                        })),
                      )
                    }
                  />{' '}
                  Lead assessor<span className="visually-hidden"> ({assessor.name})</span>
                </label>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange(value.filter((a) => a.userId !== assessor.userId))}
                >
                  Remove<span className="visually-hidden"> {assessor.name}</span>
                </button>
                {problem && <p className="field__error">{problem}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {/* A nested form is not allowed, so the search is a group whose Enter key searches. */}
      <search className="assessor-chooser__search" aria-label="Find assessors">
        <label htmlFor={`${id}-q`}>Find a person by name</label>
        <div className="actions">
          <input
            id={`${id}-q`}
            type="search"
            maxLength={200}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') search(e);
            }}
          />
          <button type="button" className="button button--secondary" onClick={search}>
            Find people
          </button>
        </div>
      </search>
      <div aria-live="polite">
        {results.isFetching ? (
          <p className="muted">Searching…</p>
        ) : results.isError ? (
          <ErrorMessage error={results.error} />
        ) : query && people.length === 0 ? (
          <p className="muted">Nobody matches “{query}”.</p>
        ) : people.length > 0 ? (
          <ul className="assessor-chooser__results" aria-label="People found">
            {people.map((person) => (
              <li key={person.id}>
                <span>
                  {person.name}
                  <span className="muted">
                    {' '}
                    {[person.roleTitle, person.school?.name ?? person.district?.name]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={chosen.has(person.id)}
                  onClick={() => onChange([...value, { userId: person.id, name: person.name, lead: false }])}
                >
                  {chosen.has(person.id) ? 'Added' : 'Add'}
                  <span className="visually-hidden"> {person.name} as an assessor</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}
