/**
 * Keyset cursors: the sort key of a list's last row, as a JSON array in base64url. A list checks the
 * kind of each part it reads back; the last part is always the row's id.
 */
export const encodeCursor = (parts: unknown[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

const ID = /^[0-9a-f-]{36}$/i;

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
