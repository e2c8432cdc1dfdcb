import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Tx } from '#server/db/client.ts';
import { defineJob, type JobData } from '#server/platform/jobs.ts';
import type { Message } from '#server/platform/mail.ts';
import { describeNotification, notificationLink } from './describe.ts';
import {
  canStillRead,
  canStillSee,
  factsOf,
  lockDigestOwner,
  lockNextPending,
  type MailRow,
  markDigestSent,
  markEmailed,
  selectDigestIds,
  selectDigestsDue,
  selectMailRows,
  periodMs,
} from './queries.ts';
import { unsubscribeToken } from './service.ts';
import { emailContent } from './email-content.ts';
import { kindLabel } from './preferences.ts';
import { replyAddress } from './reply-addresses.ts';

/** At most this many single emails and digests per pass, so one pass never runs for long. */
const BATCH = 100;

export interface MailWorkResult {
  sent: number;
  digests: number;
  skipped: number;
}

/**
 * Each email is sent inside the transaction that holds its rows, and a slow mail server may keep it
 * idle longer than the pool lets request transactions idle; a cut-off one would send it twice.
 */
const allowSlowSend = (tx: Tx) => tx.execute(sql`set local idle_in_transaction_session_timeout = '10min'`);

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Header values never carry line breaks, whatever a name or title holds. */
const headerText = (s: string, max = 150) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

interface Item {
  text: string;
  url: string;
  /** A few words of the post or message, plain text (a digest's items carry one). */
  excerpt?: string;
}

/** How long a digest's excerpt of a post may be, in characters. */
const EXCERPT_MAX = 200;

/**
 * The start of a post's or message's text for a digest, as plain text on one line: mentions already
 * read `@Name`, links and images their words, HTML tags (which the post never shows) gone; cut at a
 * word near the limit. Escaped where it goes
 * into HTML, like every other plain text of the email.
 */
export function digestExcerpt(text: string): string | undefined {
  const flat = text
    .replace(/!?\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return undefined;
  if (flat.length <= EXCERPT_MAX) return flat;
  const cut = flat.slice(0, EXCERPT_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_MAX * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What one email says about its notification beyond the line describing it. */
interface Extra {
  /** The words themselves (a post's text), plain and sanitized HTML. */
  content?: { text: string; html: string };
  /** Where replying to the email goes. */
  replyTo?: string | null;
  /** Groups emails about one thread in the reader's mail client. */
  threadId?: string | null;
  /** What the one-click unsubscribe stops: this kind (its label) or, when absent, every notification email. */
  kindLabel?: string;
  /** A calendar invitation, attached so calendars apply it in place. */
  calendar?: Message['icalEvent'];
}

/**
 * One email: plain text, and simple HTML built from escaped plain text and the already sanitized
 * content; one-click unsubscribe (RFC 8058) from this kind of notification, or from all of them.
 */
function compose(
  app: FastifyInstance,
  row: MailRow,
  token: string,
  subject: string,
  intro: string,
  items: Item[],
  extra: Extra = {},
): Message {
  const base = app.config.PUBLIC_URL;
  const unsubscribeApi = `${base}/api/unsubscribe?token=${encodeURIComponent(token)}`;
  const unsubscribePage = `${base}/unsubscribe?token=${encodeURIComponent(token)}`;
  const settings = `${base}/settings#notifications`;
  const stop = extra.kindLabel
    ? `Stop emails about “${extra.kindLabel}”`
    : 'Unsubscribe from Trellis notification emails';
  const replyHint = extra.replyTo
    ? 'Reply to this email to answer in Trellis; your reply is posted as you.'
    : null;
  const text = [
    `Hello ${row.user_name},`,
    '',
    intro,
    '',
    ...items.flatMap((item) => [
      `- ${item.text}`,
      ...(item.excerpt ? [`  > ${item.excerpt}`] : []),
      `  ${item.url}`,
    ]),
    ...(extra.content?.text ? ['', extra.content.text.replace(/^/gm, '> ')] : []),
    ...(replyHint ? ['', replyHint] : []),
    '',
    '--',
    `Choose which Trellis emails you get: ${settings}`,
    `${stop}: ${unsubscribePage}`,
  ].join('\n');
  const html = `<!doctype html><html><body>
<p>Hello ${escapeHtml(row.user_name)},</p>
<p>${escapeHtml(intro)}</p>
<ul>${items
    .map(
      (item) =>
        `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.text)}</a>${
          item.excerpt ? `<br><span style="color:#555">${escapeHtml(item.excerpt)}</span>` : ''
        }</li>`,
    )
    .join('')}</ul>
${extra.content?.html ? `<blockquote style="margin:0 0 1em;padding:0 1em;border-left:3px solid #ccc">${extra.content.html}</blockquote>\n` : ''}${replyHint ? `<p>${escapeHtml(replyHint)}</p>\n` : ''}<hr>
<p><a href="${escapeHtml(settings)}">Choose which Trellis emails you get</a> ·
<a href="${escapeHtml(unsubscribePage)}">${escapeHtml(stop)}</a></p>
</body></html>`;
  const domain = new URL(base).hostname;
  return {
    to: row.email,
    subject: headerText(subject),
    text,
    html,
    headers: {
      // RFC 8058: a mail client's "Unsubscribe" button POSTs here, with no page to open.
      'List-Unsubscribe': `<${unsubscribeApi}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // RFC 3834: sent by Trellis itself, so vacation responders do not answer it.
      'Auto-Submitted': 'auto-generated',
      ...(extra.replyTo ? { 'Reply-To': extra.replyTo } : {}),
      ...(extra.threadId ? { References: `<thread.${extra.threadId}@${domain}>` } : {}),
    },
    ...(extra.calendar ? { icalEvent: extra.calendar } : {}),
  };
}

const itemOf = (app: FastifyInstance, row: MailRow): Item => {
  const facts = factsOf(row);
  return { text: describeNotification(facts), url: `${app.config.PUBLIC_URL}${notificationLink(facts)}` };
};

/**
 * The content and reply address of a single email, asked now: null when the kind says the person
 * may no longer read it.
 */
async function extraOf(app: FastifyInstance, tx: Tx, row: MailRow): Promise<Extra | null> {
  const facts = factsOf(row);
  const found = await emailContent(tx, row.user_id, facts, app.config.PUBLIC_URL);
  if (found === null) return null;
  const replyTo = found?.reply
    ? await replyAddress(app, {
        userId: row.user_id,
        handler: found.reply.handler,
        targetId: found.reply.targetId,
      })
    : null;
  return {
    content: found?.text ? { text: found.text, html: found.html } : undefined,
    replyTo,
    threadId: row.thread_id,
    kindLabel: kindLabel(row.kind),
    calendar: found?.calendar,
  };
}

/**
 * Whether this email may still go: the person is active, still wants email, and may still read the
 * community (when it concerns a thread or post) or see it (when it concerns the community itself,
 * as an invitation does). A removed member is told of the removal and nothing else of it.
 */
async function deliverable(tx: Tx, row: MailRow): Promise<boolean> {
  if (row.user_status !== 'active' || row.choice === 'off') return false;
  if (!row.about_content)
    return (
      row.community_id === null ||
      row.kind === 'removed' ||
      (await canStillSee(tx, row.community_id, row.user_id))
    );
  return row.community_id !== null && (await canStillRead(tx, row.community_id, row.user_id));
}

/**
 * Sends notification emails, once: notifications waiting to be emailed on their own, then the daily
 * and weekly digests that are due; nothing to a person in their quiet hours, whose email waits. Each email is sent inside the transaction that holds its rows locked
 * (`for update skip locked`) and marks them sent, so instances running this at once never send one
 * twice; a failed send rolls back and is tried again on a later pass.
 */
export async function runMailWork(app: FastifyInstance, now = new Date()): Promise<MailWorkResult> {
  const result: MailWorkResult = { sent: 0, digests: 0, skipped: 0 };
  const failed: string[] = [];

  for (let i = 0; i < BATCH; i++) {
    let current: string | null = null;
    try {
      await app.db.transaction(async (tx) => {
        await allowSlowSend(tx);
        current = await lockNextPending(tx, failed, now);
        if (!current) return;
        const [row] = await selectMailRows(tx, [current]);
        if (!(await deliverable(tx, row))) {
          await markEmailed(tx, [], [row.id], now);
          result.skipped++;
          return;
        }
        const extra = await extraOf(app, tx, row);
        if (!extra) {
          await markEmailed(tx, [], [row.id], now);
          result.skipped++;
          return;
        }
        const item = itemOf(app, row);
        const token = await unsubscribeToken(app.db, row.user_id, row.kind);
        await app.mailer.send(
          compose(app, row, token, item.text, 'There is something new for you on Trellis:', [item], extra),
        );
        await markEmailed(tx, [row.id], [], now);
        result.sent++;
      });
    } catch (error) {
      app.log.warn({ err: error }, 'notification email failed; it will be tried again');
      if (!current) break;
      // Left for a later pass, so one failing address does not stop the others.
      failed.push(current);
      continue;
    }
    if (!current) break;
  }

  const due = await selectDigestsDue(app.db, now, BATCH);
  for (const userId of due) {
    try {
      await app.db.transaction(async (tx) => {
        await allowSlowSend(tx);
        const owner = await lockDigestOwner(tx, userId);
        // Another instance is sending it, or has just sent one.
        if (!owner) return;
        if (owner.digestSentAt && now.getTime() - owner.digestSentAt.getTime() < periodMs(owner.frequency))
          return;
        const rows = await selectMailRows(tx, await selectDigestIds(tx, userId));
        const send: MailRow[] = [];
        const items: Item[] = [];
        const skip: string[] = [];
        for (const row of rows) {
          if (!(await deliverable(tx, row))) {
            skip.push(row.id);
            continue;
          }
          // Read now, as a single email's words are: a kind that tells what its email carries also
          // tells whether the person may still read it (null), and a deleted or hidden post gives none.
          const content = await emailContent(tx, row.user_id, factsOf(row), app.config.PUBLIC_URL);
          if (content === null) {
            skip.push(row.id);
            continue;
          }
          send.push(row);
          items.push({ ...itemOf(app, row), excerpt: digestExcerpt(content?.text ?? '') });
        }
        if (send.length > 0) {
          const token = await unsubscribeToken(app.db, userId);
          const count = send.length === 1 ? 'one notification' : `${send.length} notifications`;
          await app.mailer.send(
            compose(
              app,
              send[0],
              token,
              `Your ${owner.frequency === 'weekly' ? 'weekly' : 'daily'} Trellis digest: ${count}`,
              'Here is what happened for you on Trellis since your last digest:',
              items,
            ),
          );
          await markDigestSent(tx, userId, now);
          result.digests++;
        }
        await markEmailed(
          tx,
          send.map((r) => r.id),
          skip,
          now,
        );
        result.skipped += skip.length;
      });
    } catch (error) {
      app.log.warn({ err: error, userId }, 'notification digest failed; it will be tried again');
    }
  }
  return result;
}

/**
 * Notification emails and due digests, every minute on whichever instance takes the job; one pass
 * at a time across instances. A pass that found a full batch is followed by another at once.
 */
export const mailJob = defineJob<JobData>({
  name: 'notifications.send-mail',
  title: 'Notification emails and digests',
  schedule: '* * * * *',
  policy: 'singleton',
  retryLimit: 2,
  async work(_job, app) {
    for (let pass = 0; pass < 10; pass++) {
      const result = await runMailWork(app);
      if (result.sent + result.skipped < BATCH && result.digests < BATCH) return;
    }
  },
});
