import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import type { VerbIri } from '#server/platform/statements.ts';
import { isParticipant } from './access.ts';

/** Activity Streams' "send": a message sent in a conversation (the statement names the conversation only). */
export const SENT: VerbIri = 'http://activitystrea.ms/schema/1.0/send';

/**
 * The one notification kind of direct messages. It says who wrote and links to the conversation; the
 * message's words are never copied into the notification. The use case names only the conversation's
 * other participants, so every one named may receive it.
 */
export const messageNotifications = [
  defineNotificationKind({
    kind: 'direct_message',
    verbs: [SENT],
    describe: (f) => `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} sent you a direct message`,
    link: (f) => (f.data.conversationId ? `/messages/${f.data.conversationId}` : '/messages'),
  }),
];

/** `conversation:<id>`: a message arrived; heard by its participants alone. */
export const messageTopics: TopicDeclaration[] = [
  {
    name: 'conversation',
    hearing: async (db, actor, id) => ((await isParticipant(db, actor.userId, id)) ? 'all' : null),
  },
];
