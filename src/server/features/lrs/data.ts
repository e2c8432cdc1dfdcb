import { defineData } from '#server/platform/data-classes.ts';
import { documentTables } from './documents/data.ts';
import { identityTables } from './identity-data.ts';

/**
 * The LRS's tables belong to the district whose tools sent them (decision 049). The statements
 * themselves live in the platform's statements table; these hold their filter keys, attachment
 * content and merged Activity definitions, named by district and never by a person's id.
 */
export default defineData({
  tables: {
    lrs_statement_keys: { class: 'district', district: 'district_id = $1' },
    lrs_attachments: { class: 'district', district: 'district_id = $1' },
    // The id's hash only addresses the row (the activity id is kept beside it); not for export.
    lrs_activities: { class: 'district', columns: { id_hash: 'secret' }, district: 'district_id = $1' },
    ...identityTables,
    ...documentTables,
  },
});
