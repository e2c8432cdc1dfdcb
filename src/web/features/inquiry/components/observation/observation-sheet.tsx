import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  OBSERVATION_PHOTO_ACCEPT,
  type ObservationNote,
  type ObservationPhoto,
  type ObservationSetup,
} from '#shared/contracts/inquiry-observation.ts';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextArea } from '#web/components/field.tsx';
import {
  observationNotesKey,
  observationPhotoUrl,
  useDeleteObservationNote,
  useObservationNotes,
} from '../../api/observation.ts';
import { OutboxStatus } from '#web/components/outbox-status.tsx';
import { useDeviceOutbox } from '#web/lib/device-outbox.ts';
import { flush, type QueuedItem, queueNote, queuePhoto, sendItem } from './outbox.ts';
import { preparePhoto } from './prepare-photo.ts';
import './observation.css';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The device's outbox for this cycle (`#web/lib/device-outbox.ts`), the team's notes read again when it sends. */
function useOutbox(cycleId: string, userId: string) {
  const client = useQueryClient();
  return useDeviceOutbox<QueuedItem>(cycleId, userId, sendItem, () => {
    void client.invalidateQueries({ queryKey: observationNotesKey(cycleId) });
  });
}

interface PendingPhoto {
  id: string;
  blob: Blob;
  url: string;
  takenAt: string;
}

/**
 * The observation sheet used on a phone during the research lesson: time-stamped notes about the
 * case students and groups, tagged with the plan's points to notice, and photos of student work.
 */
export function ObservationSheet({
  setup,
  userId,
  canObserve,
}: {
  setup: ObservationSetup;
  userId: string;
  canObserve: boolean;
}) {
  const cycleId = setup.cycleId;
  const outbox = useOutbox(cycleId, userId);
  const notes = useObservationNotes(cycleId, true);
  const headingId = useId();

  return (
    <section className="observation-sheet" aria-labelledby={headingId}>
      <h3 id={headingId}>Observation sheet</h3>
      {outbox.unavailable && <p className="notice notice--warning">{outbox.unavailable}</p>}
      {canObserve && <NoteForm setup={setup} userId={userId} />}
      <OutboxStatus
        items={outbox.items}
        online={outbox.online}
        onSend={() => void outbox.send()}
        describe={(item) => (item.kind === 'note' ? `“${item.body.body.slice(0, 80)}”` : 'A photo')}
      />
      <h4>Notes of the team</h4>
      <p className="field__hint">
        Notes and photos are private to the team of this lesson study. Each time someone opens them it is
        recorded.
      </p>
      {notes.data ? (
        <NoteList
          cycleId={cycleId}
          notes={notes.data.notes}
          loosePhotos={notes.data.loosePhotos}
          waiting={outbox.items}
        />
      ) : notes.error ? (
        <ErrorMessage error={notes.error} />
      ) : (
        <Loading label="Loading the team’s notes…" />
      )}
    </section>
  );
}

function NoteForm({ setup, userId }: { setup: ObservationSetup; userId: string }) {
  const [body, setBody] = useState('');
  const [focus, setFocus] = useState(setup.myFocus[0]?.focus ?? '');
  const [points, setPoints] = useState<Set<string>>(new Set());
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const noteField = useRef<HTMLDivElement>(null);
  const focusNote = () => noteField.current?.querySelector('textarea')?.focus();
  const pointsLegend = useId();
  const photoLabel = useId();
  const photoHint = useId();

  const focusOptions = useMemo(() => {
    const mine = setup.myFocus.map((a) => a.focus);
    const others = setup.assignments.map((a) => a.focus).filter((f) => !mine.includes(f));
    return [...new Set([...mine, ...others])];
  }, [setup]);

  // The previews' object URLs are let go when the sheet is left.
  const previews = useRef<PendingPhoto[]>([]);
  previews.current = photos;
  useEffect(
    () => () => {
      for (const p of previews.current) URL.revokeObjectURL(p.url);
    },
    [],
  );

  async function addPhotos(files: FileList | null) {
    setPhotoError(null);
    if (!files) return;
    const added: PendingPhoto[] = [];
    for (const file of Array.from(files)) {
      try {
        const blob = await preparePhoto(file);
        added.push({
          id: crypto.randomUUID(),
          blob,
          url: URL.createObjectURL(blob),
          takenAt: new Date(file.lastModified || Date.now()).toISOString(),
        });
      } catch (problem) {
        setPhotoError((problem as Error).message);
      }
    }
    setPhotos((current) => [...current, ...added]);
    setStartedAt((at) => at ?? new Date().toISOString());
    if (fileInput.current) fileInput.current.value = '';
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(null);
    const text = body.trim();
    if (!text && photos.length === 0) {
      setError('Write what you saw, or add a photo of student work.');
      focusNote();
      return;
    }
    setBusy(true);
    try {
      const observedAt = startedAt ?? new Date().toISOString();
      const noteId = text ? crypto.randomUUID() : null;
      if (noteId)
        await queueNote({
          id: noteId,
          cycleId: setup.cycleId,
          userId,
          body: { observedAt, body: text, focus: focus || null, pointsToNotice: [...points] },
        });
      for (const photo of photos)
        await queuePhoto({
          id: photo.id,
          cycleId: setup.cycleId,
          userId,
          photo: photo.blob,
          takenAt: photo.takenAt,
          noteId,
        });
      setBody('');
      setPoints(new Set());
      setPhotos([]);
      setStartedAt(null);
      setSaved(`Kept on this device at ${time(new Date().toISOString())}.`);
      focusNote();
      void flush(setup.cycleId, userId);
    } catch {
      setError('This note could not be kept on the device. Copy its words somewhere safe and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="observation-form" onSubmit={(event) => void submit(event)} noValidate>
      {setup.myFocus.length > 0 && (
        <div className="observation-focus">
          <p>
            You observe{' '}
            {setup.myFocus
              .map((a) => `${a.focus} (${a.focusKind === 'case_student' ? 'case student' : 'group'})`)
              .join(', ')}
            .
          </p>
          {setup.myFocus.map((a) => {
            const student = setup.caseStudents.find((c) => c.pseudonym === a.focus);
            return student?.watchFor ? (
              <p key={a.focus}>
                Watch {a.focus} for: {student.watchFor}
              </p>
            ) : null;
          })}
        </div>
      )}
      <div ref={noteField}>
        <TextArea
          label="What did you see or hear?"
          hint="What students said, wrote and did, as exactly as you can. Use pseudonyms, never a student’s real name. The time is taken when you start writing."
          value={body}
          rows={4}
          maxLength={4000}
          error={error ?? undefined}
          onChange={(event) => {
            setBody(event.target.value);
            if (!startedAt) setStartedAt(new Date().toISOString());
          }}
        />
      </div>
      {focusOptions.length > 0 && (
        <SelectField label="About" value={focus} onChange={(event) => setFocus(event.target.value)}>
          <option value="">The whole class</option>
          {focusOptions.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      )}
      {setup.pointsToNotice.length > 0 && (
        <fieldset className="observation-form__points" aria-describedby={pointsLegend}>
          <legend>Points to notice</legend>
          <p className="field__hint" id={pointsLegend}>
            From the lesson plan: tick those this note bears on.
          </p>
          {setup.pointsToNotice.map((point) => (
            <label key={point} className="checkbox">
              <input
                type="checkbox"
                checked={points.has(point)}
                onChange={(event) => {
                  const next = new Set(points);
                  if (event.target.checked) next.add(point);
                  else next.delete(point);
                  setPoints(next);
                }}
              />
              {point}
            </label>
          ))}
        </fieldset>
      )}
      <div className={`field${photoError ? ' field--invalid' : ''}`}>
        <label htmlFor={photoLabel}>Add photos of student work</label>
        <p className="field__hint" id={photoHint}>
          JPEG, PNG or WebP (an iPhone sends its photos as JPEG here). Trellis removes the location and camera
          details; keep students’ faces and names out of the picture.
        </p>
        <input
          id={photoLabel}
          ref={fileInput}
          type="file"
          accept={OBSERVATION_PHOTO_ACCEPT}
          multiple
          aria-describedby={photoError ? `${photoHint} ${photoLabel}-error` : photoHint}
          aria-invalid={photoError ? true : undefined}
          onChange={(event) => void addPhotos(event.target.files)}
        />
        {photoError && (
          <p className="field__error" id={`${photoLabel}-error`} role="alert">
            {photoError}
          </p>
        )}
      </div>
      {photos.length > 0 && (
        <ul className="observation-photos" aria-label="Photos to go with this note">
          {photos.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.url} alt={`Student work ${i + 1} to go with this note`} />
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setPhotos((current) => current.filter((p) => p.id !== photo.id))}
              >
                Remove photo {i + 1}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Keeping…' : 'Save note'}
        </button>
      </div>
      {saved && (
        <p className="notice notice--ok" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}

function PhotoFigure({ cycleId, photo }: { cycleId: string; photo: ObservationPhoto }) {
  return (
    <li>
      <a href={observationPhotoUrl(cycleId, photo.id)} target="_blank" rel="noreferrer">
        <img
          src={observationPhotoUrl(cycleId, photo.id)}
          alt={`Student work photographed by ${photo.author.name} at ${time(photo.takenAt)}`}
          width={photo.width}
          height={photo.height}
          loading="lazy"
        />
      </a>
    </li>
  );
}

function NoteList({
  cycleId,
  notes,
  loosePhotos,
  waiting,
}: {
  cycleId: string;
  notes: ObservationNote[];
  loosePhotos: ObservationPhoto[];
  waiting: QueuedItem[];
}) {
  const remove = useDeleteObservationNote(cycleId);
  const sent = new Set(notes.map((note) => note.id));
  const pendingNotes = waiting.filter((item) => item.kind === 'note' && !sent.has(item.id));
  if (notes.length === 0 && loosePhotos.length === 0 && pendingNotes.length === 0)
    return <p className="muted">No notes yet. Notes the team writes during the lesson appear here.</p>;
  return (
    <>
      <ErrorMessage error={remove.error} />
      <ol className="observation-notes">
        {pendingNotes.map(
          (item) =>
            item.kind === 'note' && (
              <li key={item.key} className="observation-note observation-note--waiting">
                <p className="observation-note__meta">
                  <span className="badge">{item.error ? 'Refused' : 'Waiting to send'}</span>{' '}
                  {time(item.body.observedAt)} · you{item.body.focus ? ` · about ${item.body.focus}` : ''}
                </p>
                <p className="observation-note__body">{item.body.body}</p>
              </li>
            ),
        )}
        {notes.map((note) => (
          <li key={note.id} className="observation-note">
            <p className="observation-note__meta">
              <time dateTime={note.observedAt}>{time(note.observedAt)}</time> ·{' '}
              {note.mine ? 'you' : note.author.name}
              {note.focus ? ` · about ${note.focus}` : ''}
            </p>
            <p className="observation-note__body">{note.body}</p>
            {note.pointsToNotice.length > 0 && (
              <ul className="filter-chips" aria-label="Points to notice">
                {note.pointsToNotice.map((point) => (
                  <li key={point} className="chip">
                    {point}
                  </li>
                ))}
              </ul>
            )}
            {note.photos.length > 0 && (
              <ul className="observation-photos" aria-label="Photos of student work">
                {note.photos.map((photo) => (
                  <PhotoFigure key={photo.id} cycleId={cycleId} photo={photo} />
                ))}
              </ul>
            )}
            {note.mine && (
              <button
                type="button"
                className="link-button"
                disabled={remove.isPending}
                onClick={() => remove.mutate(note.id)}
              >
                Remove this note
              </button>
            )}
          </li>
        ))}
      </ol>
      {loosePhotos.length > 0 && (
        <>
          <h5>Photos without a note</h5>
          <ul className="observation-photos" aria-label="Photos without a note">
            {loosePhotos.map((photo) => (
              <PhotoFigure key={photo.id} cycleId={cycleId} photo={photo} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
