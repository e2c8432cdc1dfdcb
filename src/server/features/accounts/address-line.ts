/**
 * Reads one line of a bulk invitation as people paste them: from a mail client
 * (`"Ruiz, Ana" <ana@x.org>`, `Ana Ruiz <ana@x.org>`) or from a spreadsheet saved as CSV
 * (`ana@x.org,"Ruiz, Ana"`, `"Ruiz, Ana",ana@x.org`). Quotation marks are syntax there, never part
 * of the name.
 */
export interface AddressLine {
  email: string;
  name: string | undefined;
}

/** The text of a quoted field: CSV doubles a quote (`""`), mail headers escape it (`\"`). */
function unquote(text: string): string {
  const quoted = /^"((?:[^"\\]|""|\\.)*)"$/s.exec(text.trim());
  if (!quoted) return text.trim();
  return quoted[1].replace(/""/g, '"').replace(/\\(.)/g, '$1').trim();
}

/** The first comma-separated field (quoted or not) and whatever follows its comma. */
function firstField(text: string): { field: string; rest: string | null } {
  if (text.startsWith('"')) {
    const quoted = /^"(?:[^"\\]|""|\\.)*"\s*/s.exec(text);
    if (quoted) {
      const after = text.slice(quoted[0].length);
      if (after === '') return { field: unquote(quoted[0]), rest: null };
      if (after.startsWith(',')) return { field: unquote(quoted[0]), rest: after.slice(1) };
    }
  }
  const comma = text.indexOf(',');
  return comma === -1
    ? { field: text.trim(), rest: null }
    : { field: text.slice(0, comma).trim(), rest: text.slice(comma + 1) };
}

const looksLikeAddress = (text: string) => /^[^\s@,<>"]+@[^\s@,<>"]+$/.test(text.trim());

/** Splits one pasted line into an address and an optional name, without their quotation marks. */
export function readAddressLine(raw: string): AddressLine {
  const text = raw.trim();
  const nameAddress = /^(.*?)<([^<>]*)>$/s.exec(text);
  if (nameAddress) {
    const name = unquote(nameAddress[1].trim().replace(/,$/, ''));
    return { email: nameAddress[2].trim(), name: name || undefined };
  }
  const { field, rest } = firstField(text);
  if (rest === null) return { email: unquote(field), name: undefined };
  const second = unquote(rest);
  // A spreadsheet with the name column first.
  if (!looksLikeAddress(field) && looksLikeAddress(second))
    return { email: second, name: field || undefined };
  return { email: field, name: second || undefined };
}
