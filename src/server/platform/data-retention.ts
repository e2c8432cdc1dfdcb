import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { DeclaredTable, RetentionKind } from './data-classes.ts';
import { declaredCondition } from './data-columns.ts';

/** One district's age limit for one kind of record. */
export interface RetentionSetting {
  districtId: string;
  kind: RetentionKind;
  days: number;
}

/**
 * Deletes, for each setting, the district's rows of that kind older than its days, in every table
 * declaring that kind, at most `limit` rows per table and setting, so each call stays short: call
 * again (in a new transaction) until nothing is deleted. Other districts' rows are never touched.
 * Returns the rows deleted per table.
 */
export async function deleteExpiredRows(args: {
  tx: Tx;
  tables: readonly DeclaredTable[];
  settings: readonly RetentionSetting[];
  now?: Date;
  limit?: number;
}): Promise<Record<string, number>> {
  const limit = args.limit ?? 5000;
  const now = args.now ?? new Date();
  const deleted: Record<string, number> = {};
  for (const setting of args.settings) {
    const before = new Date(now.getTime() - setting.days * 86_400_000);
    for (const table of args.tables) {
      if (table.retention?.kind !== setting.kind || !table.district) continue;
      const name = sql.identifier(table.name);
      const result = await args.tx.execute(
        sql`delete from ${name} where ctid in (
              select ctid from ${name}
               where (${declaredCondition(table.district, setting.districtId)})
                 and ${sql.identifier(table.retention.column)} < ${before.toISOString()}
               limit ${limit})`,
      );
      const n = (result as { rowCount?: number | null }).rowCount ?? 0;
      deleted[table.name] = (deleted[table.name] ?? 0) + n;
    }
  }
  return deleted;
}
