import type { TableData } from '#server/platform/data-classes.ts';

const ofDistrictCycles = 'cycle_id in (select id from inquiry_cycles where district_id = $1)';
const ofTheirCycles = 'cycle_id in (select cycle_id from inquiry_cycle_members where user_id = $1)';

/**
 * Teach and observe's tables, which the inquiry feature declares with its own. All are the team's
 * (`pair`): the lesson's arrangements and, above all, the notes and photos of student work taken
 * during it, which no district export carries. A person's own notes and photos are in their export
 * (the photos' files with them); erasing a person keeps their notes for the team, by no one.
 */
export const observationTables: Record<string, TableData> = {
  inquiry_research_lessons: {
    class: 'pair',
    people: { updated_by: { erase: 'clear', export: false } },
    linkedTo: ofTheirCycles,
    district: ofDistrictCycles,
  },
  inquiry_observer_assignments: {
    class: 'pair',
    people: { observer_id: { erase: 'delete', export: true } },
    district: ofDistrictCycles,
  },
  inquiry_observation_notes: {
    class: 'pair',
    people: { author_id: { erase: 'deidentify', export: true } },
    district: ofDistrictCycles,
  },
  inquiry_observation_photos: {
    class: 'pair',
    people: { author_id: { erase: 'deidentify', export: true } },
    district: ofDistrictCycles,
    files: ['storage_key'],
  },
};
