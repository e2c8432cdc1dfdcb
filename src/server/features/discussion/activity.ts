import { type SQL, sql } from 'drizzle-orm';
import {
  defineNotificationKind,
  type NotificationAbout,
  type NotificationFacts,
  oneLine,
} from '#server/platform/activity.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import { canReadContent, loadCommunityAccess, readersAmong } from '../communities/index.ts';
import { notMutedSql } from './reading-queries.ts';

/** The verb of a reminder Trellis gives: a bookmark's time has come. */
export const REMINDED = 'https://trellis.dev/xapi/verbs/reminded';

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

/** Readers who have not muted the thread or its community (decision 053): muting silences it. */
const unmutedReaders = (userIds: string[], about: NotificationAbout): SQL =>
  sql`select x.id from (${readersOfCommunity(userIds, about)}) x
       where ${notMutedSql(about.threadId, about.communityId)}`;

/** What people are told of discussions: mentions, replies, insights and moderation of their posts. */
export const discussionNotifications = [
  defineNotificationKind({
    kind: 'mention',
    verbs: ['posted', 'replied', 'updated'],
    describe: (f) => `${actor(f)} mentioned you in ${title(f)}`,
    receivers: unmutedReaders,
  }),
  defineNotificationKind({
    kind: 'reply',
    verbs: ['replied'],
    describe: (f) => `${actor(f)} replied to ${title(f)}`,
    receivers: unmutedReaders,
  }),
  defineNotificationKind({
    kind: 'watching',
    verbs: ['posted', 'replied'],
    label: 'New posts in threads and communities I watch',
    describe: (f) => `${actor(f)} posted in ${title(f)}, which you watch`,
    receivers: unmutedReaders,
  }),
  defineNotificationKind({
    kind: 'bookmark_reminder',
    verbs: [REMINDED],
    label: 'Reminders of my bookmarks',
    describe: (f) => `Reminder: you bookmarked ${title(f)} to come back to`,
    receivers: readersOfCommunity,
  }),
  defineNotificationKind({
    kind: 'insight',
    verbs: ['marked_insight'],
    describe: (f) => `${actor(f)} marked your reply as the insight in ${title(f)}`,
    receivers: unmutedReaders,
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
