/**
 * Data classes: every table of Trellis, and each column whose class differs from its table's, says
 * once who its data belongs to. The platform reads these declarations to export a person's data, to
 * export a district's data, to erase a person and to delete what a district keeps no longer
 * (decision 014). A test fails when a table is not declared, when a declared table does not exist,
 * or when a column naming a person has no export and erasure rule.
 */
import type { Tx } from '#server/db/client.ts';
import { RETENTION_KINDS, type RetentionKind } from '#shared/contracts/privacy.ts';

/**
 * Who data belongs to, from the most open to the most closed:
 * - `public`: anyone may read it (published frameworks, status lists, issued credentials' documents);
 * - `network`, `district`, `school`, `community`: the people of that scope read it;
 * - `person`: private to one person (their settings, their notifications, their drafts);
 * - `pair`: private to a pair or team (a team submission, mentoring notes, coaching);
 * - `anonymous`: never linkable to a person (survey answers): no column of it names anyone;
 * - `secret`: password hashes, tokens and keys: never exported, not even to their owner.
 */
export const DATA_CLASSES = [
  'public',
  'network',
  'district',
  'school',
  'community',
  'person',
  'pair',
  'anonymous',
  'secret',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** The classes a district's export leaves out: what is private to people, and secrets. */
export const PRIVATE_CLASSES: readonly DataClass[] = ['person', 'pair', 'secret'];

/**
 * What erasing a person does to a column that names them:
 * - `delete`: the rows go (their sessions, settings, notifications, memberships);
 * - `deidentify`: the column names the erasure's "Former member" instead (their posts stay, by no one);
 * - `clear`: the column is set to null (who hid a post, who decided a request).
 */
export type Erasure = 'delete' | 'deidentify' | 'clear';

/** A column that names a person (a user's id), and what becomes of it. */
export interface PersonColumn {
  erase: Erasure;
  /**
   * Whether rows where this column names the person are theirs to download. False when the row is
   * someone else's (a notification about them, a follow of them, a post they hid as a moderator).
   */
  export: boolean;
}

export { RETENTION_KINDS, type RetentionKind };

/** How one table is classed, whom its rows name, where they belong and how long they may be kept. */
export interface TableData {
  class: DataClass;
  /** Columns whose class differs from the table's (secrets in a district table, private fields). */
  columns?: Record<string, DataClass>;
  /** Every column that holds a person's id, with what export and erasure do with it. */
  people?: Record<string, PersonColumn>;
  /**
   * Rows that are a person's through another table (the revisions of their posts, the rounds of their
   * submissions), as a SQL condition with `$1` the person's id: they belong in the person's export.
   */
  linkedTo?: string;
  /**
   * The rows of a district, as a SQL condition on the table's columns with `$1` the district's id.
   * Absent when the table belongs to no district (platform settings, rate-limit counters).
   */
  district?: string;
  /**
   * Rows private to a person in a table of a wider class (statements about a learning entry or a
   * conversation), as a SQL condition on the table's columns: a district's export leaves them out;
   * retention and erasure treat them as the table's other rows.
   */
  privateRows?: string;
  /**
   * Private rows the law may require a district to keep as records (direct messages): a district's
   * export carries them, whole but for secrets, only when the operator turns records retention on.
   */
  legalRecord?: boolean;
  /** A district may have rows older than the days it sets deleted, by this timestamp column. */
  retention?: { kind: RetentionKind; column: string };
  /**
   * Columns holding the storage key of an uploaded file (a resource's file, a photo): an export that
   * carries a row carries the file it names too, under `files/<key>`.
   */
  files?: string[];
}

/** What erasure hands a feature's hook: run it in `tx`; `formerId` is the erasure's Former member. */
export interface ErasureContext {
  tx: Tx;
  personId: string;
  formerId: string;
  districtId: string;
  /** Names a stored file (a profile photo) to delete once the erasure has committed. */
  removeFile(key: string): void;
}

/** A feature's data: its tables' classes and, where columns alone cannot say it, erasure work of its own. */
export interface FeatureData {
  tables: Record<string, TableData>;
  /**
   * Runs first in the erasure's transaction, for what declarations cannot say: names copied into
   * JSON, rows reached through a chain of keys, counters kept beside rows.
   */
  erase?: (context: ErasureContext) => Promise<void>;
  /**
   * Rows of the feature's tables that are a person's by what no SQL condition on their id can say
   * (documents other tools keyed by the person's email or account), by table, for their own export.
   */
  exportRows?: (context: { tx: Tx; personId: string }) => Promise<Record<string, Record<string, unknown>[]>>;
}

/** Declares a feature's data; the identity function gives the declaration its type where it is written. */
export function defineData(data: FeatureData): FeatureData {
  return data;
}

/** One declared table with its name. */
export interface DeclaredTable extends TableData {
  name: string;
}

/** Every table declared by the given data, refusing a table declared twice. */
export function declaredTables(data: readonly FeatureData[]): DeclaredTable[] {
  const seen = new Map<string, DeclaredTable>();
  for (const feature of data) {
    for (const [name, table] of Object.entries(feature.tables)) {
      if (seen.has(name)) throw new Error(`The table ${name} is declared twice`);
      seen.set(name, { name, ...table });
    }
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The class of one column: its own when declared, else its table's. */
export function columnClass(table: TableData, column: string): DataClass {
  return table.columns?.[column] ?? table.class;
}

/** The name shown where an erased person's words stay. */
export const FORMER_MEMBER_NAME = 'Former member';

/**
 * Column names that hold secrets by Trellis's naming: password hashes, token hashes, API and client
 * secrets (hashed or encrypted), private keys, OAuth tokens and anything stored encrypted. Such a
 * column must be classed `secret`, so no export ever carries it, whichever feature adds it.
 */
const SECRET_COLUMN =
  /(^|_)(password|passwd|secret|token|private_key|secret_key|api_key|client_secret|refresh_token|access_token)(_|$)|_encrypted$|_hash$|_ciphertext$/;
/** What only describes a secret (when it changed, where it is asked for), and is no secret itself. */
const ABOUT_A_SECRET = /_(at|url|uri|id|count|expires_in)$/;

/** Whether a column's name says it holds a secret. */
export const looksSecret = (column: string) => SECRET_COLUMN.test(column) && !ABOUT_A_SECRET.test(column);

/** What the database says about its tables, for checking the declarations against it. */
export interface SchemaFacts {
  /** Each table with its columns. */
  tables: ReadonlyMap<string, readonly string[]>;
  /** Every column that is a foreign key to a person (users.id). */
  personColumns: readonly { table: string; column: string }[];
}

/**
 * What is wrong with the declarations against the schema: a table with no class, a declared table or
 * column that does not exist, a column naming a person without its export and erasure rule, an
 * anonymous table that names someone. Empty when all is well.
 */
export function declarationProblems(tables: readonly DeclaredTable[], schema: SchemaFacts): string[] {
  const problems: string[] = [];
  const declared = new Map(tables.map((t) => [t.name, t]));
  for (const name of schema.tables.keys())
    if (!declared.has(name)) problems.push(`${name}: no data class is declared for this table`);
  for (const table of tables) {
    const columns = schema.tables.get(table.name);
    if (!columns) {
      problems.push(`${table.name}: declared, but there is no such table`);
      continue;
    }
    const named = [
      ...Object.keys(table.columns ?? {}),
      ...Object.keys(table.people ?? {}),
      ...(table.retention ? [table.retention.column] : []),
      ...(table.files ?? []),
    ];
    for (const column of named)
      if (!columns.includes(column))
        problems.push(`${table.name}.${column}: declared, but there is no such column`);
    if (table.class === 'anonymous' && Object.keys(table.people ?? {}).length > 0)
      problems.push(`${table.name}: anonymous, yet it names people`);
    if (table.retention && !table.district)
      problems.push(`${table.name}: has a retention rule but no district to set it`);
    if (table.district && !table.district.includes('$1'))
      problems.push(`${table.name}: its district condition does not use $1`);
    for (const column of columns)
      if (looksSecret(column) && columnClass(table, column) !== 'secret')
        problems.push(`${table.name}.${column}: looks like a secret but is not classed secret`);
  }
  for (const { table, column } of schema.personColumns) {
    const found = declared.get(table);
    if (!found) continue;
    if (found.class === 'anonymous') problems.push(`${table}.${column}: an anonymous table names a person`);
    else if (!found.people?.[column])
      problems.push(`${table}.${column}: names a person but has no export and erasure rule`);
  }
  return problems;
}
