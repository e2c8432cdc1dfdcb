/**
 * Exports written as one ZIP into storage, in open formats: for every table, `csv/<table>.csv`
 * (RFC 4180, a header row, spreadsheet-safe cells) and `json/<table>.json` (an array of objects),
 * the uploaded files the exported rows name under `files/<key>`, and `manifest.json` last. Built
 * from the data-class declarations: a district's archive holds the district's rows without what is
 * private to people or secret; a person's holds what names them without secrets or others' rows.
 * The ZIP is yazl's, streamed, with ZIP64 where it must (more than 65,535 entries or 4 GB).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type pg from 'pg';
import yazl from 'yazl';
import { csvRow } from './csv.ts';
import { type DeclaredTable, PRIVATE_CLASSES } from './data-classes.ts';
import { exportedColumns } from './data-columns.ts';
import type { PersonExport } from './data-export.ts';
import { districtExportPlan } from './data-export.ts';
import type { Storage } from './storage.ts';

/** Where an export stands, reported as it goes: `done` of `total` steps, one per table and one for the files. */
export interface ArchiveProgress {
  done: number;
  total: number;
  step: string;
  rows: number;
  files: number;
}

export interface ArchiveResult {
  rows: number;
  files: number;
  bytes: number;
  missingFiles: string[];
}

/** A value as a CSV cell: dates as ISO 8601, JSON and arrays as JSON, bytes as base64. */
function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return value as string | number | boolean;
}

/** Bytes in JSON as base64, not as `{ type: 'Buffer', data: [...] }`. */
const jsonValue = (_key: string, value: unknown) =>
  value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && 'data' in value
    ? Buffer.from((value as { data: number[] }).data).toString('base64')
    : value;

/** Writes to a file stream, waiting when it asks to. */
async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** One table being written as CSV and JSON side by side into the working folder. */
class TableFiles {
  readonly csvPath: string;
  readonly jsonPath: string;
  private readonly csv: WriteStream;
  private readonly json: WriteStream;
  private first = true;
  rows = 0;

  constructor(
    folder: string,
    readonly name: string,
    readonly columns: readonly string[],
  ) {
    this.csvPath = path.join(folder, `${name}.csv`);
    this.jsonPath = path.join(folder, `${name}.json`);
    this.csv = createWriteStream(this.csvPath);
    this.json = createWriteStream(this.jsonPath);
  }

  async start(): Promise<void> {
    await write(this.csv, csvRow([...this.columns]));
    await write(this.json, '[');
  }

  async add(rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    let csv = '';
    let json = '';
    for (const row of rows) {
      csv += csvRow(this.columns.map((c) => cellOf(row[c])));
      json += `${this.first ? '\n' : ',\n'}${JSON.stringify(row, jsonValue)}`;
      this.first = false;
    }
    this.rows += rows.length;
    await write(this.csv, csv);
    await write(this.json, json);
  }

  async finish(): Promise<void> {
    await write(this.json, this.first ? ']\n' : '\n]\n');
    await Promise.all([close(this.csv), close(this.json)]);
  }
}

/** The storage keys of uploaded files named by these rows, through the table's declared file columns. */
function fileKeysOf(table: DeclaredTable, rows: readonly Record<string, unknown>[], into: Set<string>): void {
  for (const column of table.files ?? [])
    for (const row of rows) {
      const key = row[column];
      if (typeof key === 'string' && key !== '') into.add(key);
    }
}

/**
 * The columns an anonymous table may show without becoming linkable: no row id and no moment
 * (either could be matched against the activity stream to tell who answered); rows in no order.
 */
function unlinkable(columns: readonly { name: string; type: string }[], names: readonly string[]): string[] {
  const kept = new Set(
    columns
      .filter((c) => c.name !== 'id' && !c.type.startsWith('timestamp') && c.type !== 'date')
      .map((c) => c.name),
  );
  return names.filter((n) => kept.has(n));
}

/** The ZIP being written into storage as its entries are added. */
function openArchive(storage: Storage, key: string) {
  const zip = new yazl.ZipFile();
  const stored = storage.putStream(key, Readable.from(zip.outputStream as AsyncIterable<Buffer>));
  // A failed store must not leave an unhandled rejection while entries are still being prepared.
  stored.catch(() => {});
  return { zip, stored };
}

/** Ends an archive that failed and deletes what of it reached storage, so no partial archive stays. */
async function discardArchive(
  storage: Storage,
  key: string,
  zip: yazl.ZipFile,
  stored: Promise<unknown>,
): Promise<void> {
  zip.end();
  await stored.catch(() => {});
  await storage.delete(key).catch(() => {});
}

/** Adds each file by its storage key, opened only when the ZIP reaches it; a missing file is named in the manifest. */
function addStoredFiles(
  zip: yazl.ZipFile,
  storage: Storage,
  keys: readonly string[],
  missing: string[],
): void {
  // Uploads are mostly compressed already (PDFs, images, office files): stored as they are, the
  // archive costs no CPU to deflate them again.
  for (const key of keys)
    zip.addReadStreamLazy(`files/${key}`, { compress: false }, (callback) => {
      storage.get(key).then(
        (found) => {
          if (found) return callback(null, found.stream);
          missing.push(key);
          callback(null, Readable.from([]));
        },
        (error: unknown) => callback(error, Readable.from([])),
      );
    });
}

/**
 * Writes a district's data as a ZIP into storage under `key`: each included table read in one
 * repeatable-read snapshot through a cursor (so memory stays flat however large the district),
 * written as CSV and JSON, then the files its rows name, then the manifest. Reports progress after
 * each table and file batch.
 */
export async function writeDistrictArchive(args: {
  pool: pg.Pool;
  storage: Storage;
  tables: readonly DeclaredTable[];
  districtId: string;
  key: string;
  onProgress: (progress: ArchiveProgress) => Promise<void>;
  /** Whether the operator keeps records as the law requires: legal-record tables are then included. */
  legalRecords?: boolean;
}): Promise<ArchiveResult> {
  const { included, leftOut } = districtExportPlan(args.tables, { legalRecords: args.legalRecords });
  const total = included.length + 1;
  const folder = await mkdtemp(path.join(tmpdir(), 'trellis-export-'));
  const client = await args.pool.connect();
  const { zip, stored } = openArchive(args.storage, args.key);
  let rows = 0;
  const fileKeys = new Set<string>();
  const manifest: Record<string, unknown>[] = [];
  try {
    await client.query('begin isolation level repeatable read read only');
    // A large district takes a while: its snapshot must not be ended by the idle-in-transaction guard.
    await client.query(`set local idle_in_transaction_session_timeout = '30min'`);
    await client.query(`set local statement_timeout = '30min'`);
    const { rows: columnRows } = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      `select table_name, column_name, data_type from information_schema.columns
        where table_schema = current_schema() order by table_name, ordinal_position`,
    );
    for (const [index, table] of included.entries()) {
      await args.onProgress({ done: index, total, step: `Reading ${words(table.name)}`, rows, files: 0 });
      const all = columnRows
        .filter((r) => r.table_name === table.name)
        .map((r) => ({ name: r.column_name, type: r.data_type }));
      let names = exportedColumns(table, all, table.legalRecord ? ['secret'] : PRIVATE_CLASSES);
      const anonymous = table.class === 'anonymous';
      if (anonymous) names = unlinkable(all, names);
      const files = new TableFiles(folder, table.name, names);
      await files.start();
      const quoted = names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', ');
      await client.query(
        `declare rows no scroll cursor for select ${quoted} from "${table.name}" where ${table.district}${
          table.privateRows ? ` and not (${table.privateRows})` : ''
        }${anonymous ? ' order by random()' : ''}`,
        [args.districtId],
      );
      for (;;) {
        const batch = await client.query<Record<string, unknown>>('fetch 1000 from rows');
        if (batch.rows.length === 0) break;
        fileKeysOf(table, batch.rows, fileKeys);
        await files.add(batch.rows);
      }
      await client.query('close rows');
      await files.finish();
      rows += files.rows;
      zip.addFile(files.csvPath, `csv/${table.name}.csv`);
      zip.addFile(files.jsonPath, `json/${table.name}.json`);
      manifest.push({
        table: table.name,
        class: table.class,
        rows: files.rows,
        columns: names,
        columnsLeftOut: all.map((c) => c.name).filter((n) => !names.includes(n)),
        ...(anonymous ? { note: 'anonymous: no row ids or times, rows in random order' } : {}),
      });
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    await discardArchive(args.storage, args.key, zip, stored);
    await rm(folder, { recursive: true, force: true });
    throw error;
  } finally {
    client.release();
  }
  try {
    const keys = [...fileKeys].sort();
    await args.onProgress({ done: included.length, total, step: 'Adding files', rows, files: keys.length });
    const missing: string[] = [];
    addStoredFiles(zip, args.storage, keys, missing);
    zip.addReadStreamLazy('manifest.json', (callback) =>
      callback(
        null,
        Readable.from([
          JSON.stringify(
            {
              format: 'trellis-district-export',
              version: 2,
              districtId: args.districtId,
              exportedAt: new Date().toISOString(),
              formats: { csv: 'csv/<table>.csv', json: 'json/<table>.json', files: 'files/<storage key>' },
              tables: manifest,
              tablesLeftOut: leftOut,
              files: keys.length - missing.length,
              filesMissing: missing,
            },
            null,
            2,
          ),
        ]),
      ),
    );
    zip.end();
    const bytes = await stored;
    await args.onProgress({ done: total, total, step: 'Done', rows, files: keys.length - missing.length });
    return { rows, files: keys.length - missing.length, bytes, missingFiles: missing };
  } catch (error) {
    await discardArchive(args.storage, args.key, zip, stored);
    throw error;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Writes a person's own data as a ZIP into storage: the export's JSON whole (`trellis-data.json`),
 * each table as CSV and JSON, and the files their rows name.
 */
export async function writePersonArchive(args: {
  storage: Storage;
  tables: readonly DeclaredTable[];
  data: PersonExport;
  key: string;
}): Promise<ArchiveResult> {
  const { zip, stored } = openArchive(args.storage, args.key);
  const byName = new Map(args.tables.map((t) => [t.name, t]));
  const fileKeys = new Set<string>();
  let rows = 0;
  zip.addBuffer(Buffer.from(JSON.stringify(args.data, jsonValue, 2)), 'trellis-data.json');
  for (const [name, table] of Object.entries(args.data.tables)) {
    const columns = [...new Set(table.rows.flatMap((r) => Object.keys(r)))];
    const declared = byName.get(name);
    if (declared) fileKeysOf(declared, table.rows, fileKeys);
    // Every file a person uploaded is theirs: the files table names its owner (photos, attachments,
    // resource files, evidence), and a person's export holds only their own rows of it.
    if (name === 'files')
      for (const row of table.rows) if (typeof row.key === 'string') fileKeys.add(row.key);
    rows += table.rows.length;
    zip.addBuffer(
      Buffer.from(
        [csvRow(columns), ...table.rows.map((r) => csvRow(columns.map((c) => cellOf(r[c]))))].join(''),
      ),
      `csv/${name}.csv`,
    );
    zip.addBuffer(Buffer.from(JSON.stringify(table.rows, jsonValue, 2)), `json/${name}.json`);
  }
  const missing: string[] = [];
  const keys = [...fileKeys].sort();
  addStoredFiles(zip, args.storage, keys, missing);
  zip.end();
  try {
    const bytes = await stored;
    return { rows, files: keys.length - missing.length, bytes, missingFiles: missing };
  } catch (error) {
    await discardArchive(args.storage, args.key, zip, stored);
    throw error;
  }
}

/** A table's name in words, for progress: `post_reactions` → "post reactions". */
export const words = (table: string) => table.replaceAll('_', ' ');
