import { defineNotificationKind, type NotificationFacts, oneLine } from '#server/platform/activity.ts';

const credential = (f: NotificationFacts) => `“${oneLine(f.data.credentialTitle ?? 'a micro-credential')}”`;
const actor = (f: NotificationFacts) => oneLine(f.actorName ?? f.data.actorName ?? 'Someone');

/**
 * Earners, assessors and lead assessors hear of submissions and reviews; earners of awards and
 * revocations. Submission kinds carry `credentialTitle` and `submissionId`, award kinds `awardId`.
 */
export const credentialNotifications = [
  defineNotificationKind({
    kind: 'credential_submitted',
    verbs: ['submitted'],
    describe: (f) => `${actor(f)} submitted evidence for ${credential(f)}`,
    link: (f) => (f.data.submissionId ? `/reviews/${f.data.submissionId}` : null),
  }),
  defineNotificationKind({
    kind: 'credential_reviewed',
    verbs: ['reviewed'],
    describe: (f) => `${actor(f)} reviewed your evidence for ${credential(f)} and asked you to revise it`,
    link: (f) => (f.data.submissionId ? `/submissions/${f.data.submissionId}` : null),
  }),
  defineNotificationKind({
    kind: 'credential_escalated',
    verbs: ['reviewed'],
    describe: (f) =>
      `Assessors disagree on a submission for ${credential(f)}: a lead assessor's decision is needed`,
    link: (f) => (f.data.submissionId ? `/reviews/${f.data.submissionId}` : null),
  }),
  defineNotificationKind({
    kind: 'credential_earned',
    verbs: ['earned'],
    describe: (f) => `You earned ${credential(f)}`,
    link: (f) => (f.data.awardId ? `/credentials/${f.data.awardId}` : null),
  }),
  defineNotificationKind({
    kind: 'credential_revoked',
    verbs: ['revoked'],
    describe: (f) => {
      const said = f.data.reason ?? f.data.message;
      return `Your credential ${credential(f)} was revoked${said ? `: ${oneLine(said)}` : ''}`;
    },
    link: (f) => (f.data.awardId ? `/credentials/${f.data.awardId}` : null),
  }),
];
