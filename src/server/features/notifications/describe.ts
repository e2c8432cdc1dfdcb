import { type NotificationFacts, notificationKind } from '#server/platform/activity.ts';

/** A plain-text sentence (never HTML), as the notification's kind describes it. */
export function describeNotification(f: NotificationFacts): string {
  return notificationKind(f.kind)?.describe(f) ?? 'Something happened in Trellis';
}

/**
 * Where the web app shows what the notification is about: where its kind links, else the thread
 * (and post) it concerns, else its community, else the notifications page.
 */
export function notificationLink(f: NotificationFacts): string {
  const declared = notificationKind(f.kind)?.link?.(f);
  if (declared) return declared;
  if (f.communityId && f.threadId)
    return `/communities/${f.communityId}/threads/${f.threadId}${f.postId ? `#post-${f.postId}` : ''}`;
  if (f.communityId) return `/communities/${f.communityId}`;
  return '/notifications';
}
