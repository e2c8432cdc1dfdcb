/** Feed items for a generated network: the generators write statements around the code that derives them. */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { features } from '#server/features/index.ts';
import { backfillFeedItems, registerFeedItems } from '#server/platform/feed-items.ts';

/**
 * Writes the feed items of every generated statement with the kinds the features declare (what
 * recording each would have written), with the indexes dropped during the load and built again
 * after, exactly as the migrations define them.
 */
export async function generateFeedItems(client: pg.PoolClient): Promise<number> {
  registerFeedItems(features);
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.tablename = 'feed_items' and i.schemaname = current_schema()
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  await client.query('truncate feed_items');
  for (const index of indexes) await client.query(`drop index "${index.name}"`);
  await backfillFeedItems(drizzle(client));
  await client.query("set maintenance_work_mem = '1GB'");
  for (const index of indexes) await client.query(index.definition);
  await client.query('vacuum analyze feed_items');
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from feed_items');
  return rows[0].n;
}
