import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictCommunities = 'community_id in (select id from communities where district_id = $1)';
/** A school team's rows belong to the school's district, whoever owns the community. */
const ofDistrictSchools =
  "school_id in (select id from organizations where kind = 'school' and district_id = $1)";
const noted = { erase: 'clear', export: false } as const;

/**
 * An improvement community's aim, driver diagram and measures are the community's. Measure values are
 * aggregates a school team enters (never a row per student) and go with the school's district; a PDSA
 * cycle's content is its community's, read by the cycle's team only (the inquiry policy).
 */
export default defineData({
  tables: {
    improvement_aims: {
      class: 'community',
      people: { updated_by: noted },
      district: ofDistrictCommunities,
    },
    improvement_drivers: {
      class: 'community',
      district:
        'aim_id in (select a.id from improvement_aims a join communities c on c.id = a.community_id where c.district_id = $1)',
    },
    improvement_measures: {
      class: 'community',
      people: { created_by: noted },
      district: ofDistrictCommunities,
    },
    improvement_values: {
      class: 'school',
      people: { entered_by: noted, flagged_by: noted },
      district: ofDistrictSchools,
    },
    improvement_baselines: {
      class: 'school',
      people: { recorded_by: noted },
      district: ofDistrictSchools,
    },
    improvement_pdsa_cycles: {
      class: 'community',
      people: { updated_by: noted },
      district: 'cycle_id in (select id from inquiry_cycles where district_id = $1)',
    },
  },
});
