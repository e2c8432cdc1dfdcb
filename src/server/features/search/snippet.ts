import { type SQL, sql } from 'drizzle-orm';

/**
 * Markers ts_headline puts around matched words: private-use characters no one types, removed from
 * the text beforehand, so they can only come from ts_headline.
 */
const START = '\uE000';
const STOP = '\uE001';

/**
 * SQL: a highlighted excerpt of plain text (with the sentinels around the matches). The text is
 * cut to a bounded length first: headlines cost in proportion to the text they read.
 */
export function headline(text: SQL, query: SQL, options = 'MaxFragments=1, MaxWords=30, MinWords=12'): SQL {
  const opts = `StartSel=${START}, StopSel=${STOP}, ${options}`;
  return sql`ts_headline('english', translate(left(${text}, 6000), ${START + STOP}, ''), ${query}, ${opts})`;
}

/** SQL: the words of sanitized post HTML, its tags removed (entities decoded in decodeEntities). */
export const htmlText = (html: SQL) => sql`regexp_replace(${html}, '<[^>]*>', ' ', 'g')`;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the character references sanitized HTML may hold, back to the characters they stand for. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      // Never a sentinel: only ts_headline may place those.
      if (code === 0xe000 || code === 0xe001) return '';
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A headline as HTML whose only markup is <mark>: every character of the text is escaped, then the
 * sentinels become the marks. User text can never become markup this way.
 */
export function markHtml(headlineText: string, { fromHtml = false } = {}): string {
  const plain = (fromHtml ? decodeEntities(headlineText) : headlineText).replace(/\s+/g, ' ').trim();
  const escaped = plain.replace(/[&<>"']/g, (c) => ESCAPES[c]);
  // Only balanced pairs become marks; a stray sentinel (there should be none) is dropped.
  return escaped
    .replace(new RegExp(`${START}([^${START}${STOP}]*)${STOP}`, 'g'), '<mark>$1</mark>')
    .replace(new RegExp(`[${START}${STOP}]`, 'g'), '');
}
