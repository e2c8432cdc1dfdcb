import { useState } from 'react';
import { usePeopleSearch } from '../api/coaching.ts';

export interface Invitee {
  userId: string;
  name: string;
  role: 'coach' | 'peer';
}

/** Finds colleagues anywhere in the teacher's network by name and adds each as a coach or a peer. */
export function InviteePicker({
  chosen,
  onChange,
  exclude = [],
  error,
}: {
  chosen: Invitee[];
  onChange: (next: Invitee[]) => void;
  exclude?: string[];
  error?: string;
}) {
  const [q, setQ] = useState('');
  const people = usePeopleSearch(q);
  const taken = new Set([...exclude, ...chosen.map((c) => c.userId)]);
  const found = (people.data ?? []).filter((p) => !taken.has(p.id)).slice(0, 8);
  return (
    <fieldset>
      <legend>Invite a coach or peers</legend>
      <p className="field__hint" id="invitee-hint">
        Anyone in your district or a district of your network. Only the people you invite see the cycle.
      </p>
      <label htmlFor="invitee-search">Name</label>
      <input
        id="invitee-search"
        type="search"
        value={q}
        aria-describedby="invitee-hint"
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
      />
      {q.trim().length >= 2 && (
        <ul className="plain-list" aria-label="People found">
          {found.length === 0 && !people.isPending && <li className="muted">No one found by that name.</li>}
          {found.map((p) => (
            <li key={p.id}>
              {p.name} <span className="muted">{p.school?.name ?? p.district?.name}</span>{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange([...chosen, { userId: p.id, name: p.name, role: 'coach' }])}
              >
                Add {p.name} as coach
              </button>{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange([...chosen, { userId: p.id, name: p.name, role: 'peer' }])}
              >
                Add {p.name} as peer
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.length > 0 && (
        <ul className="plain-list" aria-label="Invited">
          {chosen.map((c) => (
            <li key={c.userId}>
              {c.name} ({c.role}){' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange(chosen.filter((x) => x.userId !== c.userId))}
              >
                Remove {c.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
