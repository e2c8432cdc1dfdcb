import { invalidField } from './errors.ts';

/**
 * Keyset cursors: the sort key of a list's last row, as a JSON array in base64url. A list checks the
 * kind of each part it reads back; the last part is always the row's id.
 */
export const encodeCursor = (parts: unknown[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * Whether a string is a timestamp PostgreSQL will read as it was given out: ISO 8601 or as
 * PostgreSQL prints it, on a real calendar day (so `::timestamptz` never fails on it).
 */
export function isTimestamp(value: string): boolean {
  const day = TIMESTAMP.exec(value)?.[1];
  if (!day || Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')))) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/**
 * The parts of a cursor a list gave out: `length` of them, the last an id. Anything else throws
 * `bad()` (a 400 naming the cursor field).
 */
export function decodeCursor(cursor: string, length: number, bad: () => Error): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== length) throw bad();
  const id = parsed[length - 1];
  if (typeof id !== 'string' || !ID.test(id)) throw bad();
  return parsed;
}

/**
 * A cursor of a list kept newest first by a time and the id: the time as PostgreSQL printed it
 * (microseconds kept, so no row is skipped or repeated), then the id. Anything else is a 400
 * naming the cursor field.
 */
export function decodeTimeCursor(cursor: string): { at: string; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor this list gave');
  const [at, id] = decodeCursor(cursor, 2, bad) as [unknown, string];
  if (typeof at !== 'string' || !isTimestamp(at)) throw bad();
  return { at, id };
}

/**
 * The first `limit` of rows read one past the limit, and the cursor after the last of them
 * (its `key` parts) when more follow, else null.
 */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  key: (row: T) => unknown[],
): { shown: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { shown, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
