import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictUsers = 'user_id in (select id from users where district_id = $1)';

/** Organizations, people, their roles, sign-in and the district's administrative records. */
export default defineData({
  tables: {
    organizations: { class: 'district', district: 'id = $1 or district_id = $1' },
    network_districts: { class: 'network', district: 'district_id = $1' },
    users: {
      class: 'district',
      columns: { password_hash: 'secret' },
      // The person's own row goes last, once nothing refers to it any more.
      people: { id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
    },
    memberships: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictUsers,
    },
    sessions: {
      class: 'person',
      columns: { token_hash: 'secret', csrf_token: 'secret' },
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictUsers,
      retention: { kind: 'sign_ins', column: 'last_seen_at' },
    },
    invitations: {
      class: 'district',
      columns: { token_hash: 'secret' },
      people: {
        invited_by: { erase: 'deidentify', export: false },
        accepted_user_id: { erase: 'delete', export: true },
      },
      district: 'district_id = $1',
    },
    password_resets: { class: 'secret', people: { user_id: { erase: 'delete', export: false } } },
    audit_events: {
      class: 'district',
      people: { actor_id: { erase: 'deidentify', export: false } },
      district: 'district_id = $1',
    },
    roster_imports: {
      class: 'district',
      people: { actor_id: { erase: 'deidentify', export: false } },
      district: 'district_id = $1',
    },
    school_change_requests: {
      class: 'district',
      people: {
        user_id: { erase: 'delete', export: true },
        decided_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    welcome_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    files: {
      class: 'district',
      people: { owner_id: { erase: 'deidentify', export: true } },
      district: 'owner_id in (select id from users where district_id = $1)',
    },
  },
  // What the audit log says about the person names the Former member and keeps no address or name;
  // invitations sent to their address before they joined go with them.
  async erase({ tx, personId, formerId }) {
    await tx.execute(sql`
      update audit_events set target_id = ${formerId}, details = details - 'email' - 'name'
       where target_type = 'user' and target_id = ${personId}::text`);
    await tx.execute(sql`
      delete from invitations
       where lower(email) = (select lower(email) from users where id = ${personId})`);
  },
});
