import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { type DataClass, type DeclaredTable, columnClass } from './data-classes.ts';

/** The columns of every table in Trellis's schema, in their order, with their types. */
export async function schemaColumns(tx: Tx): Promise<Map<string, { name: string; type: string }[]>> {
  const { rows } = await tx.execute<{ table_name: string; column_name: string; data_type: string }>(sql`
    select table_name, column_name, data_type from information_schema.columns
     where table_schema = current_schema()
     order by table_name, ordinal_position`);
  const out = new Map<string, { name: string; type: string }[]>();
  for (const row of rows) {
    const list = out.get(row.table_name) ?? [];
    list.push({ name: row.column_name, type: row.data_type });
    out.set(row.table_name, list);
  }
  return out;
}

/**
 * The columns an export may carry, leaving out those of the given classes and derived search
 * vectors (they repeat the text beside them and mean nothing outside PostgreSQL).
 */
export function exportedColumns(
  table: DeclaredTable,
  columns: readonly { name: string; type: string }[],
  leaveOut: readonly DataClass[],
): string[] {
  return columns
    .filter((c) => c.type !== 'tsvector' && !leaveOut.includes(columnClass(table, c.name)))
    .map((c) => c.name);
}

/** A declared SQL condition with `$1` bound to a value (a district's or a person's id). */
export function declaredCondition(condition: string, value: string): SQL {
  return sql.join(
    condition.split('$1').map((part) => sql.raw(part)),
    sql`${value}`,
  );
}
