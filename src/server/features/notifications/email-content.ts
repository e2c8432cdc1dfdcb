import { sql } from 'drizzle-orm';
import sanitizeHtml from 'sanitize-html';
import type { Tx } from '#server/db/client.ts';
import { type NotificationFacts, notificationKind } from '#server/platform/activity.ts';
import type { NotificationEmail } from '#server/platform/reply-mail.ts';

/** The handler that posts an emailed reply to a thread (thread-replies.ts). */
export const THREAD_REPLIES = 'thread';

const MENTION = /@\[([^\]\n]{1,200})\]\(\/people\/[0-9a-f-]{36}\)/gi;

/**
 * A post's HTML (already sanitized when it was saved) made fit for an email: the same allowlist
 * without images (attachments need a session), paths within Trellis made absolute, links opening
 * Trellis in the browser.
 */
export function emailHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'del',
      's',
      'a',
      'ul',
      'ol',
      'li',
      'blockquote',
      'code',
      'pre',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
    ],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: attribs.href?.startsWith('/') ? { href: `${baseUrl}${attribs.href}` } : attribs,
      }),
    },
  });
}

/** A post's Markdown as plain text: mentions read as `@Name`; the rest of Markdown reads as it is. */
export const emailText = (markdown: string): string => markdown.replace(MENTION, '@$1').trim();

/**
 * What the email carries, asked when it is sent: the kind's own answer when it declares one (null:
 * the person may no longer read it), else the text of the post it concerns while that post is still
 * shown (not deleted or hidden), with a reply address for its thread; nothing else for the rest.
 * Whether the person may read the community is decided before (mail-worker's `deliverable`).
 */
export async function emailContent(
  tx: Tx,
  userId: string,
  facts: NotificationFacts,
  baseUrl: string,
): Promise<NotificationEmail | null | undefined> {
  const kind = notificationKind(facts.kind);
  if (kind?.email) return kind.email(tx, userId, facts, baseUrl);
  const reply = facts.threadId ? { handler: THREAD_REPLIES, targetId: facts.threadId } : undefined;
  if (!facts.postId) return reply ? { text: '', html: '', reply } : undefined;
  const { rows } = await tx.execute<{ body_md: string; body_html: string }>(sql`
    select body_md, body_html from posts where id = ${facts.postId} and deleted_at is null and hidden_at is null`);
  const post = rows[0];
  if (!post) return reply ? { text: '', html: '', reply } : undefined;
  return { text: emailText(post.body_md), html: emailHtml(post.body_html, baseUrl), reply };
}
