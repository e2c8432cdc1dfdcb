/**
 * Exports built from the data-class declarations: a person's own data (everything that names them,
 * without secrets or what is another's), and a district's data by class (without what is private to
 * people, and without secrets), streamed as a ZIP of JSON Lines so a large district never sits in memory.
 */
import { PassThrough, type Readable } from 'node:stream';
import { type SQL, sql } from 'drizzle-orm';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import type pg from 'pg';
import type { Tx } from '#server/db/client.ts';
import { type DeclaredTable, PRIVATE_CLASSES } from './data-classes.ts';
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

/** Which tables a district's export holds and which it leaves out, and why. */
export function districtExportPlan(tables: readonly DeclaredTable[]): {
  included: DeclaredTable[];
  leftOut: { name: string; class: string; reason: string }[];
} {
  const included: DeclaredTable[] = [];
  const leftOut: { name: string; class: string; reason: string }[] = [];
  for (const table of tables) {
    if (PRIVATE_CLASSES.includes(table.class))
      leftOut.push({ name: table.name, class: table.class, reason: 'private to people, or secret' });
    else if (!table.district)
      leftOut.push({ name: table.name, class: table.class, reason: 'belongs to no district' });
    else included.push(table);
  }
  return { included, leftOut };
}

const BATCH = 500;

class DownloadClosed extends Error {}

/**
 * Waits until the download takes more bytes, or rejects when it was closed (the browser went away):
 * either way the snapshot's connection is released rather than left waiting for ever.
 */
function drained(out: PassThrough): Promise<void> {
  if (out.destroyed) return Promise.reject(new DownloadClosed('The download was closed'));
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new DownloadClosed('The download was closed'));
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

/**
 * A district's data as a ZIP streamed while it is read: one JSON Lines file per table, read in one
 * repeatable-read snapshot through a cursor, and `manifest.json` last with each table's class, row
 * count and the columns left out. A failure after the first bytes ends the download short; the
 * archive then has no manifest, which is how a reader tells it is incomplete.
 */
export function streamDistrictExport(args: {
  pool: pg.Pool;
  tables: readonly DeclaredTable[];
  districtId: string;
  onError: (error: unknown) => void;
}): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (out.destroyed) return;
    if (error) out.destroy(error);
    else {
      out.write(chunk);
      if (final) out.end();
    }
  });
  const { included, leftOut } = districtExportPlan(args.tables);
  void (async () => {
    const client = await args.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      // A slow download must not have its snapshot ended by the idle-in-transaction guard.
      await client.query(`set local idle_in_transaction_session_timeout = '15min'`);
      const { rows: columnRows } = await client.query<{
        table_name: string;
        column_name: string;
        data_type: string;
      }>(
        `select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema() order by table_name, ordinal_position`,
      );
      const manifest: Record<string, unknown>[] = [];
      for (const table of included) {
        const all = columnRows
          .filter((r) => r.table_name === table.name)
          .map((r) => ({ name: r.column_name, type: r.data_type }));
        const names = exportedColumns(table, all, PRIVATE_CLASSES);
        const file = new ZipDeflate(`${table.name}.jsonl`, { level: 6 });
        zip.add(file);
        const quoted = names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', ');
        await client.query(
          `declare rows no scroll cursor for select ${quoted} from "${table.name}" where ${table.district}`,
          [args.districtId],
        );
        let count = 0;
        for (;;) {
          if (out.destroyed) throw new DownloadClosed('The download was closed');
          const { rows } = await client.query(`fetch ${BATCH} from rows`);
          if (rows.length === 0) break;
          count += rows.length;
          file.push(strToU8(`${rows.map((row) => JSON.stringify(row)).join('\n')}\n`));
          if (out.writableNeedDrain) await drained(out);
        }
        file.push(new Uint8Array(0), true);
        await client.query('close rows');
        manifest.push({
          table: table.name,
          class: table.class,
          rows: count,
          columnsLeftOut: all.map((c) => c.name).filter((n) => !names.includes(n)),
        });
      }
      await client.query('commit');
      const file = new ZipDeflate('manifest.json', { level: 6 });
      zip.add(file);
      file.push(
        strToU8(
          JSON.stringify(
            {
              format: 'trellis-district-export',
              version: 1,
              districtId: args.districtId,
              exportedAt: new Date().toISOString(),
              tables: manifest,
              tablesLeftOut: leftOut,
            },
            null,
            2,
          ),
        ),
        true,
      );
      zip.end();
    } catch (error) {
      await client.query('rollback').catch(() => {});
      // A download the browser gave up on is no failure of Trellis's.
      if (!(error instanceof DownloadClosed)) {
        args.onError(error);
        out.destroy(error instanceof Error ? error : new Error('The district export failed'));
      }
    } finally {
      client.release();
    }
  })();
  return out;
}
