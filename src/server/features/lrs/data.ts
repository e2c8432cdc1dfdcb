import { sql } from 'drizzle-orm';
import { defineData, FORMER_MEMBER_NAME } from '#server/platform/data-classes.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';
import { documentTables, erasePersonDocuments, personDocuments } from './documents/data.ts';
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
  // Statements a tool sent about an erased person name the Former member instead of their email or
  // other identifier, and leave the agent filters: no agent query finds them by it any more. The State
  // and Agent Profile documents tools keyed by one of the person's identities go (decision 058); read
  // first, while the links and the account that find them are still there.
  async erase({ tx, personId, formerId }) {
    await erasePersonDocuments(tx, personId);
    const home = statementBaseUrl();
    await tx.execute(sql`
      delete from lrs_statement_keys k using statements s
       where s.client_id is not null and s.actor_id in (${personId}, ${formerId}) and s.actor_ifi is not null
         and k.district_id = s.district_id and k.key in ('a|' || s.actor_ifi, 'A|' || s.actor_ifi) and k.statement_id = s.id`);
    await tx.execute(sql`
      update statements
         set body = jsonb_set(body, '{actor}', jsonb_build_object('objectType', 'Agent', 'name', ${FORMER_MEMBER_NAME}::text,
                                'account', jsonb_build_object('homePage', ${home}::text, 'name', ${formerId}::text))),
             actor_ifi = ${`account:${home} `} || ${formerId}::text
       where client_id is not null and actor_id in (${personId}, ${formerId})`);
  },
  // The documents are the district's, but those kept about the person are theirs to download too.
  async exportRows({ tx, personId }) {
    return { lrs_documents: await personDocuments(tx, personId) };
  },
});
