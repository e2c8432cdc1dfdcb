import { sql } from 'drizzle-orm';
import { defineData, FORMER_MEMBER_NAME } from '#server/platform/data-classes.ts';

const ofDistrictUsers = 'user_id in (select id from users where district_id = $1)';

/** Notifications, notification settings and reply addresses are their person's alone. */
export default defineData({
  tables: {
    notifications: {
      class: 'person',
      people: {
        user_id: { erase: 'delete', export: true },
        actor_id: { erase: 'deidentify', export: false },
      },
      district: ofDistrictUsers,
      retention: { kind: 'notifications', column: 'created_at' },
    },
    person_settings: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictUsers,
    },
    notification_preferences: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictUsers,
    },
    // The reply addresses a person's emails carried: theirs alone; erased, they stop working.
    mail_reply_addresses: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictUsers,
    },
  },
  // Others' notifications keep the name of whoever acted as plain text: it becomes the Former member.
  async erase({ tx, personId }) {
    await tx.execute(sql`
      update notifications set data = jsonb_set(data, '{actorName}', to_jsonb(${FORMER_MEMBER_NAME}::text))
       where actor_id = ${personId} and data ? 'actorName'`);
  },
});
