import type { Tx } from '#server/db/client.ts';
import {
  defineNotificationKind,
  type NotificationAbout,
  type NotificationFacts,
  oneLine,
} from '#server/platform/activity.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import { canReadContent, loadCommunityAccess, readersAmong } from '../communities/index.ts';

const actor = (f: NotificationFacts) => oneLine(f.actorName ?? f.data.actorName ?? 'Someone');
const title = (f: NotificationFacts) => `“${oneLine(f.threadTitle ?? f.data.threadTitle ?? 'a discussion')}”`;

/** A private community's words never reach a non-member: only its readers are told of its threads. */
async function readersOfCommunity(tx: Tx, userIds: string[], about: NotificationAbout): Promise<string[]> {
  if (!about.communityId) return userIds;
  const { rows } = await tx.execute<{ id: string }>(readersAmong(about.communityId, userIds));
  return rows.map((r) => r.id);
}

/** What people are told of discussions: mentions, replies, insights and moderation of their posts. */
export const discussionNotifications = [
  defineNotificationKind({
    kind: 'mention',
    verbs: ['posted', 'replied', 'updated'],
    describe: (f) => `${actor(f)} mentioned you in ${title(f)}`,
    mayReceive: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'reply',
    verbs: ['replied'],
    describe: (f) => `${actor(f)} replied to ${title(f)}`,
    mayReceive: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'insight',
    verbs: ['marked_insight'],
    describe: (f) => `${actor(f)} marked your reply as the insight in ${title(f)}`,
    mayReceive: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'moderation',
    verbs: ['moderated'],
    describe: (f) => {
      const said = f.data.reason ?? f.data.message;
      const reason = said ? `: ${oneLine(said)}` : '';
      return f.data.action === 'restored'
        ? `A facilitator restored your post in ${title(f)}`
        : `A facilitator hid your post in ${title(f)}${reason}`;
    },
    mayReceive: readersOfCommunity,
  }),
];

/** `thread:<id>`: posts added, edited, hidden or marked; heard by those who may read its community. */
export const discussionTopics: TopicDeclaration[] = [
  {
    name: 'thread',
    async hearing(db, actor, id) {
      const access = await loadCommunityAccess(db, actor.userId, { threadId: id });
      return access !== null && canReadContent(actor, access) ? 'all' : null;
    },
    // It moved to another community: who may hear it may have changed.
    changesHearing: ['thread'],
  },
];
