import { defineData } from '#server/platform/data-classes.ts';
import { observationTables } from './observation/data.ts';
import { planTables } from './plan/feature-parts.ts';

const ofDistrictCycles = 'cycle_id in (select id from inquiry_cycles where district_id = $1)';

/**
 * Inquiry cycles belong to their community (`community`): a district's export carries the cycles of
 * its communities. A cycle's working materials (the Study phase, readings, what was said in the
 * reflection) are the team's (`pair`) until something is published: in each member's own export,
 * in no district's. A network's templates belong to the network.
 */
export default defineData({
  tables: {
    inquiry_templates: {
      class: 'network',
      people: { created_by: { erase: 'deidentify', export: true } },
    },
    inquiry_cycles: {
      class: 'community',
      people: {
        created_by: { erase: 'deidentify', export: true },
        facilitator_id: { erase: 'deidentify', export: true },
      },
      district: 'district_id = $1',
    },
    inquiry_cycle_members: {
      class: 'community',
      people: {
        user_id: { erase: 'delete', export: true },
        added_by: { erase: 'clear', export: false },
      },
      district: ofDistrictCycles,
    },
    inquiry_cycle_phases: {
      class: 'community',
      linkedTo: 'cycle_id in (select cycle_id from inquiry_cycle_members where user_id = $1)',
      district: ofDistrictCycles,
    },
    inquiry_studies: {
      class: 'pair',
      people: { updated_by: { erase: 'clear', export: false } },
      linkedTo: 'cycle_id in (select cycle_id from inquiry_cycle_members where user_id = $1)',
      district: ofDistrictCycles,
    },
    inquiry_readings: {
      class: 'pair',
      people: { added_by: { erase: 'clear', export: true } },
      district: ofDistrictCycles,
    },
    inquiry_reflection_roles: {
      class: 'pair',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictCycles,
    },
    inquiry_reflection_remarks: {
      class: 'pair',
      people: { author_id: { erase: 'deidentify', export: true } },
      district: ofDistrictCycles,
    },
    ...planTables,
    ...observationTables,
  },
});
