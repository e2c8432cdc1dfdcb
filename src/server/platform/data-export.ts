/**
 * Exports built from the data-class declarations: a person's own data (everything that names them,
 * without secrets or what is another's), and which tables a district's export holds (what is not
 * private to people nor secret); `data-archive.ts` writes either as a ZIP in open formats.
 */
import { type SQL, sql } from 'drizzle-orm';
import { zipSync } from 'fflate';
import type { Tx } from '#server/db/client.ts';
import { type DeclaredTable, type FeatureData, PRIVATE_CLASSES } from './data-classes.ts';
import { declaredCondition, exportedColumns, schemaColumns } from './data-columns.ts';

export interface PersonExport {
  format: 'trellis-person-export';
  version: 1;
  exportedAt: string;
  personId: string;
  /** Each table with rows naming the person, with its class. */
  tables: Record<string, { class: string; rows: Record<string, unknown>[] }>;
}

/** Everything that names a person and is theirs to have: secrets and others' rows left out. */
export async function exportPerson(args: {
  tx: Tx;
  tables: readonly DeclaredTable[];
  personId: string;
  /** The declarations whose `exportRows` add rows no condition on the person's id finds. */
  data?: readonly FeatureData[];
}): Promise<PersonExport> {
  const columns = await schemaColumns(args.tx);
  const out: PersonExport = {
    format: 'trellis-person-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    personId: args.personId,
    tables: {},
  };
  for (const table of args.tables) {
    const conditions: SQL[] = [];
    for (const [column, rule] of Object.entries(table.people ?? {}))
      if (rule.export) conditions.push(sql`${sql.identifier(column)} = ${args.personId}`);
    if (table.linkedTo) conditions.push(sql`(${declaredCondition(table.linkedTo, args.personId)})`);
    if (conditions.length === 0 || table.class === 'secret') continue;
    const names = exportedColumns(table, columns.get(table.name) ?? [], ['secret']);
    const { rows } = await args.tx.execute<Record<string, unknown>>(
      sql`select ${sql.join(
        names.map((n) => sql.identifier(n)),
        sql`, `,
      )} from ${sql.identifier(table.name)} where ${sql.join(conditions, sql` or `)}`,
    );
    if (rows.length > 0) out.tables[table.name] = { class: table.class, rows };
  }
  const classes = new Map(args.tables.map((t) => [t.name, t.class]));
  for (const feature of args.data ?? []) {
    const found = (await feature.exportRows?.({ tx: args.tx, personId: args.personId })) ?? {};
    for (const [name, rows] of Object.entries(found)) {
      const tableClass = classes.get(name);
      if (rows.length === 0 || !tableClass || tableClass === 'secret') continue;
      const held = out.tables[name] ?? { class: tableClass, rows: [] };
      held.rows.push(...rows);
      out.tables[name] = held;
    }
  }
  return out;
}

/** Beyond this many bytes a person's export is sent zipped. */
export const ZIP_PERSON_EXPORT_OVER = 1_000_000;

/** A person's export as a file: JSON, or that JSON in a ZIP when it is large. */
export function personExportFile(data: PersonExport): {
  body: Buffer;
  contentType: string;
  extension: string;
} {
  const json = JSON.stringify(data, null, 2);
  const bytes = Buffer.from(json, 'utf8');
  if (bytes.length <= ZIP_PERSON_EXPORT_OVER)
    return { body: bytes, contentType: 'application/json; charset=utf-8', extension: 'json' };
  const zipped = zipSync({ 'trellis-data.json': new Uint8Array(bytes) }, { level: 6 });
  return { body: Buffer.from(zipped), contentType: 'application/zip', extension: 'zip' };
}

/**
 * Which tables a district's export holds and which it leaves out, and why. Private tables declared
 * legal records are held only when the operator keeps records as the law requires (`legalRecords`).
 */
export function districtExportPlan(
  tables: readonly DeclaredTable[],
  options: { legalRecords?: boolean } = {},
): {
  included: DeclaredTable[];
  leftOut: { name: string; class: string; reason: string }[];
} {
  const included: DeclaredTable[] = [];
  const leftOut: { name: string; class: string; reason: string }[] = [];
  for (const table of tables) {
    if (table.legalRecord && options.legalRecords && table.district) included.push(table);
    else if (PRIVATE_CLASSES.includes(table.class))
      leftOut.push({ name: table.name, class: table.class, reason: 'private to people, or secret' });
    else if (!table.district)
      leftOut.push({ name: table.name, class: table.class, reason: 'belongs to no district' });
    else included.push(table);
  }
  return { included, leftOut };
}
