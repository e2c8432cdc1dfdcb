import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

/**
 * Search documents are a read model rebuilt from the rows they stand for: exports carry those rows,
 * not the documents, so the table belongs to no district's export.
 */
export default defineData({
  tables: {
    search_documents: { class: 'district' },
  },
  // A document one person alone may find names them among its readers.
  async erase({ tx, personId }) {
    await tx.execute(sql`
      update search_documents set readers = array_remove(readers, ${`u:${personId}`})
       where readers @> array[${`u:${personId}`}]`);
  },
});
