import rrulePackage, { type RRule } from 'rrule';

// rrule ships CommonJS to Node: its named exports are read from the default export.
const { rrulestr } = rrulePackage;

/**
 * Times of events (decision 081): an organizer sets wall-clock times in the event's time zone; Trellis
 * stores each session's start and end in UTC with that zone, so a weekly session at 9:00 stays at
 * 9:00 across a daylight-saving change. A series' rule (RFC 5545 RRULE, with EXDATE exceptions) is
 * expanded over wall-clock times and each is then placed in the zone.
 */

/** `YYYY-MM-DDTHH:mm` wall-clock time, as the organizer enters it. */
export type WallTime = string;

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** Whether the IANA time zone is known. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone, as a Date whose UTC fields are those fields. */
export function wallOf(instant: Date, timeZone: string): Date {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

/** The zone's offset from UTC at an instant, in milliseconds. */
export const offsetAt = (instant: Date, timeZone: string) =>
  wallOf(instant, timeZone).getTime() - Math.floor(instant.getTime() / 1000) * 1000;

/**
 * The instant a wall-clock time (given as a Date whose UTC fields are the wall fields) names in the
 * zone. A time skipped by a spring-forward change moves forward by the gap; a repeated one takes
 * its first occurrence.
 */
export function instantOf(wall: Date, timeZone: string): Date {
  const guess = wall.getTime() - offsetAt(wall, timeZone);
  const first = wall.getTime() - offsetAt(new Date(guess), timeZone);
  const second = wall.getTime() - offsetAt(new Date(first), timeZone);
  return new Date(Math.min(first, second));
}

export const parseWall = (wall: WallTime) => new Date(`${wall}:00Z`);
export const formatWall = (wall: Date) => wall.toISOString().slice(0, 16);

/** RRULE wall time in basic format, `20261013T090000`. */
const basic = (wall: Date) => wall.toISOString().replace(/[-:]/g, '').slice(0, 15);

export interface Schedule {
  start: WallTime;
  durationMinutes: number;
  timeZone: string;
  /** An RFC 5545 RRULE value (`FREQ=WEEKLY;COUNT=6`), or absent for one session or custom dates. */
  rule?: string;
  /** Starts the rule gives that do not happen (EXDATE), as wall times. */
  except?: WallTime[];
  /** Further custom dates (wall starts) beyond `start`, when there is no rule. */
  dates?: WallTime[];
}

/** The most sessions one event may have (a series of every school day for two years is under it). */
export const MAX_SESSIONS = 400;

/** The stored recurrence text: the RRULE line and its EXDATE line, or null for no rule. */
export function recurrenceText(schedule: Schedule): string | null {
  if (!schedule.rule) return null;
  const lines = [`RRULE:${schedule.rule}`];
  if (schedule.except?.length)
    lines.push(`EXDATE:${schedule.except.map((w) => basic(parseWall(w))).join(',')}`);
  return lines.join('\n');
}

/** Thrown with a message naming what is wrong with the rule. */
export class ScheduleError extends Error {}

/** The sessions of a schedule: each start's wall time (its RECURRENCE-ID) and its UTC start and end. */
export function expandSchedule(schedule: Schedule): { recurrenceId: Date; startsAt: Date; endsAt: Date }[] {
  const first = parseWall(schedule.start);
  let walls: Date[];
  if (schedule.rule) {
    let rule: RRule;
    try {
      rule = rrulestr(`DTSTART:${basic(first)}\nRRULE:${schedule.rule}`) as RRule;
    } catch {
      throw new ScheduleError(
        'is not a recurrence rule Trellis can read (RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=6)',
      );
    }
    if (!rule.options.count && !rule.options.until) throw new ScheduleError('must end: give COUNT or UNTIL');
    const except = new Set((schedule.except ?? []).map((w) => parseWall(w).getTime()));
    walls = rule.all((_, i) => i < MAX_SESSIONS + except.size + 1).filter((d) => !except.has(d.getTime()));
  } else {
    walls = [first, ...(schedule.dates ?? []).map(parseWall)];
  }
  walls = [...new Map(walls.map((w) => [w.getTime(), w])).values()].sort((a, b) => a.getTime() - b.getTime());
  if (walls.length === 0) throw new ScheduleError('gives no sessions');
  if (walls.length > MAX_SESSIONS) throw new ScheduleError(`gives more than ${MAX_SESSIONS} sessions`);
  const ms = schedule.durationMinutes * 60_000;
  return walls.map((wall) => {
    const startsAt = instantOf(wall, schedule.timeZone);
    return {
      recurrenceId: startsAt,
      startsAt,
      endsAt: instantOf(new Date(wall.getTime() + ms), schedule.timeZone),
    };
  });
}

/**
 * A VTIMEZONE block for the zone covering the given years, with one STANDARD or DAYLIGHT observance
 * per change of offset (found from the platform's zone data), so calendars such as Outlook show the
 * right times without knowing the zone's name.
 */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const fmt = (ms: number) => {
    const sign = ms < 0 ? '-' : '+';
    const m = Math.round(Math.abs(ms) / 60_000);
    return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
  };
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  let t = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  let before = offsetAt(new Date(t), timeZone);
  const standard = Math.min(before, offsetAt(new Date(Date.UTC(fromYear, 6, 1)), timeZone));
  const observances: string[][] = [];
  for (; t < end; t += 3_600_000) {
    const now = offsetAt(new Date(t), timeZone);
    if (now !== before) {
      const at = new Date(t);
      const kind = now > standard ? 'DAYLIGHT' : 'STANDARD';
      observances.push([
        `BEGIN:${kind}`,
        `DTSTART:${basic(new Date(at.getTime() + before))}`,
        `TZOFFSETFROM:${fmt(before)}`,
        `TZOFFSETTO:${fmt(now)}`,
        `END:${kind}`,
      ]);
      before = now;
    }
  }
  if (observances.length === 0)
    observances.push([
      'BEGIN:STANDARD',
      `DTSTART:${fromYear}0101T000000`,
      `TZOFFSETFROM:${fmt(standard)}`,
      `TZOFFSETTO:${fmt(standard)}`,
      'END:STANDARD',
    ]);
  return [...lines, ...observances.flat(), 'END:VTIMEZONE'].join('\r\n');
}
