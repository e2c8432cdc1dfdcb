import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictCycles = 'cycle_id in (select id from coaching_cycles where district_id = $1)';
const ofTheirCycles = 'cycle_id in (select cycle_id from coaching_cycle_members where user_id = $1)';

/**
 * A district's coaching rubrics are the district's. A coaching cycle and everything in it belong to
 * the teacher and the people they invited (`pair`): in each member's own export, in no district's.
 * Erasing a member removes their place in cycles and keeps what they wrote for the others, by no one.
 */
export default defineData({
  tables: {
    coaching_rubrics: {
      class: 'district',
      people: {
        created_by: { erase: 'clear', export: false },
        updated_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    coaching_rubric_rows: {
      class: 'district',
      district: 'rubric_id in (select id from coaching_rubrics where district_id = $1)',
    },
    coaching_cycles: {
      class: 'pair',
      people: { teacher_id: { erase: 'deidentify', export: true } },
      linkedTo: 'id in (select cycle_id from coaching_cycle_members where user_id = $1)',
      district: 'district_id = $1',
    },
    coaching_cycle_members: {
      class: 'pair',
      people: {
        user_id: { erase: 'delete', export: true },
        invited_by: { erase: 'clear', export: false },
      },
      district: ofDistrictCycles,
    },
    coaching_conferences: {
      class: 'pair',
      people: { updated_by: { erase: 'clear', export: false } },
      linkedTo: ofTheirCycles,
      district: ofDistrictCycles,
    },
    coaching_observations: {
      class: 'pair',
      people: { observer_id: { erase: 'deidentify', export: true } },
      linkedTo: ofTheirCycles,
      district: ofDistrictCycles,
    },
    coaching_observation_notes: {
      class: 'pair',
      people: { author_id: { erase: 'deidentify', export: true } },
      district:
        'observation_id in (select o.id from coaching_observations o join coaching_cycles c on c.id = o.cycle_id where c.district_id = $1)',
    },
    coaching_actions: {
      class: 'pair',
      people: {
        owner_id: { erase: 'deidentify', export: true },
        created_by: { erase: 'clear', export: false },
      },
      linkedTo: ofTheirCycles,
      district: ofDistrictCycles,
    },
    coaching_comments: {
      class: 'pair',
      people: { author_id: { erase: 'deidentify', export: true } },
      district: ofDistrictCycles,
    },
  },
});
