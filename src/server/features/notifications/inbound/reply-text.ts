import EmailReplyParser from 'email-reply-parser';
import sanitizeHtml from 'sanitize-html';

/**
 * Where the quoted message starts in the HTML mail clients write: Gmail's quote, Apple Mail's and
 * Thunderbird's cited blockquote, Outlook on the web's and Outlook for Windows' reply header, Yahoo's
 * quote. Everything from the first of them on is the earlier message.
 */
const QUOTE_STARTS = [
  /<div[^>]*class="[^"]*\bgmail_quote\b/i,
  /<blockquote[^>]*type="cite"/i,
  /<div[^>]*id="(?:appendonsend|divRplyFwdMsg)"/i,
  /<div[^>]*class="[^"]*\b(?:moz-cite-prefix|yahoo_quoted|OutlookMessageHeader)\b/i,
  /<div[^>]*style="[^"]*border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)/i,
  /<hr[^>]*id="stopSpelling"/i,
];

/** Signature blocks the HTML clients mark as such. */
const SIGNATURES = ['gmail_signature', 'moz-signature', 'x_signature', 'Signature'];

/** The new part of an HTML-only reply, as plain text with its paragraphs and line breaks. */
export function htmlReplyText(html: string): string {
  let cut = html.length;
  for (const start of QUOTE_STARTS) {
    const at = html.search(start);
    if (at >= 0 && at < cut) cut = at;
  }
  const kept = sanitizeHtml(html.slice(0, cut), {
    allowedTags: ['br', 'p', 'div', 'li'],
    allowedAttributes: {},
    exclusiveFilter: (frame) =>
      ['style', 'script', 'head', 'title'].includes(frame.tag) ||
      SIGNATURES.some((name) => (frame.attribs.class ?? '').split(/\s+/).includes(name)) ||
      frame.attribs.id === 'Signature',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'],
  });
  const text = kept
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<li>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The reply's own words, without the quoted earlier message or a signature: Gmail's and Apple
 * Mail's "On … wrote:", Outlook's "From: … Sent: …" header and "-----Original Message-----",
 * `>`-quoted lines, "-- " signatures and "Sent from my iPhone" (email-reply-parser). A message with
 * only HTML has its quote cut by the markers the clients put in the HTML first.
 */
export function replyText(mail: {
  text?: string | null;
  html?: string | false | null;
  /** Whether the message had a text/plain part of its own (mailparser makes `text` from HTML else). */
  hasTextPart: boolean;
}): string {
  const source =
    mail.hasTextPart && mail.text?.trim()
      ? mail.text
      : mail.html
        ? htmlReplyText(mail.html)
        : (mail.text ?? '');
  const visible = new EmailReplyParser().read(source.replace(/\r\n/g, '\n')).getVisibleText();
  return visible.replace(/\n{3,}/g, '\n\n').trim();
}
