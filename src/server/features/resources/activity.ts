import { defineNotificationKind, type NotificationFacts, oneLine } from '#server/platform/activity.ts';

const resource = (f: NotificationFacts) => `“${oneLine(f.data.resourceTitle ?? 'a resource')}”`;
const resourceLink = (f: NotificationFacts) => (f.data.resourceId ? `/resources/${f.data.resourceId}` : null);

/**
 * A resource's author hears how it is used, without being told who used it: data carries
 * `resourceId` and `resourceTitle`.
 */
export const resourceNotifications = [
  defineNotificationKind({
    kind: 'resource_reviewed',
    verbs: ['reviewed'],
    describe: (f) => `Your resource ${resource(f)} received a review`,
    link: resourceLink,
    anonymous: true,
  }),
  defineNotificationKind({
    kind: 'resource_tried',
    verbs: ['tried'],
    describe: (f) => `A colleague reported trying your resource ${resource(f)}`,
    link: resourceLink,
    anonymous: true,
  }),
  defineNotificationKind({
    kind: 'resource_remixed',
    verbs: ['remixed'],
    describe: (f) => `Your resource ${resource(f)} was remixed`,
    link: resourceLink,
    anonymous: true,
  }),
];
