import type { TableData } from '#server/platform/data-classes.ts';

/**
 * The data classes of the LRS's identity tables (decision 050), merged into the lrs feature's
 * declaration: links an administrator made belong to the district and name the person they map to.
 */
export const identityTables: Record<string, TableData> = {
  lrs_identity_links: {
    class: 'district',
    people: {
      user_id: { erase: 'delete', export: true },
      created_by: { erase: 'clear', export: false },
    },
    district: 'district_id = $1',
  },
  lrs_settings: { class: 'district', district: 'district_id = $1' },
};
