/**
 * The composer shows a mention as `@Name`; a post stores it as `@[Name](/people/<id>)`, the form the
 * server's Markdown renderer links (platform/markdown.ts). These turn one into the other.
 */

export interface MentionedPerson {
  id: string;
  name: string;
}

const STORED = /@\[((?:\\.|[^\]\\])+)\]\(\/people\/([0-9a-f-]{36})\)/gi;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as Markdown link text: brackets and backslashes escaped. */
const linkText = (name: string) => name.replace(/[\\[\]]/g, (c) => `\\${c}`);
const unescapeLinkText = (text: string) => text.replace(/\\(.)/g, '$1');

/** Stored Markdown as the composer shows it, with the people it mentions. */
export function toDisplay(stored: string): { text: string; mentions: MentionedPerson[] } {
  const mentions: MentionedPerson[] = [];
  const text = stored.replace(STORED, (_all, name: string, id: string) => {
    const shown = unescapeLinkText(name);
    if (!mentions.some((m) => m.id === id && m.name === shown)) mentions.push({ id, name: shown });
    return `@${shown}`;
  });
  return { text, mentions };
}

/**
 * The composer's text as stored: each `@Name` of a person picked from the list becomes their link.
 * Longer names first, so `@Ana Díaz` is not taken for `@Ana`; a name followed by more letters is
 * another word and left alone.
 */
export function toStored(text: string, mentions: readonly MentionedPerson[]): string {
  if (mentions.length === 0) return text;
  const byLength = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const pattern = new RegExp(
    `@(${byLength.map((m) => escapeRegExp(m.name)).join('|')})(?![\\p{L}\\p{N}_])`,
    'gu',
  );
  return text.replace(pattern, (_all, name: string) => {
    const person = byLength.find((m) => m.name === name);
    return person ? `@[${linkText(person.name)}](/people/${person.id})` : `@${name}`;
  });
}

/**
 * The name being typed after an `@` at the caret, if any: the `@` starts the text or follows a space
 * or an opening bracket, and the name runs to the caret on one line, at most three words.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/[\s([{"'“]/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@[\]()]/.test(query) || query.startsWith(' ')) return null;
  if (query.split(' ').length > 3) return null;
  return { start: at, query };
}

/** The text with the typed `@query` at `start` replaced by the picked person's `@Name `. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  person: MentionedPerson,
): { text: string; caret: number } {
  const inserted = `@${person.name} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: `${text.slice(0, start)}${inserted}${rest}`, caret: start + inserted.length };
}
