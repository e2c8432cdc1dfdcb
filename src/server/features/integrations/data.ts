import { defineData } from '#server/platform/data-classes.ts';

/**
 * API clients belong to their district; their secrets' hashes are secret. Erasing the administrator
 * who created one leaves the client working, by no one.
 */
export default defineData({
  tables: {
    api_clients: {
      class: 'district',
      columns: { secret_hash: 'secret', previous_secret_hash: 'secret' },
      people: { created_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
  },
});
