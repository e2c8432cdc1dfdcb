import { defineNotificationKind, oneLine } from '#server/platform/activity.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import type { VerbIri } from '#server/platform/statements.ts';
import { emailableMessage, isParticipant } from './access.ts';

/** The reply handler that posts email replies in a conversation. */
export const REPLY_HANDLER = 'messages';

/** Activity Streams' "send": a message sent in a conversation (the statement names the conversation only). */
export const SENT: VerbIri = 'http://activitystrea.ms/schema/1.0/send';

/** Activity Streams' "add": people added to a group conversation. */
export const ADDED: VerbIri = 'http://activitystrea.ms/schema/1.0/add';

/**
 * The notification kinds of direct messages: a message (it says who wrote and links to the
 * conversation; the message's words are never copied into the notification), and being added to or
 * removed from a group. The use cases name only the people concerned, so every one named may receive it.
 */
export const messageNotifications = [
  defineNotificationKind({
    kind: 'direct_message',
    verbs: [SENT],
    describe: (f) => `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} sent you a direct message`,
    label: 'Direct messages',
    link: (f) => (f.data.conversationId ? `/messages/${f.data.conversationId}` : '/messages'),
    // The message's words, read as the mail is sent: none if the recipient has left the conversation,
    // a block now stands between them, or the message is gone (deleted after the district's retention).
    email: async (tx, recipientId, facts) => {
      const { conversationId, messageId } = facts.data;
      if (!conversationId || !messageId) return null;
      const message = await emailableMessage(tx, recipientId, messageId);
      if (!message) return null;
      return {
        text: message.body_text,
        html: message.body_html,
        reply: { handler: REPLY_HANDLER, targetId: conversationId },
      };
    },
  }),
  defineNotificationKind({
    kind: 'conversation_added',
    verbs: [ADDED],
    describe: (f) => `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} added you to a conversation`,
    label: 'Added to a conversation',
    link: (f) => (f.data.conversationId ? `/messages/${f.data.conversationId}` : '/messages'),
  }),
  // Names no conversation: the person removed may no longer open it.
  defineNotificationKind({
    kind: 'conversation_removed',
    verbs: ['removed'],
    describe: (f) =>
      `${oneLine(f.actorName ?? f.data.actorName ?? 'Someone')} removed you from a conversation`,
    label: 'Removed from a conversation',
    link: () => '/messages',
  }),
];

/**
 * `conversation:<id>`: a message arrived, or its people changed; heard by its participants alone.
 * Someone taken out of it is told on their own topic (`access`), so their open pages stop hearing it.
 */
export const messageTopics: TopicDeclaration[] = [
  {
    name: 'conversation',
    hearing: async (db, actor, id) => ((await isParticipant(db, actor.userId, id)) ? 'all' : null),
    // A change of its people is checked before it is passed on: whoever was taken out hears not even that.
    changesHearing: ['members'],
  },
];
