import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { uuidv7 } from 'uuidv7';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { OutboxStatus } from '#web/components/outbox-status.tsx';
import {
  coachingKeys,
  useCompleteObservation,
  useDeleteNote,
  useObservation,
} from '#web/features/coaching/api/coaching.ts';
import {
  flushCoachingNotes,
  noteScope,
  type QueuedCoachingNote,
  queueCoachingNote,
  sendCoachingNote,
} from '#web/features/coaching/api/note-outbox.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { useDeviceOutbox } from '#web/lib/device-outbox.ts';
import { hours } from '#web/features/coaching/components/labels.ts';
import { VideoWorkspace, clock } from '#web/features/video/index.ts';
import { ApiError } from '#web/lib/api-client.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * An observation sheet for a tablet: the focus and what to look for on top, a large box for a note
 * stamped with the time it is kept (tagged to the focus with one tap), the notes so far below. A
 * video observation shows the lesson with its time-stamped comments beside. Notes are kept on the
 * tablet first and sent from there, so a dropped connection or a reload loses none.
 */
export default function CoachingObservationPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const userId = session.data?.user.id ?? '';
  const client = useQueryClient();
  const observation = useObservation(id);
  const outbox = useDeviceOutbox<QueuedCoachingNote>(noteScope(id), userId, sendCoachingNote, () => {
    void client.invalidateQueries({ queryKey: coachingKeys.observation(id) });
  });
  const remove = useDeleteNote(id);
  const complete = useCompleteObservation(id);
  const [body, setBody] = useState('');
  const [tagged, setTagged] = useState(true);
  const [keepError, setKeepError] = useState<string | null>(null);
  if (observation.isPending || session.isPending) return <Loading />;
  if (observation.error)
    return (
      <section className="page">
        <PageHeading>Observation</PageHeading>
        <ErrorMessage error={observation.error} />
      </section>
    );
  const { data: o, abilities } = observation.data;
  const elapsed = Math.max(
    1,
    Math.min(600, Math.round((Date.now() - new Date(o.startedAt).getTime()) / 60_000)),
  );
  const keep = async () => {
    if (!body.trim() || !userId) return;
    setKeepError(null);
    try {
      await queueCoachingNote({
        observationId: id,
        userId,
        id: uuidv7(),
        body: { body, observedAt: new Date().toISOString(), focusTagged: tagged },
      });
      setBody('');
      void flushCoachingNotes(id, userId).then((r) => {
        if (r.sent > 0) void client.invalidateQueries({ queryKey: coachingKeys.observation(id) });
      });
    } catch {
      setKeepError('This note could not be kept on the tablet. Copy its words somewhere safe and try again.');
    }
  };
  const sentIds = new Set(o.notes.map((n) => n.id));
  const waiting = outbox.items.filter((item) => !sentIds.has(item.id));
  return (
    <section className="page observation-sheet">
      <p>
        <Link to={`/coaching/${o.cycleId}`}>Back to {o.cycleTitle}</Link>
      </p>
      <PageHeading>{o.title}</PageHeading>
      <p>
        Focus: <strong>{o.focus.label}</strong>
      </p>
      {o.lookFors && <p>Look for: {o.lookFors}</p>}
      <p className="muted">
        {o.kind === 'video' ? 'Video observation' : 'Live observation'} by {o.observer.name} ·{' '}
        {o.completedAt ? `completed, ${hours(o.minutes ?? 0)}` : `started ${timeOf(o.startedAt)}`}
      </p>

      {o.kind === 'video' && o.videoId && (
        <VideoWorkspace videoId={o.videoId} tags={[{ kind: 'focus', id: null, label: o.focus.label }]} />
      )}

      {abilities.observe && (
        <form
          aria-label="Keep a note"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void keep();
          }}
        >
          <label htmlFor="note-body">Note (stamped with the time you keep it)</label>
          <textarea id="note-body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
          <label className="checkbox">
            <input type="checkbox" checked={tagged} onChange={(e) => setTagged(e.target.checked)} />
            Tagged to the focus
          </label>
          {keepError && (
            <p className="notice notice--error" role="alert">
              {keepError}
            </p>
          )}
          <FormActions
            label="Keep the note"
            pendingLabel="Keeping…"
            pending={false}
            disabled={!body.trim()}
          />
        </form>
      )}
      {outbox.unavailable && <p className="notice notice--warning">{outbox.unavailable}</p>}
      {(abilities.observe || outbox.items.length > 0) && (
        <OutboxStatus
          items={outbox.items}
          online={outbox.online}
          onSend={() => void outbox.send()}
          describe={(item) => `“${String(item.body.body).slice(0, 80)}”`}
        />
      )}

      <h2>Notes</h2>
      {o.notes.length === 0 && waiting.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="plain-list">
          {waiting.map((item) => (
            <li key={item.key}>
              <span className="badge">{item.error ? 'Refused' : 'Waiting to send'}</span>{' '}
              <strong>{timeOf(item.body.observedAt ?? new Date(item.queuedAt).toISOString())}</strong>{' '}
              {item.body.focusTagged && <span className="muted">[{o.focus.label}] </span>}
              {item.body.body}
            </li>
          ))}
          {o.notes.map((n) => (
            <li key={n.id}>
              <strong>{n.videoSeconds !== null ? clock(n.videoSeconds) : timeOf(n.observedAt)}</strong>{' '}
              {n.focusTagged && <span className="muted">[{o.focus.label}] </span>}
              {n.body}{' '}
              {abilities.observe && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => remove.mutate(n.id)}
                >
                  Delete the note from {timeOf(n.observedAt)}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}

      {abilities.observe && (
        <form
          aria-label="Complete the observation"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            complete.mutate(Number(new FormData(e.currentTarget).get('minutes') ?? 0));
          }}
        >
          <h2>Complete the observation</h2>
          <TextField
            label="Minutes observed"
            name="minutes"
            type="number"
            min={1}
            max={600}
            defaultValue={elapsed}
            hint="Counts in your learning log and the teacher's."
            error={fieldError(complete.error, 'minutes')}
          />
          <FormActions
            label="Complete the observation"
            pendingLabel="Completing…"
            pending={complete.isPending}
          />
        </form>
      )}
    </section>
  );
}
