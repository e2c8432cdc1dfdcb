import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

/**
 * A district's age limits and records rules are the district's. Exports are kept as files for a
 * week: a district's is its administrators', a person's is theirs alone and goes when they are
 * erased. An erasure request stays, by a Former member, as the record that the erasure was asked for.
 */
export default defineData({
  tables: {
    retention_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    privacy_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    data_exports: {
      class: 'district',
      people: {
        requested_by: { erase: 'clear', export: false },
        person_id: { erase: 'delete', export: true },
      },
      // A person's own export is theirs: only the district's own exports are the district's.
      district: "district_id = $1 and kind = 'district'",
    },
    erasure_requests: {
      class: 'district',
      people: {
        user_id: { erase: 'deidentify', export: true },
        decided_by: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    // The operator's words for every signed-in person: no district's, in no district's export.
    data_protection_statements: {
      class: 'public',
      people: { updated_by: { erase: 'clear', export: false } },
    },
  },
  // A person's own export archives go with them, from storage too.
  async erase({ tx, personId, removeFile }) {
    const { rows } = await tx.execute<{ file_key: string }>(sql`
      select file_key from data_exports where person_id = ${personId} and file_key is not null`);
    for (const row of rows) removeFile(row.file_key);
  },
});
