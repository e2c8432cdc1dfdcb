import type { TableData } from '#server/platform/data-classes.ts';

/**
 * The data class of the LRS documents (decision 050): what other tools stored about their
 * activities and agents for the district. The agent is named by its IFI key, not a person's id.
 */
export const documentTables: Record<string, TableData> = {
  lrs_documents: { class: 'district', district: 'district_id = $1' },
};
