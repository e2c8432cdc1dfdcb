import { useId, useState } from 'react';
import { usePeopleChoices } from '../api/search-choices.ts';

export interface Teammate {
  id: string;
  name: string;
}

/** Finds colleagues by name and adds them to the team, up to `max` besides oneself. */
export function TeammateChooser({
  value,
  onChange,
  max,
  selfId,
}: {
  value: Teammate[];
  onChange: (teammates: Teammate[]) => void;
  max: number;
  selfId: string | undefined;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const results = usePeopleChoices(q);
  const choices = (results.data?.data ?? []).filter(
    (p) => p.id !== selfId && !value.some((t) => t.id === p.id),
  );
  const full = value.length >= max;
  return (
    <fieldset className="teammate-chooser">
      <legend>Teammates (optional, up to {max})</legend>
      {value.length > 0 && (
        <ul className="teammate-chooser__chosen">
          {value.map((t) => (
            <li key={t.id}>
              {t.name}{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange(value.filter((v) => v.id !== t.id))}
              >
                Remove {t.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!full && (
        <>
          <label htmlFor={`${id}-q`}>Find a colleague by name</label>
          <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          <p role="status" className="muted">
            {q.trim().length > 1 && !results.isPending
              ? `${choices.length} ${choices.length === 1 ? 'person' : 'people'} found`
              : ''}
          </p>
          {choices.length > 0 && (
            <ul className="teammate-chooser__results">
              {choices.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => {
                      onChange([...value, { id: p.id, name: p.name }]);
                      setQ('');
                    }}
                  >
                    Add {p.name}
                    {p.school ? ` (${p.school.name})` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}
