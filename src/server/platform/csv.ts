/**
 * Writing CSV (RFC 4180) that spreadsheets open safely: every cell quoted when it must be (also
 * on ';' and tab, which spreadsheets in many locales take as the separator), and a cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or carriage return, or spaces
 * before one) kept as text with a leading apostrophe, inside the quotes when it is quoted.
 */

const FORMULA_START = /^(?:[\t\r]| *[=+\-@])/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell: text as given, numbers and booleans as written, null and undefined as empty. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, ended with CRLF as RFC 4180 asks. */
export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
