import { defineData } from '#server/platform/data-classes.ts';

/**
 * The roster source and its runs are the district's records; the client secret is a secret (never
 * exported). An absence names a person only until they return or their account is deactivated.
 */
export default defineData({
  tables: {
    roster_sources: {
      class: 'district',
      columns: { client_secret_encrypted: 'secret' },
      people: { connected_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    roster_sync_runs: {
      class: 'district',
      people: { requested_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    roster_absences: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
    },
  },
});
