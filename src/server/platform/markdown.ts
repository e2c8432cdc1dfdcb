import { LRUCache } from 'lru-cache';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** A post's Markdown made safe to show: sanitized HTML, plain text and the people it mentions. */
export interface RenderedMarkdown {
  html: string;
  /** Plain words, for search vectors and excerpts. */
  text: string;
  /** Ids of people mentioned as `@[Name](/people/<id>)`, each once, in order. */
  mentions: string[];
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PERSON_PATH = new RegExp(`^/people/(${UUID})$`, 'i');
/**
 * The only images a post or a message may show: files uploaded to Trellis for posts or for direct
 * messages, each served with its policy checked on every request.
 */
const ATTACHMENT_PATH = new RegExp(`^/api/(message-)?attachments/${UUID}$`, 'i');

// Raw HTML is never passed through; links are recognised in plain text.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const REL = 'nofollow noopener noreferrer';

/** Web and mail addresses, and paths within Trellis; nothing else may be a link. */
const safeHref = (href: string) => /^(https?:\/\/|mailto:)/i.test(href) || /^\/(?!\/)/.test(href);

function sanitize(html: string, mentions: string[]): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'code',
      'pre',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'img',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'del',
      's',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: { a: ['href', 'class', 'rel'], img: ['src', 'alt'], ol: ['start'] },
    allowedClasses: { a: ['mention'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Headings stay below the page's own headings.
    transformTags: {
      h1: 'h3',
      h2: 'h4',
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href ?? '';
        const person = PERSON_PATH.exec(href);
        if (person && attribs.class === 'mention') {
          mentions.push(person[1].toLowerCase());
          return { tagName, attribs: { href, class: 'mention' } };
        }
        if (!safeHref(href)) return { tagName: 'span', attribs: {} };
        return { tagName, attribs: { href, rel: REL } };
      },
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = attribs.src ?? '';
        if (ATTACHMENT_PATH.test(src)) return { tagName, attribs: { src, alt: attribs.alt ?? '' } };
        // An image from elsewhere becomes a plain link to it (or just its words, if its address is unsafe).
        if (!/^https?:\/\//i.test(src)) return { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
        return { tagName: 'a', attribs: { href: src, rel: REL }, text: attribs.alt || src };
      },
    },
  });
}

/** Plain text from the parsed Markdown: words only, no markup. */
function plainText(source: string): string {
  const parts: string[] = [];
  for (const token of md.parse(source, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        else if (child.type === 'image') parts.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
      }
      parts.push(' ');
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content, ' ');
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * Renders a post's Markdown on the server. Raw HTML is escaped by markdown-it; the result is then
 * sanitized with a strict allowlist, so no script, handler, style or unsafe address survives.
 */
export function renderMarkdown(source: string): RenderedMarkdown {
  // A mention is "@" directly before a link to a person: the link itself carries the "@".
  const raw = md
    .render(source)
    .replace(
      new RegExp(`@<a href="(/people/${UUID})">`, 'gi'),
      (_match, href: string) => `<a href="${href}" class="mention">@`,
    );
  const mentions: string[] = [];
  const html = sanitize(raw, mentions).trim();
  return { html, text: plainText(source), mentions: [...new Set(mentions)] };
}

/** A short plain excerpt of a text, cut at a word boundary. */
export function excerpt(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// Excerpts of the same words are asked for on every read of a feed page: remembered by the source
// itself (a pure function of it), so an edited post is a new key and nothing can go stale. Bounded
// by the characters kept, sources included, as one post may run long.
const excerpts = new LRUCache<string, string>({
  max: 5_000,
  maxSize: 8 * 1024 * 1024,
  sizeCalculation: (made, key) => key.length + made.length,
});

/**
 * A short plain excerpt of a post's Markdown, as `excerpt(renderMarkdown(source).text, max)` gives
 * it, without rendering the HTML (only its words are needed), and remembered for the sources most
 * recently asked for.
 */
export function markdownExcerpt(source: string, max = 200): string {
  const key = `${max}:${source}`;
  const known = excerpts.get(key);
  if (known !== undefined) return known;
  const made = excerpt(plainText(source), max);
  excerpts.set(key, made);
  return made;
}
