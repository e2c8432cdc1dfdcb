import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import { canReadContent, canSeeCommunity } from './policy.ts';
import { loadCommunityAccess } from './queries.ts';

const community = (name: string | null | undefined) => oneLine(name ?? 'a community');
const said = (data: Record<string, string>) => {
  const words = data.reason ?? data.message;
  return words ? `: ${oneLine(words)}` : '';
};

/** What members and facilitators are told of joining, invitations and removal. */
export const communityNotifications = [
  defineNotificationKind({
    kind: 'join_request',
    verbs: ['requested'],
    describe: (f) =>
      `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} asked to join ${community(f.communityName ?? f.data.communityName)}`,
    link: (f) => (f.communityId ? `/communities/${f.communityId}/manage` : null),
  }),
  defineNotificationKind({
    kind: 'join_decision',
    verbs: ['approved', 'declined'],
    describe: (f) =>
      f.data.decision === 'declined'
        ? `Your request to join ${community(f.communityName ?? f.data.communityName)} was declined${said(f.data)}`
        : `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} approved your request to join ${community(f.communityName ?? f.data.communityName)}`,
  }),
  defineNotificationKind({
    kind: 'community_invitation',
    verbs: ['invited'],
    describe: (f) =>
      `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} invited you to join ${community(f.communityName ?? f.data.communityName)}`,
  }),
  defineNotificationKind({
    kind: 'removed',
    verbs: ['removed'],
    describe: (f) =>
      `You were removed from ${community(f.communityName ?? f.data.communityName)}${said(f.data)}`,
    link: () => '/communities',
  }),
];

/** Signal types of a community topic that name no thread: heard by those who may only see it. */
const OUTLINE_TYPES = ['community', 'members', 'resync'];

/**
 * `community:<id>`: threads started, moved or changed in it, its members and details. Those who may
 * read its content hear everything; those who may only see it (a by-request community they have not
 * joined) hear its own changes, never which threads move.
 */
export const communityTopics: TopicDeclaration[] = [
  {
    name: 'community',
    async hearing(db, actor, id) {
      const access = await loadCommunityAccess(db, actor.userId, { communityId: id });
      if (access === null || !canSeeCommunity(actor, access)) return null;
      return canReadContent(actor, access) ? 'all' : 'outline';
    },
    outline: OUTLINE_TYPES,
    // Its join policy or owner changed: who may hear it may have changed with them.
    changesHearing: ['community'],
  },
];
