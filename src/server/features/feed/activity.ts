import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';

/** A person hears who started following them. */
export const feedNotifications = [
  defineNotificationKind({
    kind: 'new_follower',
    verbs: ['followed'],
    describe: (f) => `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} started following you`,
    link: (f) => (f.actorId ? `/people/${f.actorId}` : null),
  }),
];
