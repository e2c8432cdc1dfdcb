import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';

/** A resource's author hears where it was brought home (named as the spread view may name it). */
export const mobilizationNotifications = [
  defineNotificationKind({
    kind: 'resource_brought_home',
    verbs: ['brought_home'],
    describe: (f) =>
      `Your resource “${oneLine(f.data.resourceTitle ?? 'a resource')}” was brought home to ${oneLine(f.data.targetName ?? 'a school or district')}`,
    link: (f) => (f.data.resourceId ? `/resources/${f.data.resourceId}` : null),
    anonymous: true,
  }),
];
