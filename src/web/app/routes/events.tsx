import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  EVENT_MODE_LABELS,
  EVENT_MODES,
  type EventSummary,
  REGISTRATION_STATUS_LABELS,
} from '#shared/contracts/events.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { useEvents } from '#web/features/events/api/events.ts';
import { CalendarFeeds } from '#web/features/events/components/calendar-feeds.tsx';
import { formatTime, formatWhen, localDay } from '#web/features/events/components/format.ts';

type View = 'list' | 'week' | 'month';

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
function windowOf(view: View, anchor: Date): { from: Date; to: Date } {
  if (view === 'month') {
    const from = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    return { from, to: new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1) };
  }
  if (view === 'week') {
    const from = startOfDay(new Date(anchor.getTime() - anchor.getDay() * 86_400_000));
    return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
  }
  const from = startOfDay(anchor);
  return { from, to: new Date(from.getTime() + 90 * 86_400_000) };
}

function EventLine({ e }: { e: EventSummary }) {
  return (
    <>
      <Link to={`/events/${e.id}`}>{e.title}</Link>{' '}
      <span className="muted">
        {formatWhen(e.startsAt, e.timeZone)} · {EVENT_MODE_LABELS[e.mode]}
        {e.place && <> · {e.place}</>}
        {e.creditHours ? <> · {e.creditHours} h credit</> : null}
        {e.status === 'cancelled' && <strong> · Cancelled</strong>}
        {e.myRegistration && <strong> · {REGISTRATION_STATUS_LABELS[e.myRegistration]}</strong>}
        {e.seatsLeft !== null && e.seatsLeft <= 0 && !e.myRegistration && <> · Waitlist</>}
      </span>
    </>
  );
}

/** Days of the grid (month: whole weeks around it; week: seven days), each with its sessions. */
function Grid({ view, from, to, rows }: { view: View; from: Date; to: Date; rows: EventSummary[] }) {
  const byDay = new Map<string, EventSummary[]>();
  for (const e of rows) byDay.set(localDay(e.startsAt), [...(byDay.get(localDay(e.startsAt)) ?? []), e]);
  const days: Date[] = [];
  const first = view === 'month' ? new Date(from.getTime() - from.getDay() * 86_400_000) : from;
  for (
    let d = first;
    d < to || (view === 'month' && d.getDay() !== 0);
    d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)
  )
    days.push(d);
  return (
    <ol className="event-grid" aria-label={view === 'month' ? 'Month' : 'Week'}>
      {days.map((d) => {
        const items = byDay.get(localDay(d)) ?? [];
        const outside = d < from || d >= to;
        return (
          <li key={d.toISOString()} className={outside ? 'event-grid__day muted' : 'event-grid__day'}>
            <h3 className="event-grid__date">
              {d.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' })}
            </h3>
            {items.length > 0 && (
              <ul className="plain-list">
                {items.map((e) => (
                  <li key={e.sessionId}>
                    <Link to={`/events/${e.id}`}>
                      {formatTime(e.startsAt, Intl.DateTimeFormat().resolvedOptions().timeZone)} {e.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The calendar (list, week, month) and search of events: by subject, grade band, kind, credit and place. */
export default function EventsPage() {
  const [view, setView] = useState<View>('list');
  const [anchor, setAnchor] = useState(() => new Date());
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { from, to } = useMemo(() => windowOf(view, anchor), [view, anchor]);
  const events = useEvents({ ...filters, from: from.toISOString(), to: to.toISOString(), limit: 200 });
  const rows = events.data?.data ?? [];
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const key of ['q', 'subject', 'gradeBand', 'kind', 'mode', 'place', 'credit', 'mine']) {
      const value = String(form.get(key) ?? '').trim();
      if (value) next[key] = value;
    }
    setFilters(next);
  };
  const step = (direction: 1 | -1) =>
    setAnchor((a) =>
      view === 'month'
        ? new Date(a.getFullYear(), a.getMonth() + direction, 1)
        : new Date(a.getTime() + direction * (view === 'week' ? 7 : 90) * 86_400_000),
    );
  return (
    <>
      <section className="page">
        <PageHeading>Events</PageHeading>
        <p>
          Workshops, institutes, series and meetings you can attend.{' '}
          <Link to="/events/new">Create an event</Link> ·{' '}
          <Link to="/events/check-in">Check in with a code</Link> ·{' '}
          <Link to="/events/approvals">Approvals</Link>
        </p>
        <form onSubmit={search} aria-label="Search events" className="filters">
          <TextField label="Search" name="q" type="search" maxLength={200} />
          <SelectField label="Subject" name="subject" defaultValue="">
            <option value="">Any subject</option>
            {SUBJECTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </SelectField>
          <SelectField label="Grade band" name="gradeBand" defaultValue="">
            <option value="">Any grade band</option>
            {GRADE_BANDS.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </SelectField>
          <SelectField label="Kind" name="kind" defaultValue="">
            <option value="">Any kind</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {EVENT_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Where" name="mode" defaultValue="">
            <option value="">In person or online</option>
            {EVENT_MODES.map((m) => (
              <option key={m} value={m}>
                {EVENT_MODE_LABELS[m]}
              </option>
            ))}
          </SelectField>
          <TextField label="Place" name="place" maxLength={100} />
          <label className="checkbox">
            <input type="checkbox" name="credit" value="1" /> Offers credit
          </label>
          <label className="checkbox">
            <input type="checkbox" name="mine" value="1" /> Only mine
          </label>
          <div className="actions">
            <button type="submit" className="button">
              Search
            </button>
          </div>
        </form>
      </section>
      <section className="page" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">
          {view === 'month'
            ? from.toLocaleDateString('en-US', { month: 'long', year: 'numeric' })
            : `${from.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} – ${new Date(to.getTime() - 1).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' })}`}
        </h2>
        <fieldset className="actions">
          <legend className="visually-hidden">Calendar view</legend>
          {(['list', 'week', 'month'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={v === view ? 'button' : 'button button--secondary'}
              aria-pressed={v === view}
              onClick={() => setView(v)}
            >
              {v === 'list' ? 'List' : v === 'week' ? 'Week' : 'Month'}
            </button>
          ))}
          <button type="button" className="button button--secondary" onClick={() => step(-1)}>
            Earlier
          </button>
          <button type="button" className="button button--secondary" onClick={() => step(1)}>
            Later
          </button>
        </fieldset>
        {events.isPending ? (
          <Loading />
        ) : events.error ? (
          <ErrorMessage error={events.error} />
        ) : view !== 'list' ? (
          <Grid view={view} from={from} to={to} rows={rows} />
        ) : rows.length === 0 ? (
          <EmptyState title="No events in this time.">
            <p>Try other filters, look later, or create one.</p>
          </EmptyState>
        ) : (
          <ul className="plain-list">
            {rows.map((e) => (
              <li key={e.sessionId}>
                <EventLine e={e} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <CalendarFeeds />
    </>
  );
}
