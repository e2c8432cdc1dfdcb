/** Search documents for a generated network: the generators load rows around the triggers that keep them. */
import type pg from 'pg';
import { features } from '#server/features/index.ts';

/**
 * Writes every search document from the features' views in one pass, in id order (so the newest-first
 * walk of a common word reads neighbouring pages, as documents written one by one over time lie),
 * with the indexes dropped during the load and built again after, exactly as the migrations define them.
 */
export async function generateSearchDocuments(client: pg.PoolClient): Promise<number> {
  const views = features.flatMap((f) => f.searchDocuments ?? []).map((k) => k.view);
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.tablename = 'search_documents' and i.schemaname = current_schema()
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  await client.query('truncate search_documents');
  for (const index of indexes) await client.query(`drop index "${index.name}"`);
  const columns = 'id, kind, community_id, title, facets, readers, search, created_at';
  const all = views.map((view) => `select ${columns} from "${view}"`).join(' union all ');
  // The library's postings (migration 0048) are written after, in one pass without their index:
  // the statement trigger would otherwise hold every document written in a transition table.
  const postings = 'search_documents_library_postings_inserted';
  await client.query(`alter table search_documents disable trigger ${postings}`);
  const { rowCount } = await client.query(
    `insert into search_documents (${columns}) select ${columns} from (${all}) v order by id`,
  );
  await client.query(`alter table search_documents enable trigger ${postings}`);
  await client.query("set maintenance_work_mem = '1GB'");
  await client.query('alter table library_postings drop constraint library_postings_pkey');
  await client.query(`insert into library_postings (term, resource_id)
    select t, d.id from search_documents d cross join lateral library_terms(d.readers, d.facets, d.search) t
     where d.kind = 'resource'`);
  await client.query(
    'alter table library_postings add constraint library_postings_pkey primary key (term, resource_id)',
  );
  for (const index of indexes) await client.query(index.definition);
  await client.query('vacuum analyze search_documents, library_postings');
  return rowCount ?? 0;
}
