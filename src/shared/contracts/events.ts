import { z } from 'zod';

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
