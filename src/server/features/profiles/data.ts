import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

/** Profiles: colleagues read each field as its person chose; the choices themselves are theirs. */
export default defineData({
  tables: {
    profiles: {
      class: 'district',
      columns: { field_visibility: 'person', portfolio_public: 'person' },
      people: { user_id: { erase: 'delete', export: true } },
      files: ['photo_key'],
      district: 'user_id in (select id from users where district_id = $1)',
    },
    // The words of active people's names, copied from their profiles for the directory's prefixes.
    profile_name_words: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: false } },
      district: 'district_id = $1',
    },
  },
  // A photo shows the person: it goes with them, from the database and from storage.
  async erase({ tx, personId, removeFile }) {
    const { rows } = await tx.execute<{ key: string }>(sql`
      delete from files where key = (select photo_key from profiles where user_id = ${personId}) returning key`);
    for (const row of rows) removeFile(row.key);
  },
});
