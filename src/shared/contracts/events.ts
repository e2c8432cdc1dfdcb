import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';
import { GradeBand, Subject } from './profiles.ts';
import { AUDIENCES, AudienceFields } from './resources.ts';

/**
 * Events (issue 17): workshops, institutes, yearlong series, PLC meetings and edcamps a school,
 * district, network or community puts on, found in a calendar, registered for with a capacity and a
 * waitlist, attended by roster or check-in code, and counted in each attendee's learning log.
 */

/** What kind of professional learning an event is (searched and shown as a badge). */
export const EVENT_KINDS = [
  'workshop',
  'institute',
  'series',
  'plc_meeting',
  'conference',
  'edcamp',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  workshop: 'Workshop',
  institute: 'Institute',
  series: 'Series',
  plc_meeting: 'PLC meeting',
  conference: 'Conference',
  edcamp: 'Edcamp',
};

/** In the room, online (the meeting link goes to registrants alone), or both. */
export const EVENT_MODES = ['in_person', 'online', 'hybrid'] as const;
export type EventMode = (typeof EVENT_MODES)[number];
export const EVENT_MODE_LABELS: Record<EventMode, string> = {
  in_person: 'In person',
  online: 'Online',
  hybrid: 'Hybrid',
};

/** Who puts the event on: a school, district or network, or a community. */
export const EVENT_HOST_KINDS = ['school', 'district', 'network', 'community'] as const;
export type EventHostKind = (typeof EVENT_HOST_KINDS)[number];

/** Where an event or one of its sessions stands; a cancelled one stays, marked, for those registered. */
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * A registration holds a seat while `registered` or `pending_approval` (waiting for the principal);
 * `waitlisted` waits its turn in order; `cancelled` and `declined` hold nothing.
 */
export const REGISTRATION_STATUSES = [
  'registered',
  'pending_approval',
  'waitlisted',
  'cancelled',
  'declined',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  registered: 'Registered',
  pending_approval: 'Waiting for principal approval',
  waitlisted: 'On the waitlist',
  cancelled: 'Cancelled',
  declined: 'Not approved',
};

/** How an attendance was taken: from the organizer's roster, or the attendee's check-in code. */
export const ATTENDANCE_METHODS = ['roster', 'code'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

/** A calendar feed: a person's own events, or every session of one event for its organizers. */
export const CALENDAR_FEED_KINDS = ['personal', 'event'] as const;
export type CalendarFeedKind = (typeof CALENDAR_FEED_KINDS)[number];

// ─── Inputs ─────────────────────────────────────────────────────────────────────────────────────

/** A wall-clock time in the event's zone, `2026-10-24T09:00`. */
export const WallTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a date and time like 2026-10-24T09:00');
const TimeZone = z.string().min(1).max(64);

/** When an event happens: its first start, length and zone, and how it repeats. */
export const ScheduleInput = z.strictObject({
  start: WallTime,
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  timeZone: TimeZone,
  /** An RFC 5545 RRULE value: `FREQ=WEEKLY;COUNT=6`, `FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270601T000000`. */
  rule: z.string().trim().max(300).optional(),
  /** Starts the rule gives that do not happen. */
  except: z.array(WallTime).max(100).optional(),
  /** Custom dates: further starts, when there is no rule. */
  dates: z.array(WallTime).max(100).optional(),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const QuestionInput = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 lower-case letters, digits, - or _')
    .optional(),
  prompt: displayName(200),
  required: z.boolean().default(false),
});

const eventFields = {
  kind: z.enum(EVENT_KINDS),
  title: displayName(200),
  description: plainText(5000).default(''),
  mode: z.enum(EVENT_MODES),
  place: line(200).default(''),
  room: line(100).default(''),
  capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  meetingUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable()
    .default(null),
  subjects: z.array(Subject).max(20).default([]),
  gradeBands: z.array(GradeBand).max(10).default([]),
  competencies: z
    .array(line(80).pipe(z.string().min(1)))
    .max(20)
    .default([]),
  creditHours: z.number().min(0).max(500).nullable().default(null),
  creditTypeId: z.uuid().nullable().default(null),
  requiresApproval: z.boolean().default(false),
  questions: z.array(QuestionInput).max(10).default([]),
  facilitatorIds: z.array(z.uuid()).max(20).default([]),
  materialIds: z.array(z.uuid()).max(30).default([]),
};

export const CreateEventBody = z.strictObject({
  host: z.strictObject({ kind: z.enum(EVENT_HOST_KINDS), id: z.uuid() }),
  ...AudienceFields,
  ...eventFields,
  schedule: ScheduleInput,
});
export type CreateEventBody = z.infer<typeof CreateEventBody>;

/** A change to the whole series; the schedule, when given, is expanded again (sessions kept where they match). */
export const UpdateEventBody = z.strictObject({
  title: displayName(200).optional(),
  description: plainText(5000).optional(),
  mode: z.enum(EVENT_MODES).optional(),
  place: line(200).optional(),
  room: line(100).optional(),
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  meetingUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable()
    .optional(),
  creditHours: z.number().min(0).max(500).nullable().optional(),
  schedule: ScheduleInput.optional(),
});
export type UpdateEventBody = z.infer<typeof UpdateEventBody>;

/** A change to one session: moved, placed elsewhere, or cancelled. */
export const UpdateSessionBody = z.strictObject({
  start: WallTime.optional(),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
  title: displayName(200).nullable().optional(),
  place: line(200).nullable().optional(),
  room: line(100).nullable().optional(),
  status: z.enum(EVENT_STATUSES).optional(),
});
export type UpdateSessionBody = z.infer<typeof UpdateSessionBody>;

export const EventListQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: line(200).optional(),
  subject: Subject.optional(),
  gradeBand: GradeBand.optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  mode: z.enum(EVENT_MODES).optional(),
  credit: z.enum(['1']).optional(),
  place: line(100).optional(),
  mine: z.enum(['1']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type EventListQuery = z.infer<typeof EventListQuery>;

export const RegisterBody = z.strictObject({
  answers: z.record(z.string().max(40), plainText(500)).default({}),
  needsSubstitute: z.boolean().default(false),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const ApprovalBody = z.strictObject({ approve: z.boolean() });
export const RosterBody = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(1000) });
export const CheckinBody = z.strictObject({ code: z.string().trim().min(1).max(20) });
export const FeedbackBody = z.strictObject({
  relevance: z.number().int().min(1).max(5),
  willUse: z.number().int().min(1).max(5),
  oneThing: plainText(1000).default(''),
});
export type FeedbackBody = z.infer<typeof FeedbackBody>;

// ─── Views ──────────────────────────────────────────────────────────────────────────────────────

export const SessionView = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  title: z.string(),
  place: z.string(),
  room: z.string(),
  status: z.enum(EVENT_STATUSES),
  /** Shown to organizers alone. */
  checkinCode: z.string().nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

export const EventSummary = z.object({
  id: z.string(),
  sessionId: z.string(),
  title: z.string(),
  kind: z.enum(EVENT_KINDS),
  mode: z.enum(EVENT_MODES),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  status: z.enum(EVENT_STATUSES),
  creditHours: z.number().nullable(),
  hostName: z.string().nullable(),
  seatsLeft: z.number().nullable(),
  myRegistration: z.enum(REGISTRATION_STATUSES).nullable(),
});
export type EventSummary = z.infer<typeof EventSummary>;
export const EventListResponse = z.object({ data: z.array(EventSummary) });

export const RegistrationView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  /** 1 for the first waiting; null when not waiting. */
  waitlistPosition: z.number().nullable(),
  answers: z.record(z.string(), z.string()),
  needsSubstitute: z.boolean(),
  attended: z.number(),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const EventDetail = z.object({
  id: z.string(),
  host: z.object({ kind: z.enum(EVENT_HOST_KINDS), id: z.string(), name: z.string().nullable() }),
  audience: z.enum(AUDIENCES),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  description: z.string(),
  mode: z.enum(EVENT_MODES),
  place: z.string(),
  room: z.string(),
  capacity: z.number().nullable(),
  taken: z.number(),
  /** Registrants and organizers alone; null for everyone else. */
  meetingUrl: z.string().nullable(),
  timeZone: z.string(),
  recurrence: z.string().nullable(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  competencies: z.array(z.string()),
  creditHours: z.number().nullable(),
  creditType: z.object({ id: z.string(), name: z.string() }).nullable(),
  requiresApproval: z.boolean(),
  questions: z.array(z.object({ id: z.string(), prompt: z.string(), required: z.boolean() })),
  facilitators: z.array(z.object({ id: z.string(), name: z.string() })),
  materials: z.array(z.object({ id: z.string(), title: z.string() })),
  status: z.enum(EVENT_STATUSES),
  sequence: z.number(),
  spaceId: z.string().nullable(),
  sessions: z.array(SessionView),
  me: z.object({
    organizer: z.boolean(),
    registration: z.enum(REGISTRATION_STATUSES).nullable(),
    waitlistPosition: z.number().nullable(),
    attendedSessionIds: z.array(z.string()),
    feedbackSessionIds: z.array(z.string()),
  }),
});
export type EventDetail = z.infer<typeof EventDetail>;
export const EventResponse = z.object({ data: EventDetail });
export const RegistrationResponse = z.object({
  data: z.object({ status: z.enum(REGISTRATION_STATUSES), waitlistPosition: z.number().nullable() }),
});
export const RegistrationListResponse = z.object({ data: z.array(RegistrationView) });
export const AttendanceResponse = z.object({
  data: z.object({ sessionId: z.string(), recorded: z.number() }),
});

export const FeedbackSummary = z.object({
  responses: z.number(),
  threshold: z.number(),
  /** Null while fewer than the threshold answered. */
  relevance: z.number().nullable(),
  willUse: z.number().nullable(),
  oneThings: z.array(z.string()).nullable(),
});
export const FeedbackSummaryResponse = z.object({ data: FeedbackSummary });

export const CalendarFeedView = z.object({
  id: z.string(),
  kind: z.enum(CALENDAR_FEED_KINDS),
  eventId: z.string().nullable(),
  /** The feed's URL: given in full once, when made. */
  url: z.string().nullable(),
  createdAt: z.string(),
});
export const CalendarFeedResponse = z.object({ data: CalendarFeedView });
export const CalendarFeedListResponse = z.object({ data: z.array(CalendarFeedView) });
