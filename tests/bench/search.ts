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
  const { rowCount } = await client.query(
    `insert into search_documents (${columns}) select ${columns} from (${all}) v order by id`,
  );
  await client.query("set maintenance_work_mem = '1GB'");
  for (const index of indexes) await client.query(index.definition);
  await client.query('vacuum analyze search_documents');
  return rowCount ?? 0;
}
