import type { TableData } from '#server/platform/data-classes.ts';

/**
 * The data class of the LRS documents (decision 050): what other tools stored about their
 * activities and agents for the district. The agent is named by its IFI key, not a person's id.
 */
export const documentTables: Record<string, TableData> = {
  // The address hashes are derived from the other columns; classed secret by their names, as every
  // `_hash` column is, they are simply left out of exports.
  lrs_documents: {
    class: 'district',
    columns: { scope_hash: 'secret', address_hash: 'secret' },
    district: 'district_id = $1',
  },
};
