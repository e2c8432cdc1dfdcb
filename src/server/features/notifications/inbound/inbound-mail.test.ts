import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { features } from '#server/features/index.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { setMember } from '#server/test/community-builders.ts';
import { buildCast, startThread } from '../../discussion/test-support.ts';
import { runMailWork } from '../mail-worker.ts';
import { type InboundMail, startInboundMail } from './smtp-listener.ts';

const t = setupTestApp({
  INBOUND_SMTP_PORT: '2525',
  REPLY_DOMAIN: 'reply.trellis.test',
  INBOUND_MAIL_MAX_BYTES: '200000',
});
let inbound: InboundMail;

beforeAll(async () => {
  inbound = await startInboundMail(t.app, { features, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await inbound?.close();
});

/** Every message in the outbox to an address, parsed, oldest first. */
async function mailTo(address: string): Promise<Array<ParsedMail & { raw: string }>> {
  const dir = path.join(t.config.dataDir, 'outbox');
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const found: Array<ParsedMail & { raw: string }> = [];
  for (const name of names) {
    const raw = await readFile(path.join(dir, name));
    const mail = await simpleParser(raw);
    if (mail.to && !Array.isArray(mail.to) && mail.to.value.some((v) => v.address === address))
      found.push(Object.assign(mail, { raw: raw.toString('utf8') }));
  }
  return found;
}

/** Sends a message to Trellis's listener through a real SMTP session, as a mail server would. */
async function deliver(message: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0]) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inbound.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

const postsIn = async (threadId: string) =>
  (
    await t.database.db.execute<{ body_md: string; author_id: string }>(
      sql`select body_md, author_id from posts where thread_id = ${threadId} and not is_opening order by created_at`,
    )
  ).rows;

/**
 * A thread started by the facilitator, who gets each notification by email, and the member's reply
 * to it emailed to the facilitator: that email, with its reply address.
 */
async function emailedThread() {
  const cast = await buildCast(t.database.db);
  const facilitator = await signedIn(t, cast.facilitator.id);
  await facilitator.put('/api/notification-settings', { email: 'each' });
  const { threadId } = await startThread(facilitator, cast.community.id, { title: 'Warm-ups that work' });
  const member = await signedIn(t, cast.member.id);
  const reply = await member.post(`/api/threads/${threadId}/posts`, {
    body: 'Try **number talks** with <script>alert(1)</script> a dot image.',
  });
  expect(reply.statusCode).toBe(201);
  await runMailWork(t.app);
  const [email] = await mailTo(cast.facilitator.email);
  expect(email).toBeDefined();
  const replyTo = email.replyTo && !Array.isArray(email.replyTo) ? email.replyTo.value[0].address : undefined;
  if (!replyTo) throw new Error('no Reply-To');
  return { ...cast, threadId, email, replyTo, facilitatorAgent: facilitator };
}

describe('notification emails carry the conversation', () => {
  it('include the post text as sanitized HTML and plain text, a reply address and a one-click unsubscribe', async () => {
    const { email, replyTo } = await emailedThread();
    expect(email.text).toContain('Try **number talks** with <script>alert(1)</script> a dot image.');
    expect(email.html).toContain('<strong>number talks</strong>');
    expect(email.html).not.toContain('<script>');
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{56}@reply\.trellis\.test$/);
    const head = email.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(head).toMatch(/^List-Unsubscribe: <http:\/\/trellis\.test\/api\/unsubscribe\?token=[^>]+>$/m);
    expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
  });

  it('leave out the text of a post hidden before the email was sent', async () => {
    const cast = await buildCast(t.database.db);
    const facilitator = await signedIn(t, cast.facilitator.id);
    await facilitator.put('/api/notification-settings', { email: 'each' });
    const { threadId } = await startThread(facilitator, cast.community.id);
    const member = await signedIn(t, cast.member.id);
    const reply = await member.post(`/api/threads/${threadId}/posts`, { body: 'Words that get hidden' });
    await t.database.db.execute(sql`update posts set hidden_at = now() where id = ${reply.json().data.id}`);
    await runMailWork(t.app);
    const [email] = await mailTo(cast.facilitator.email);
    expect(email.text).not.toContain('Words that get hidden');
  });
});

describe('replies by email', () => {
  it('posts a Gmail reply in the thread as the person, without the quoted message, once however often it is delivered', async () => {
    const { facilitator, threadId, replyTo } = await emailedThread();
    const message = {
      from: `"${facilitator.name}" <${facilitator.email}>`,
      to: replyTo,
      subject: 'Re: reply',
      messageId: '<gmail-1@mail.gmail.com>',
      text: `Thanks, I will use them on Monday.\n\nOn Mon, Dec 7, 2026 at 9:30 AM Trellis <no-reply@trellis.local> wrote:\n> Try number talks\n> with a dot image.\n`,
      html: '<div dir="ltr">Thanks, I will use them on Monday.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Dec 7, 2026 Trellis wrote:</div><blockquote class="gmail_quote">Try number talks</blockquote></div>',
    };
    const sent = await deliver(message);
    expect(sent.response).toMatch(/^250 /);
    await deliver(message);
    const posts = await postsIn(threadId);
    expect(posts.map((p) => p.body_md)).toEqual([
      'Try **number talks** with <script>alert(1)</script> a dot image.',
      'Thanks, I will use them on Monday.',
    ]);
    expect(posts[1].author_id).toBe(facilitator.id);
  });

  it('strips Outlook, Apple Mail and HTML-only quotes and signatures', async () => {
    const { facilitator, threadId, replyTo } = await emailedThread();
    const from = facilitator.email;
    await deliver({
      from,
      to: replyTo,
      subject: 'RE: reply',
      text: 'Outlook answer.\n\nBen\n\n________________________________\nFrom: Trellis <no-reply@trellis.local>\nSent: Monday, December 7, 2026 9:30 AM\nTo: Ben <ben@example.test>\nSubject: reply\n\nHello Ben,\n',
    });
    await deliver({
      from,
      to: replyTo,
      subject: 'Re: reply',
      text: 'Apple answer.\n\nSent from my iPhone\n\n> On Dec 7, 2026, at 09:30, Trellis <no-reply@trellis.local> wrote:\n>\n> Hello\n',
    });
    await deliver({
      from,
      to: replyTo,
      subject: 'Re: reply',
      html: '<html><body><div>HTML-only answer &amp; more.</div><div id="Signature"><p>Ben Okafor, Grade 5</p></div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Trellis</div><div>Hello Ben</div></body></html>',
    });
    await deliver({
      from,
      to: replyTo,
      subject: 'Re: reply',
      html: '<html><body>Apple HTML answer.<div><br><blockquote type="cite"><div>On Dec 7, 2026, Trellis wrote:</div>Hello</blockquote></div></body></html>',
    });
    await deliver({
      from,
      to: replyTo,
      subject: 'Re: reply',
      text: 'Signed answer.\n\n-- \nBen Okafor\nGrade 5\n',
    });
    expect((await postsIn(threadId)).slice(1).map((p) => p.body_md)).toEqual([
      'Outlook answer.\n\nBen',
      'Apple answer.',
      'HTML-only answer & more.',
      'Apple HTML answer.',
      'Signed answer.',
    ]);
  });

  it('refuses a forwarded notification: mail from anyone but the person the address was made for', async () => {
    const { colleague, threadId, replyTo } = await emailedThread();
    await expect(
      deliver({ from: colleague.email, to: replyTo, subject: 'Fwd', text: 'Posting as someone else' }),
    ).rejects.toThrow(/550/);
    expect(await postsIn(threadId)).toHaveLength(1);
  });

  it('refuses a revoked, altered or unknown reply address at RCPT TO', async () => {
    const { facilitator, threadId, replyTo, facilitatorAgent } = await emailedThread();
    const altered = replyTo.replace(/[0-9a-f](?=@)/, (c) => (c === '0' ? '1' : '0'));
    await expect(deliver({ from: facilitator.email, to: altered, text: 'Guessing' })).rejects.toThrow(/550/);
    await expect(
      deliver({ from: facilitator.email, to: 'someone@reply.trellis.test', text: 'Relay me' }),
    ).rejects.toThrow(/550/);
    const revoked = await facilitatorAgent.post('/api/notification-settings/revoke-reply-addresses', {});
    expect(revoked.json().data.revoked).toBe(1);
    await expect(deliver({ from: facilitator.email, to: replyTo, text: 'After revoking' })).rejects.toThrow(
      /550/,
    );
    expect(await postsIn(threadId)).toHaveLength(1);
  });

  it('ignores bounces and auto-replies without posting or answering', async () => {
    const { facilitator, threadId, replyTo } = await emailedThread();
    const before = (await mailTo(facilitator.email)).length;
    const from = facilitator.email;
    await deliver({ from, to: replyTo, text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } });
    await deliver({ from, to: replyTo, text: 'I am away', headers: { 'X-Autoreply': 'yes' } });
    await deliver({ from, to: replyTo, text: 'I am away', headers: { Precedence: 'bulk' } });
    await deliver({ from, to: replyTo, text: 'Undeliverable', envelope: { from: '', to: [replyTo] } });
    expect(await postsIn(threadId)).toHaveLength(1);
    expect(await mailTo(facilitator.email)).toHaveLength(before);
  });

  it('answers someone who has lost access with an explanatory bounce and posts nothing', async () => {
    const { facilitator, community, threadId, replyTo } = await emailedThread();
    await setMember(t.database.db, community.id, facilitator.id, 'removed');
    const sent = await deliver({
      from: facilitator.email,
      to: replyTo,
      subject: 'Re: reply',
      text: 'Too late?',
    });
    expect(sent.response).toMatch(/^250 /);
    expect(await postsIn(threadId)).toHaveLength(1);
    const bounces = (await mailTo(facilitator.email)).filter((m) => m.subject === 'Not posted: Re: reply');
    expect(bounces).toHaveLength(1);
    expect(bounces[0].text).toContain('You can no longer read this discussion');
  });

  it('bounces a reply with no words of its own and refuses a message over the size limit', async () => {
    const { facilitator, threadId, replyTo } = await emailedThread();
    await deliver({
      from: facilitator.email,
      to: replyTo,
      text: '\n\nOn Mon, Dec 7, 2026 Trellis wrote:\n> hi\n',
    });
    const bounces = (await mailTo(facilitator.email)).filter((m) => m.text?.includes('did not post it'));
    expect(bounces).toHaveLength(1);
    expect(bounces[0].text).toContain('found no words of your own');
    await expect(
      deliver({ from: facilitator.email, to: replyTo, text: `Long ${'x'.repeat(300_000)}` }),
    ).rejects.toThrow(/552/);
    expect(await postsIn(threadId)).toHaveLength(1);
  });
});
