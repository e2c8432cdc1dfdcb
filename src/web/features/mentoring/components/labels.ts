import {
  MATCH_FACTOR_LABELS,
  MEETING_MODE_LABELS,
  MENTORSHIP_STATUS_LABELS,
  type MatchFactor,
  type MeetingMode,
  type MentorshipStatus,
  type Person,
} from '#shared/contracts/mentoring.ts';

export const statusLabel = (s: MentorshipStatus) => MENTORSHIP_STATUS_LABELS[s];
export const modeLabel = (m: MeetingMode) => MEETING_MODE_LABELS[m];
export const factorLabel = (f: MatchFactor) => MATCH_FACTOR_LABELS[f];

/** Where a person works, as a line beside their name: `Birch Middle, North Fork Schools`. */
export const whereFrom = (p: Person) => [p.schoolName, p.districtName].filter(Boolean).join(', ');

/** Total minutes as hours to a tenth: `1.5 h`. */
export const hoursTotal = (minutes: number) => `${(Math.round(minutes / 6) / 10).toLocaleString()} h`;
