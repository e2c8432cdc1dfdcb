import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { StaffMember } from '#shared/contracts/admin.ts';
import { CheckboxList } from '#web/components/field.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { useAssignSchools } from '../api/assign-schools.ts';
import { useSchools } from '../api/list-schools.ts';

/** Keeps the schools already held first, in their order (the first is the main school), then adds new ones. */
export function orderSchoolIds(current: string[], chosen: Set<string>, listed: string[]): string[] {
  return [
    ...current.filter((id) => chosen.has(id)),
    ...listed.filter((id) => chosen.has(id) && !current.includes(id)),
  ];
}

/**
 * A staff member's schools in the people table, and the form a district admin assigns them with.
 * Itinerant staff belong to several; rostered people's schools come from the roster, which says so.
 */
export function StaffSchools({ member, onDone }: { member: StaffMember; onDone: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const current = member.schools.map((s) => s.id);
  const [chosen, setChosen] = useState<Set<string>>(new Set(current));
  const schools = useSchools();
  const assign = useAssignSchools();
  const formId = useId();
  const firstBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) firstBox.current?.focus();
  }, [editing]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const listed = schools.data?.data.map((s) => s.id) ?? [];
    const schoolIds = orderSchoolIds(current, chosen, listed);
    assign.mutate(
      { id: member.id, schoolIds },
      {
        onSuccess: ({ data }) => {
          setEditing(false);
          onDone(
            data.schools.length
              ? `${member.name} belongs to ${data.schools.map((s) => s.name).join(', ')}.`
              : `${member.name} belongs to no school.`,
          );
        },
      },
    );
  };

  return (
    <div className="staff-schools">
      {member.schools.length ? (
        <ul className="bare-list">
          {member.schools.map((s, i) => (
            <li key={s.id}>
              {s.name}
              {i === 0 && member.schools.length > 1 && <span className="muted"> (main)</span>}
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">None</span>
      )}
      {member.rostered && (
        <p className="field__hint">From the roster: the next import replaces changes made here.</p>
      )}
      {!editing ? (
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={false}
          aria-controls={formId}
          onClick={() => {
            setChosen(new Set(current));
            assign.reset();
            setEditing(true);
          }}
        >
          Edit schools<span className="visually-hidden"> of {member.name}</span>
        </button>
      ) : (
        <form id={formId} onSubmit={save} noValidate>
          <ErrorMessage error={assign.error ?? schools.error} />
          <fieldset>
            <legend>Schools of {member.name}</legend>
            <p className="field__hint">The first school kept is the main one shown on their profile.</p>
            <CheckboxList
              options={schools.data?.data ?? []}
              chosen={chosen}
              onChange={setChosen}
              firstRef={firstBox}
            />
          </fieldset>
          <div className="actions">
            <button type="submit" className="button" disabled={assign.isPending || schools.isPending}>
              Save schools<span className="visually-hidden"> of {member.name}</span>
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditing(false)}>
              Cancel<span className="visually-hidden"> editing the schools of {member.name}</span>
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
