import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictLadders = 'select id from pathway_ladders where owner_org_id = $1';
const ofDistrictOpportunities = 'select id from pathway_opportunities where district_id = $1';

/**
 * Ladders, roles, requirements, opportunities and pay settings are their district's. The roles people
 * hold are the district's too: shared leadership is visible (decision 086). Where a person stands is
 * theirs: confirmations and years of experience are `person`; an application is the applicant's and
 * its reviewers' (`pair`).
 */
export default defineData({
  tables: {
    pathway_ladders: {
      class: 'district',
      people: { created_by: { erase: 'clear', export: false } },
      district: 'owner_org_id = $1',
    },
    pathway_roles: { class: 'district', district: `ladder_id in (${ofDistrictLadders})` },
    pathway_requirements: {
      class: 'district',
      district: `role_id in (select id from pathway_roles where ladder_id in (${ofDistrictLadders})) or opportunity_id in (${ofDistrictOpportunities})`,
    },
    pathway_opportunities: {
      class: 'district',
      people: { posted_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    pathway_applications: {
      class: 'pair',
      people: {
        applicant_id: { erase: 'delete', export: true },
        decided_by: { erase: 'clear', export: false },
      },
      district: `opportunity_id in (${ofDistrictOpportunities})`,
    },
    pathway_role_holders: {
      class: 'district',
      people: {
        user_id: { erase: 'delete', export: true },
        created_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    pathway_confirmations: {
      class: 'person',
      people: {
        user_id: { erase: 'delete', export: true },
        confirmed_by: { erase: 'clear', export: false },
      },
      district: 'user_id in (select id from users where district_id = $1)',
    },
    pathway_experience: {
      class: 'person',
      people: {
        user_id: { erase: 'delete', export: true },
        confirmed_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    pathway_pay_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
  },
});
