import { defineData } from '#server/platform/data-classes.ts';

/** Conversations a person of the district takes part in. */
const ofDistrictConversations = `conversation_id in (select cp.conversation_id from conversation_participants cp
  join users u on u.id = cp.user_id where u.district_id = $1)`;
/** The conversations a person takes part in: every message of them is in their own export. */
const ofTheirConversations =
  'conversation_id in (select conversation_id from conversation_participants where user_id = $1)';

/**
 * Direct messages are the participants' (`pair`): in each participant's own export, in no district's
 * (unless the operator keeps records as the law requires: decision 055) and in no administrator's
 * view. A message is deleted after its sender's district's retention for messages. An erased
 * person's messages stay for the others, by a Former member. A report carries a copy of the one
 * message reported to the sender's district, whose administrators read it.
 */
export default defineData({
  tables: {
    conversations: {
      class: 'pair',
      legalRecord: true,
      people: { created_by: { erase: 'deidentify', export: true } },
      linkedTo: 'id in (select conversation_id from conversation_participants where user_id = $1)',
      district: `id in (select cp.conversation_id from conversation_participants cp
        join users u on u.id = cp.user_id where u.district_id = $1)`,
    },
    conversation_participants: {
      class: 'pair',
      legalRecord: true,
      people: { user_id: { erase: 'deidentify', export: true } },
      linkedTo: ofTheirConversations,
      district: ofDistrictConversations,
    },
    messages: {
      class: 'pair',
      legalRecord: true,
      columns: { idempotency_key: 'secret' },
      people: { sender_id: { erase: 'deidentify', export: true } },
      linkedTo: ofTheirConversations,
      district: 'sender_district_id = $1',
      retention: { kind: 'messages', column: 'created_at' },
    },
    // A message's files go where its message goes; one not yet sent is its uploader's alone.
    message_attachments: {
      class: 'pair',
      legalRecord: true,
      people: { uploader_id: { erase: 'deidentify', export: true } },
      files: ['file_key'],
      linkedTo: `message_id in (select m.id from messages m join conversation_participants cp
        on cp.conversation_id = m.conversation_id where cp.user_id = $1)`,
      district: 'message_id in (select id from messages where sender_district_id = $1)',
    },
    // Whom a person blocked is theirs alone: the blocked person is not told.
    message_blocks: {
      class: 'person',
      people: {
        blocker_id: { erase: 'delete', export: true },
        blocked_id: { erase: 'delete', export: false },
      },
      district: 'blocker_id in (select id from users where district_id = $1)',
    },
    message_reports: {
      class: 'district',
      people: {
        reporter_id: { erase: 'deidentify', export: true },
        sender_id: { erase: 'deidentify', export: false },
        resolved_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
  },
});
