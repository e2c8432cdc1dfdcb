import { defineData } from '#server/platform/data-classes.ts';

/** A district's age limits are the district's. */
export default defineData({
  tables: {
    retention_settings: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
  },
});
