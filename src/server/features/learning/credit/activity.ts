import { defineNotificationKind, type NotificationFacts, oneLine } from '#server/platform/activity.ts';

/** The verb of asking a teacher to change an entry before it is approved. */
export const ASKED_FOR_CHANGES = 'https://trellis.dev/xapi/verbs/asked-for-changes' as const;

const who = (f: NotificationFacts) => oneLine(f.actorName ?? f.data.actorName ?? 'Someone');
const title = (f: NotificationFacts) => `“${oneLine(f.data.entryTitle ?? 'a learning entry')}”`;
const type = (f: NotificationFacts) => oneLine(f.data.creditType ?? 'credit');

/**
 * Approvers hear of submissions and resubmissions; teachers of each decision. Kinds carry
 * `creditType`, and decisions `entryTitle` and `claimId`.
 */
export const creditNotifications = [
  defineNotificationKind({
    kind: 'credit_submitted',
    verbs: ['submitted'],
    describe: (f) => {
      const count = Number(f.data.count ?? '1');
      return count > 1
        ? `${who(f)} submitted ${count} learning entries for ${type(f)}`
        : `${who(f)} submitted ${title(f)} for ${type(f)}`;
    },
    link: () => '/credit/approvals',
  }),
  defineNotificationKind({
    kind: 'credit_approved',
    verbs: ['approved'],
    describe: (f) =>
      `${who(f)} approved ${f.data.hours ?? ''} hours of ${type(f)} for ${title(f)}`.replace('  ', ' '),
    link: () => '/credit',
  }),
  defineNotificationKind({
    kind: 'credit_changes_requested',
    verbs: [ASKED_FOR_CHANGES],
    describe: (f) => `${who(f)} asked for changes to ${title(f)} before approving it for ${type(f)}`,
    link: () => '/credit',
  }),
  defineNotificationKind({
    kind: 'credit_declined',
    verbs: ['declined'],
    describe: (f) => `${who(f)} declined ${title(f)} for ${type(f)}`,
    link: () => '/credit',
  }),
];
