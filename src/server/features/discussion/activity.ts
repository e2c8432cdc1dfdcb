import { type SQL, sql } from 'drizzle-orm';
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

/**
 * A private community's words never reach a non-member: only its readers are told of its threads.
 * As SQL, so a reply tells them in the statement that saves it.
 */
const readersOfCommunity = (userIds: string[], about: NotificationAbout): SQL =>
  about.communityId
    ? readersAmong(about.communityId, userIds)
    : sql`select id from unnest(${sql.param(userIds)}::uuid[]) as people(id)`;

/** What people are told of discussions: mentions, replies, insights and moderation of their posts. */
export const discussionNotifications = [
  defineNotificationKind({
    kind: 'mention',
    verbs: ['posted', 'replied', 'updated'],
    describe: (f) => `${actor(f)} mentioned you in ${title(f)}`,
    receivers: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'reply',
    verbs: ['replied'],
    describe: (f) => `${actor(f)} replied to ${title(f)}`,
    receivers: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'insight',
    verbs: ['marked_insight'],
    describe: (f) => `${actor(f)} marked your reply as the insight in ${title(f)}`,
    receivers: readersOfCommunity,
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
    receivers: readersOfCommunity,
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
