import { defineData } from '#server/platform/data-classes.ts';

/**
 * A person's learning log is private to them and their approvers (decision 051): it is theirs to
 * download, goes when they are erased and never goes into a district's export (leaders read
 * aggregates only).
 */
export default defineData({
  tables: {
    learning_entries: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
    },
    learning_evidence: {
      class: 'person',
      linkedTo: 'entry_id in (select id from learning_entries where user_id = $1)',
      district: 'entry_id in (select id from learning_entries where district_id = $1)',
      files: ['file_key'],
    },
  },
});
