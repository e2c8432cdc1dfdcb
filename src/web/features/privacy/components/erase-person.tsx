import { type FormEvent, useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import type { StaffMember } from '#shared/contracts/admin.ts';
import { useDepartedStaff } from '../api/departed-staff.ts';
import { useErasePerson } from '../api/erase-person.ts';

/**
 * Erasing people who have left the district: their deactivated accounts by name, each with an
 * "Erase" step that asks for their email address typed out, since nothing brings them back.
 */
export function ErasePeople() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const departed = useDepartedStaff(q);
  const [erased, setErased] = useState<string | null>(null);
  const people = departed.data?.pages.flatMap((p) => p.data) ?? [];

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };

  return (
    <div>
      <p className="muted">
        Only deactivated accounts are listed: deactivate someone on the People page first. Erasing deletes
        their account, profile, sign-ins, settings, notifications, memberships and the work that was theirs
        alone; what they wrote or shared with others stays, shown as by “Former member”, and the activity
        stream keeps no trace of who they were. On a large network it takes up to a minute.{' '}
        <strong>Erasing cannot be undone.</strong>
      </p>
      <form onSubmit={search} className="grid" aria-label="Search deactivated accounts">
        <TextField
          label="Search deactivated accounts by name or email"
          type="search"
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="actions">
          <button type="submit" className="button">
            Search
          </button>
        </div>
      </form>
      {erased && (
        <Notice>
          <p>{erased} was erased.</p>
        </Notice>
      )}
      {departed.isPending ? (
        <Loading label="Loading deactivated accounts…" />
      ) : departed.isError ? (
        <ErrorMessage error={departed.error} />
      ) : people.length === 0 ? (
        <EmptyState title="No deactivated accounts">
          {q ? 'No deactivated account matches; try another name.' : 'No one in your district has left.'}
        </EmptyState>
      ) : (
        <ul className="bare-list" aria-label="Deactivated accounts">
          {people.map((person) => (
            <DepartedPerson key={person.id} person={person} onErased={() => setErased(person.name)} />
          ))}
        </ul>
      )}
      <LoadMore query={departed} noun="deactivated accounts" />
    </div>
  );
}

function DepartedPerson({ person, onErased }: { person: StaffMember; onErased: () => void }) {
  const step = useConfirmStep();
  const erase = useErasePerson();
  const [confirm, setConfirm] = useState('');
  const fieldError = erase.error instanceof ApiError ? erase.error.fieldError('confirm') : undefined;
  return (
    <li className="card">
      <p>
        <strong>{person.name}</strong> <span className="muted">{person.email}</span>
      </p>
      {step.open ? (
        <ConfirmStep
          prompt={`Erase ${person.name}? This cannot be undone.`}
          confirmLabel={erase.isPending ? 'Erasing…' : `Erase ${person.name}`}
          pending={erase.isPending}
          error={fieldError ? undefined : erase.error}
          onConfirm={() => erase.mutate({ id: person.id, confirm }, { onSuccess: () => onErased() })}
          onCancel={() => {
            erase.reset();
            setConfirm('');
            step.close();
          }}
        >
          <TextField
            label={`Type ${person.email} to confirm`}
            autoComplete="off"
            spellCheck={false}
            value={confirm}
            error={fieldError}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </ConfirmStep>
      ) : (
        <button
          ref={step.opener}
          type="button"
          className="button button--danger"
          onClick={step.start}
          aria-label={`Erase ${person.name}…`}
        >
          Erase…
        </button>
      )}
    </li>
  );
}
