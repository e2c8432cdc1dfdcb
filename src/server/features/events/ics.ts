import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { vtimezone, wallOf } from './time.ts';

/**
 * iCalendar for events (decision 081): one calendar object per event with a UID that never changes
 * (`event-<id>@trellis`), a SEQUENCE that moves with every change registrants are told of, VTIMEZONE
 * blocks for the event's zone, and one VEVENT per session: a rule's series is its master (with the
 * RRULE) and a session moved or cancelled on its own is an override with its RECURRENCE-ID; custom
 * dates are each their own VEVENT.
 */
export interface IcsEvent {
  id: string;
  title: string;
  description: string;
  location: string;
  url: string;
  timeZone: string;
  recurrence: string | null;
  sequence: number;
  status: 'scheduled' | 'cancelled';
  /** Shown to registrants and organizers alone; null in what others may read. */
  meetingUrl: string | null;
  organizer: { name: string; email: string } | null;
  sessions: IcsSession[];
}

export interface IcsSession {
  id: string;
  startsAt: Date;
  endsAt: Date;
  recurrenceId: Date;
  title: string | null;
  location: string | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  overridden: boolean;
}

export const eventUid = (eventId: string) => `event-${eventId}@trellis`;
const sessionUid = (sessionId: string) => `session-${sessionId}@trellis`;

/** An `.ics` of events: a REQUEST invitation, a CANCEL, or a PUBLISH feed. */
export function icsOf(
  events: readonly IcsEvent[],
  options: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; name?: string; only?: { sessionId: string } },
): string {
  const zones = new Set(events.map((e) => e.timeZone));
  const years = events.flatMap((e) => e.sessions.map((s) => s.startsAt.getUTCFullYear()));
  const from = years.length ? Math.min(...years) : new Date().getUTCFullYear();
  const to = years.length ? Math.max(...years) : from;
  const calendar = ical({
    prodId: { company: 'Trellis', product: 'Events', language: 'EN' },
    name: options.name ?? null,
    method: ICalCalendarMethod[options.method],
  });
  // One VTIMEZONE per zone used; ical-generator writes it from this generator.
  for (const zone of zones) calendar.timezone({ name: zone, generator: (tz) => vtimezone(tz, from, to) });
  for (const event of events) {
    const description = [
      event.description,
      event.meetingUrl ? `Join online: ${event.meetingUrl}` : '',
      event.url,
    ]
      .filter(Boolean)
      .join('\n\n');
    // ical-generator writes a date's UTC fields as the wall time of the TZID: give it wall times.
    const wall = (d: Date) => wallOf(d, event.timeZone);
    const common = {
      timezone: event.timeZone,
      description,
      url: event.url,
      organizer: event.organizer ?? undefined,
    };
    const statusOf = (s: 'scheduled' | 'cancelled') =>
      options.method === 'CANCEL' || s === 'cancelled' || event.status === 'cancelled'
        ? ICalEventStatus.CANCELLED
        : ICalEventStatus.CONFIRMED;
    const sessions = options.only
      ? event.sessions.filter((s) => s.id === options.only?.sessionId)
      : event.sessions;
    if (event.recurrence && event.sessions.length) {
      const master = event.sessions[0];
      if (!options.only)
        calendar.createEvent({
          ...common,
          id: eventUid(event.id),
          sequence: event.sequence,
          summary: event.title,
          location: event.location,
          start: wall(master.recurrenceId),
          end: wall(
            new Date(master.recurrenceId.getTime() + (master.endsAt.getTime() - master.startsAt.getTime())),
          ),
          repeating: event.recurrence.replace('EXDATE:', `EXDATE;TZID=${event.timeZone}:`),
          status: statusOf('scheduled'),
        });
      for (const s of sessions)
        if (s.overridden || s.status === 'cancelled' || options.only)
          calendar.createEvent({
            ...common,
            id: eventUid(event.id),
            recurrenceId: wall(s.recurrenceId),
            sequence: event.sequence + s.sequence,
            summary: s.title ?? event.title,
            location: s.location ?? event.location,
            start: wall(s.startsAt),
            end: wall(s.endsAt),
            status: statusOf(s.status),
          });
    } else {
      for (const s of sessions)
        calendar.createEvent({
          ...common,
          id: event.sessions.length === 1 ? eventUid(event.id) : sessionUid(s.id),
          sequence: event.sequence + s.sequence,
          summary: s.title ?? event.title,
          location: s.location ?? event.location,
          start: wall(s.startsAt),
          end: wall(s.endsAt),
          status: statusOf(s.status),
        });
    }
  }
  return calendar.toString();
}
