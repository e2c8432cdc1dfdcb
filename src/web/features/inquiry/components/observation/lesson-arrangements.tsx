import { type FormEvent, useId, useState } from 'react';
import type {
  LessonMode,
  ObservationFocusKind,
  ObservationSetup,
  ResearchLesson,
} from '#shared/contracts/inquiry-observation.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useSetObserverAssignments, useSetResearchLesson } from '../../api/observation.ts';

const when = (iso: string) =>
  new Date(iso).toLocaleString([], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });

/** An instant as a `datetime-local` input shows it, in the device's time zone. */
function localInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const isLink = (place: string) => /^https:\/\//i.test(place);

/** When and where the research lesson is taught, and who observes whom; the facilitator changes both. */
export function LessonArrangements({ setup, canArrange }: { setup: ObservationSetup; canArrange: boolean }) {
  const [editing, setEditing] = useState<'lesson' | 'observers' | null>(null);
  const lessonHeading = useId();
  const observersHeading = useId();
  const lesson = setup.lesson;
  return (
    <>
      <section aria-labelledby={lessonHeading} className="observation-arrangements">
        <h3 id={lessonHeading}>The research lesson</h3>
        {editing === 'lesson' ? (
          <LessonForm cycleId={setup.cycleId} lesson={lesson} onDone={() => setEditing(null)} />
        ) : (
          <>
            {lesson ? (
              <p>
                {when(lesson.startsAt)}
                {lesson.endsAt
                  ? ` to ${new Date(lesson.endsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
                  : ''}
                , {lesson.mode === 'online' ? 'online' : 'in person'}:{' '}
                {isLink(lesson.place) ? (
                  <a href={lesson.place} rel="noreferrer" target="_blank">
                    {lesson.place}
                  </a>
                ) : (
                  lesson.place
                )}
              </p>
            ) : (
              <p className="muted">The facilitator has not set the lesson’s time and place yet.</p>
            )}
            {canArrange && (
              <button type="button" className="button button--secondary" onClick={() => setEditing('lesson')}>
                {lesson ? 'Change time and place' : 'Set time and place'}
              </button>
            )}
          </>
        )}
      </section>
      <section aria-labelledby={observersHeading} className="observation-arrangements">
        <h3 id={observersHeading}>Observers</h3>
        {editing === 'observers' ? (
          <ObserversForm setup={setup} onDone={() => setEditing(null)} />
        ) : (
          <>
            {setup.assignments.length > 0 ? (
              <ul className="plain-list">
                {setup.assignments.map((a) => (
                  <li key={`${a.observer.id}-${a.focusKind}-${a.focus}`}>
                    {a.observer.name} observes {a.focus} (
                    {a.focusKind === 'case_student' ? 'case student' : 'group'})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No observers are assigned yet.</p>
            )}
            {canArrange && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setEditing('observers')}
              >
                Assign observers
              </button>
            )}
          </>
        )}
      </section>
    </>
  );
}

function LessonForm({
  cycleId,
  lesson,
  onDone,
}: {
  cycleId: string;
  lesson: ResearchLesson | null;
  onDone: () => void;
}) {
  const save = useSetResearchLesson(cycleId);
  const [startsAt, setStartsAt] = useState(localInput(lesson?.startsAt));
  const [endsAt, setEndsAt] = useState(localInput(lesson?.endsAt));
  const [mode, setMode] = useState<LessonMode>(lesson?.mode ?? 'in_person');
  const [place, setPlace] = useState(lesson?.place ?? '');
  const [missing, setMissing] = useState<string | null>(null);
  const fieldError = (field: string) =>
    save.error instanceof ApiError ? save.error.fieldError(field) : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!startsAt) {
      setMissing('Choose when the lesson starts.');
      return;
    }
    setMissing(null);
    save.mutate(
      {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: endsAt ? new Date(endsAt).toISOString() : null,
        mode,
        place: place.trim(),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label="Lesson starts"
        type="datetime-local"
        required
        value={startsAt}
        onChange={(event) => setStartsAt(event.target.value)}
        error={missing ?? fieldError('startsAt')}
      />
      <TextField
        label="Lesson ends (optional)"
        type="datetime-local"
        value={endsAt}
        onChange={(event) => setEndsAt(event.target.value)}
        error={fieldError('endsAt')}
      />
      <fieldset className="choice-group choice-group--inline">
        <legend>Where it is taught</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="mode"
            checked={mode === 'in_person'}
            onChange={() => setMode('in_person')}
          />
          In person
        </label>
        <label className="checkbox">
          <input type="radio" name="mode" checked={mode === 'online'} onChange={() => setMode('online')} />
          Online
        </label>
      </fieldset>
      <TextField
        label={mode === 'online' ? 'Meeting link' : 'School and room'}
        hint={
          mode === 'online'
            ? 'The link observers open, starting https://'
            : 'Where observers come, e.g. Lincoln Middle, room 12'
        }
        value={place}
        onChange={(event) => setPlace(event.target.value)}
        error={fieldError('place')}
      />
      <ErrorMessage error={save.error} />
      <FormActions label="Save time and place" pending={save.isPending} onCancel={onDone} />
    </form>
  );
}

interface Row {
  key: string;
  observerId: string;
  focusKind: ObservationFocusKind;
  focus: string;
}

function ObserversForm({ setup, onDone }: { setup: ObservationSetup; onDone: () => void }) {
  const save = useSetObserverAssignments(setup.cycleId);
  const pseudonymsId = useId();
  const [rows, setRows] = useState<Row[]>(() =>
    setup.assignments.length
      ? setup.assignments.map((a) => ({
          key: crypto.randomUUID(),
          observerId: a.observer.id,
          focusKind: a.focusKind,
          focus: a.focus,
        }))
      : [{ key: crypto.randomUUID(), observerId: '', focusKind: 'case_student', focus: '' }],
  );
  const change = (key: string, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const rowError = (i: number, field: string) =>
    save.error instanceof ApiError
      ? save.error.problem.errors.find((e) => e.path === `/body/assignments/${i}/${field}`)?.message
      : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        assignments: rows.map((row) => ({
          observerId: row.observerId,
          focusKind: row.focusKind,
          focus: row.focus.trim(),
        })),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <datalist id={pseudonymsId}>
        {setup.caseStudents.map((student) => (
          <option key={student.pseudonym} value={student.pseudonym} />
        ))}
      </datalist>
      <p className="field__hint">
        Name case students only by the pseudonyms in the plan (“Student A”), never by their real names: these
        notes are shared beyond the school and kept after the students move on.
      </p>
      {rows.map((row, i) => (
        <fieldset key={row.key} className="observer-row">
          <legend>Observer {i + 1}</legend>
          <SelectField
            label="Who observes"
            value={row.observerId}
            onChange={(event) => change(row.key, { observerId: event.target.value })}
            error={rowError(i, 'observerId')}
          >
            <option value="">Choose a member</option>
            {setup.team.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Watches"
            value={row.focusKind}
            onChange={(event) => change(row.key, { focusKind: event.target.value as ObservationFocusKind })}
          >
            <option value="case_student">A case student</option>
            <option value="group">A group</option>
          </SelectField>
          <TextField
            label={row.focusKind === 'case_student' ? 'Case student’s pseudonym' : 'Group'}
            list={row.focusKind === 'case_student' ? pseudonymsId : undefined}
            value={row.focus}
            maxLength={80}
            onChange={(event) => change(row.key, { focus: event.target.value })}
            error={rowError(i, 'focus')}
          />
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
          >
            Remove observer {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          setRows((current) => [
            ...current,
            { key: crypto.randomUUID(), observerId: '', focusKind: 'case_student', focus: '' },
          ])
        }
      >
        Add an observer
      </button>
      <ErrorMessage error={save.error} />
      <FormActions label="Save observers" pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
