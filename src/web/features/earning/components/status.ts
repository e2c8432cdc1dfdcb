import type { SubmissionStatus } from '#shared/contracts/submissions.ts';

/** What each status means to the people earning. */
export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  draft: 'Drafting',
  submitted: 'Awaiting review',
  escalated: 'Awaiting a lead assessor',
  revise: 'Revise your evidence',
  earned: 'Earned',
  withdrawn: 'Withdrawn',
};

/** The order a person's submissions are grouped in: what needs them first. */
export const STATUS_ORDER: SubmissionStatus[] = [
  'revise',
  'draft',
  'submitted',
  'escalated',
  'earned',
  'withdrawn',
];

/** How long something has waited, in words: "3 days", "5 hours", "under an hour". */
export function waitingFor(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}
