import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  EVENT_KIND_LABELS,
  EVENT_MODE_LABELS,
  type EventDetail,
  REGISTRATION_STATUS_LABELS,
} from '#shared/contracts/events.ts';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useCancelEvent,
  useCancelRegistration,
  useEvent,
  useFeedbackSummary,
  useGiveFeedback,
  useOpenSpace,
  useRegister,
  useRegistrations,
  useTakeRoster,
  useUpdateSession,
} from '#web/features/events/api/events.ts';
import { CalendarFeeds } from '#web/features/events/components/calendar-feeds.tsx';
import { CheckInQr } from '#web/features/events/components/checkin-qr.tsx';
import { formatWhen } from '#web/features/events/components/format.ts';
import { ApiError } from '#web/lib/api-client.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

function Registration({ event }: { event: EventDetail }) {
  const register = useRegister(event.id);
  const cancel = useCancelRegistration(event.id);
  const status = event.me.registration;
  const active = status === 'registered' || status === 'pending_approval' || status === 'waitlisted';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const answers: Record<string, string> = {};
    for (const q of event.questions) {
      const value = String(form.get(`q-${q.id}`) ?? '').trim();
      if (value) answers[q.id] = value;
    }
    register.mutate({ answers, needsSubstitute: form.get('needsSubstitute') === 'on' });
  };
  if (event.status === 'cancelled') return <Notice>This event is cancelled.</Notice>;
  return (
    <section className="page" aria-labelledby="registration-heading">
      <h2 id="registration-heading">Registration</h2>
      {active ? (
        <>
          <p role="status">
            <strong>{REGISTRATION_STATUS_LABELS[status]}</strong>
            {status === 'waitlisted' && event.me.waitlistPosition && (
              <> — number {event.me.waitlistPosition} in line</>
            )}
          </p>
          <p>
            <a className="button" href={`/api/events/${event.id}/invitation.ics`} download>
              Add to my calendar
            </a>{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => cancel.mutate(undefined)}
              disabled={cancel.isPending}
            >
              {status === 'waitlisted' ? 'Leave the waitlist' : 'Cancel my registration'}
            </button>
          </p>
          {cancel.error && <ErrorMessage error={cancel.error} />}
        </>
      ) : (
        <form onSubmit={submit} aria-label="Register" noValidate>
          {event.capacity !== null && (
            <p className="muted">
              {Math.max(0, event.capacity - event.taken)} of {event.capacity} seats left
              {event.capacity - event.taken <= 0 &&
                ': you will join the waitlist and get a seat as soon as one frees up'}
            </p>
          )}
          {event.questions.map((q) => (
            <TextField
              key={q.id}
              label={q.prompt}
              name={`q-${q.id}`}
              required={q.required}
              maxLength={500}
              error={fieldError(register.error, `answers/${q.id}`)}
            />
          ))}
          {event.requiresApproval && (
            <>
              <p className="muted">
                This event is in the school day: your principal approves your registration.
              </p>
              <label className="checkbox">
                <input type="checkbox" name="needsSubstitute" /> I will need a substitute
              </label>
            </>
          )}
          {register.error &&
            !(register.error instanceof ApiError && register.error.problem.errors.length) && (
              <ErrorMessage error={register.error} />
            )}
          <FormActions label="Register" pendingLabel="Registering…" pending={register.isPending} />
        </form>
      )}
    </section>
  );
}

function Feedback({ event, sessionId }: { event: EventDetail; sessionId: string }) {
  const give = useGiveFeedback(event.id);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    give.mutate({
      sessionId,
      relevance: Number(form.get('relevance')),
      willUse: Number(form.get('willUse')),
      oneThing: String(form.get('oneThing') ?? ''),
    });
  };
  const scale = (name: string, label: string) => (
    <SelectField label={label} name={name} defaultValue="4" error={fieldError(give.error, name)}>
      {[5, 4, 3, 2, 1].map((n) => (
        <option key={n} value={n}>
          {n} {n === 5 ? '(very much)' : n === 1 ? '(not at all)' : ''}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form onSubmit={submit} aria-label="Feedback on this session" noValidate>
      {scale('relevance', 'How relevant was it to your work?')}
      {scale('willUse', 'How likely are you to use it?')}
      <TextArea label="One thing I will try" name="oneThing" maxLength={1000} rows={2} />
      {give.error && <ErrorMessage error={give.error} />}
      <FormActions label="Send feedback" pendingLabel="Sending…" pending={give.isPending} />
    </form>
  );
}

function Roster({ event, sessionId }: { event: EventDetail; sessionId: string }) {
  const registrations = useRegistrations(event.id, true);
  const take = useTakeRoster(event.id);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const people = (registrations.data?.data ?? []).filter((r) => r.status === 'registered');
  if (!people.length) return <p className="muted">No one is registered yet.</p>;
  return (
    <form
      aria-label="Take attendance"
      onSubmit={(e) => {
        e.preventDefault();
        take.mutate({ sessionId, userIds: [...chosen] });
      }}
    >
      <fieldset>
        <legend>Who is here</legend>
        {people.map((p) => (
          <label key={p.userId} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(p.userId)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(p.userId);
                else next.delete(p.userId);
                setChosen(next);
              }}
            />
            {p.name}
          </label>
        ))}
      </fieldset>
      {take.error && <ErrorMessage error={take.error} />}
      {take.isSuccess && <p role="status">Attendance saved.</p>}
      <FormActions label="Save attendance" pending={take.isPending} disabled={chosen.size === 0} />
    </form>
  );
}

function Organizer({ event }: { event: EventDetail }) {
  const feedback = useFeedbackSummary(event.id, true);
  const cancel = useCancelEvent(event.id);
  const f = feedback.data?.data;
  return (
    <section className="page" aria-labelledby="organize-heading">
      <h2 id="organize-heading">Organize</h2>
      <p>
        <a href={`/api/events/${event.id}/sign-in-sheet.pdf`} download>
          Sign-in sheet (PDF)
        </a>{' '}
        ·{' '}
        <a href={`/api/events/${event.id}/attendance.csv`} download>
          Attendance (CSV)
        </a>
      </p>
      <h3>Feedback</h3>
      {f && f.relevance === null ? (
        <p className="muted">
          Results show once {f.threshold} attendees have answered, so no one can be picked out.
        </p>
      ) : f ? (
        <>
          <p>
            {f.responses} answers · relevance {f.relevance} / 5 · will use it {f.willUse} / 5
          </p>
          <ul>
            {(f.oneThings ?? []).map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: answers are anonymous and unordered
              <li key={i}>{t}</li>
            ))}
          </ul>
        </>
      ) : null}
      {event.status !== 'cancelled' && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => cancel.mutate(undefined)}
            disabled={cancel.isPending}
          >
            Cancel the whole event
          </button>
        </p>
      )}
      {cancel.error && <ErrorMessage error={cancel.error} />}
    </section>
  );
}

/** The event's own discussion space, made the first time someone opens it. */
function SessionNotes({ event }: { event: EventDetail }) {
  const open = useOpenSpace(event.id);
  const navigate = useNavigate();
  if (event.spaceId)
    return (
      <p>
        <Link to={`/communities/${event.spaceId}`}>Session notes and conversation</Link>
      </p>
    );
  return (
    <p>
      <button
        type="button"
        className="button button--secondary"
        disabled={open.isPending}
        onClick={() =>
          open.mutate(undefined, { onSuccess: (r) => navigate(`/communities/${r.data.spaceId}`) })
        }
      >
        Open the session notes
      </button>
      {open.error && <ErrorMessage error={open.error} />}
    </p>
  );
}

/** An event: when and where, registration, calendar, sessions with check-in and attendance, feedback. */
export default function EventPage() {
  const { id = '' } = useParams();
  const query = useEvent(id);
  const updateSession = useUpdateSession(id);
  const [openRoster, setOpenRoster] = useState<string | null>(null);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const event = query.data.data;
  const now = Date.now();
  return (
    <>
      <section className="page">
        <PageHeading>{event.title}</PageHeading>
        <p className="muted">
          {EVENT_KIND_LABELS[event.kind]} · {EVENT_MODE_LABELS[event.mode]}
          {event.host.name && <> · {event.host.name}</>}
          {event.status === 'cancelled' && <strong> · Cancelled</strong>}
        </p>
        {event.description && <p className="prose">{event.description}</p>}
        <dl className="facts">
          {event.mode !== 'online' && (
            <>
              <dt>Where</dt>
              <dd>{[event.place, event.room].filter(Boolean).join(', ')}</dd>
            </>
          )}
          {event.meetingUrl && (
            <>
              <dt>Join online</dt>
              <dd>
                <a href={event.meetingUrl}>{event.meetingUrl}</a>
              </dd>
            </>
          )}
          {event.mode !== 'in_person' && !event.meetingUrl && (
            <>
              <dt>Join online</dt>
              <dd>The meeting link shows here once you are registered.</dd>
            </>
          )}
          {event.creditHours !== null && (
            <>
              <dt>Credit</dt>
              <dd>
                {event.creditHours} hours{event.creditType && <> of {event.creditType.name}</>}
              </dd>
            </>
          )}
          {event.facilitators.length > 0 && (
            <>
              <dt>Facilitators</dt>
              <dd>{event.facilitators.map((f) => f.name).join(', ')}</dd>
            </>
          )}
          {event.competencies.length > 0 && (
            <>
              <dt>Competencies</dt>
              <dd>{event.competencies.join(', ')}</dd>
            </>
          )}
          {event.materials.length > 0 && (
            <>
              <dt>Materials</dt>
              <dd>
                {event.materials.map((m, i) => (
                  <span key={m.id}>
                    {i > 0 && ', '}
                    <Link to={`/resources/${m.id}`}>{m.title}</Link>
                  </span>
                ))}
              </dd>
            </>
          )}
        </dl>
        {(event.me.organizer || event.me.registration === 'registered') && <SessionNotes event={event} />}
        {event.kind === 'edcamp' && (
          <p>
            <Link to={`/events/${event.id}/edcamp`}>Edcamp board</Link>
          </p>
        )}
      </section>
      {!event.me.organizer && <Registration event={event} />}
      <section className="page" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">
          {event.sessions.length === 1 ? 'When' : `${event.sessions.length} sessions`}
        </h2>
        <ol className="plain-list">
          {event.sessions.map((s) => {
            const running =
              new Date(s.startsAt).getTime() - 15 * 60_000 <= now && now <= new Date(s.endsAt).getTime();
            const started = new Date(s.startsAt).getTime() - 15 * 60_000 <= now;
            const attended = event.me.attendedSessionIds.includes(s.id);
            return (
              <li key={s.id} className="event-session">
                <strong>{formatWhen(s.startsAt, event.timeZone)}</strong>
                {s.title !== event.title && <> · {s.title}</>}
                {(s.place !== event.place || s.room !== event.room) && (
                  <> · {[s.place, s.room].filter(Boolean).join(', ')}</>
                )}
                {s.status === 'cancelled' && <strong> · Cancelled</strong>}
                {attended && <span> · Attended</span>}
                {event.me.organizer && s.status === 'scheduled' && (
                  <div>
                    {running && s.checkinCode && (
                      <>
                        <p>
                          Check-in code: <strong className="checkin-code">{s.checkinCode}</strong>
                        </p>
                        <CheckInQr code={s.checkinCode} />
                      </>
                    )}
                    {started && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => setOpenRoster(openRoster === s.id ? null : s.id)}
                        aria-expanded={openRoster === s.id}
                      >
                        Take attendance
                      </button>
                    )}{' '}
                    {!started && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => updateSession.mutate({ sessionId: s.id, status: 'cancelled' })}
                        disabled={updateSession.isPending}
                      >
                        Cancel this session
                      </button>
                    )}
                    {openRoster === s.id && <Roster event={event} sessionId={s.id} />}
                  </div>
                )}
                {attended && !event.me.feedbackSessionIds.includes(s.id) && (
                  <Feedback event={event} sessionId={s.id} />
                )}
              </li>
            );
          })}
        </ol>
        {updateSession.error && <ErrorMessage error={updateSession.error} />}
        {event.me.attendedSessionIds.length > 0 && (
          <p>
            <a href={`/api/events/${event.id}/certificate.pdf`} download>
              Certificate of attendance (PDF)
            </a>{' '}
            · <Link to="/learning">My learning log</Link>
          </p>
        )}
        {event.me.registration === 'registered' && event.sessions.some((s) => s.status === 'scheduled') && (
          <p>
            <Link to="/events/check-in">Check in with the code shown in the room</Link>
          </p>
        )}
      </section>
      {event.me.organizer && <Organizer event={event} />}
      {event.me.organizer && event.sessions.length > 1 && <CalendarFeeds eventId={event.id} />}
    </>
  );
}
