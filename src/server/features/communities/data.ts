import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictCommunities = 'community_id in (select id from communities where district_id = $1)';

/** Communities and who belongs to them. Network-owned communities belong to no one district. */
export default defineData({
  tables: {
    communities: {
      class: 'community',
      people: { created_by: { erase: 'deidentify', export: true } },
      district: 'district_id = $1',
    },
    community_members: {
      class: 'community',
      people: {
        user_id: { erase: 'delete', export: true },
        invited_by: { erase: 'clear', export: false },
      },
      district: ofDistrictCommunities,
    },
    // The version of what "people like you" counts on a community's card: a counter, naming no one.
    community_member_versions: {
      class: 'community',
      district: ofDistrictCommunities,
    },
  },
  // The member count is kept beside the rows: an erased member no longer counts.
  async erase({ tx, personId }) {
    await tx.execute(sql`
      update communities set member_count = greatest(member_count - 1, 0)
       where id in (select community_id from community_members where user_id = ${personId} and status = 'active')`);
  },
});
