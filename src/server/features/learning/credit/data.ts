import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

/**
 * Credit's tables (decision 052). Credit types and approver settings are the district's. A claim is
 * an entry submitted to the district for credit: a district record (HR reads it), the teacher's to
 * download, gone when they are erased. Licences and transcripts are the teacher's own. The district's
 * transcript key is secret but for its public half.
 */
export default defineData({
  tables: {
    credit_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    credit_types: { class: 'district', district: 'district_id = $1' },
    credit_claims: {
      class: 'district',
      people: {
        user_id: { erase: 'delete', export: true },
        approver_id: { erase: 'clear', export: false },
      },
      district: 'district_id = $1',
    },
    licences: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
    },
    transcripts: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
      files: ['pdf_key'],
    },
    credit_signing_keys: {
      class: 'district',
      columns: { secret_key_encrypted: 'secret' },
      district: 'district_id = $1',
    },
  },
  // PD staff are named in an array no column rule reaches.
  erase: async ({ tx, personId }) => {
    await tx.execute(
      sql`update credit_settings set pd_staff_ids = array_remove(pd_staff_ids, ${personId}::uuid)
           where ${personId}::uuid = any(pd_staff_ids)`,
    );
  },
});
