import { defineData } from '#server/platform/data-classes.ts';

/** What was brought home belongs to the school or district it was brought to. */
export default defineData({
  tables: {
    home_shares: {
      class: 'school',
      people: { sharer_id: { erase: 'deidentify', export: true } },
      district: 'target_id = $1 or target_id in (select id from organizations where district_id = $1)',
    },
  },
});
