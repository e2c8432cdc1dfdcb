import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { TableData } from '#server/platform/data-classes.ts';
import { matchKeys } from '../identities.ts';

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

/**
 * The agent keys of a district's State and Agent Profile documents that stand for the person, by the
 * statements' own matching rule (`matchKeys`: a hand-made link, their email or its SHA-1, a sign-on
 * subject, an account of a district home page) — so a document is theirs exactly when a statement by
 * the same agent would be (decision 058). The condition below only narrows the district's documents
 * to those that could be; `matchKeys` decides.
 */
async function personDocumentKeys(tx: Tx, personId: string): Promise<{ districtId: string; keys: string[] }> {
  const { rows } = await tx.execute<{ district_id: string; agent_key: string }>(sql`
    select distinct u.district_id, d.agent_key
      from users u join lrs_documents d on d.district_id = u.district_id
     where u.id = ${personId} and d.kind in ('state', 'agent_profile') and d.agent_key <> ''
       and (d.agent_key in (select l.ifi_key from lrs_identity_links l
                             where l.user_id = u.id and l.district_id = u.district_id)
            or lower(d.agent_key) = 'mbox:mailto:' || lower(u.email)
            or d.agent_key in ('mbox_sha1sum:' || encode(public.digest('mailto:' || u.email, 'sha1'), 'hex'),
                               'mbox_sha1sum:' || encode(public.digest('mailto:' || lower(u.email), 'sha1'), 'hex'))
            or (d.agent_key like 'openid:%'
                and substr(d.agent_key, 8) in (select i.subject from sign_on_identities i where i.user_id = u.id))
            or (d.agent_key like 'account:% %'
                and lower(substr(d.agent_key, strpos(d.agent_key, ' ') + 1))
                    in (u.id::text, lower(u.email), lower(coalesce(u.sourced_id, '')))))`);
  const districtId = rows[0]?.district_id;
  if (!districtId) return { districtId: '', keys: [] };
  const matched = await matchKeys(
    tx,
    districtId,
    rows.map((r) => r.agent_key),
  );
  return { districtId, keys: [...matched].filter(([, userId]) => userId === personId).map(([key]) => key) };
}

/** The person's State and Agent Profile documents, for their own export; the content as text or base64. */
export async function personDocuments(tx: Tx, personId: string): Promise<Record<string, unknown>[]> {
  const { districtId, keys } = await personDocumentKeys(tx, personId);
  if (keys.length === 0) return [];
  const { rows } = await tx.execute<Record<string, unknown> & { content: Buffer; content_type: string }>(sql`
    select id, district_id, kind, activity_id, agent_key, registration, document_id, content_type, content,
           etag, client_id, created_at, updated_at
      from lrs_documents
     where district_id = ${districtId} and kind in ('state', 'agent_profile')
       and agent_key = any(${sql.param(keys)}::text[])
     order by updated_at, id`);
  return rows.map((row) => {
    const text = /^(text\/|application\/([\w.+-]*\+)?json\b)/i.test(row.content_type);
    return {
      ...row,
      content: text ? row.content.toString('utf8') : row.content.toString('base64'),
      content_encoding: text ? 'utf-8' : 'base64',
    };
  });
}

/** Deletes the person's State and Agent Profile documents, as erasing them asks. */
export async function erasePersonDocuments(tx: Tx, personId: string): Promise<void> {
  const { districtId, keys } = await personDocumentKeys(tx, personId);
  if (keys.length === 0) return;
  await tx.execute(sql`
    delete from lrs_documents
     where district_id = ${districtId} and kind in ('state', 'agent_profile')
       and agent_key = any(${sql.param(keys)}::text[])`);
}
