import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { features } from '#server/features/index.ts';
import { runMailWork } from '#server/features/notifications/mail-worker.ts';
import { type InboundMail, startInboundMail } from '#server/features/notifications/inbound/smtp-listener.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';

const t = setupTestApp({ INBOUND_SMTP_PORT: '2525', REPLY_DOMAIN: 'reply.trellis.test' });
let inbound: InboundMail;

beforeAll(async () => {
  inbound = await startInboundMail(t.app, { features, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await inbound?.close();
});

async function mailTo(address: string): Promise<ParsedMail[]> {
  const dir = path.join(t.config.dataDir, 'outbox');
  const found: ParsedMail[] = [];
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const mail = await simpleParser(await readFile(path.join(dir, name)));
    if (mail.to && !Array.isArray(mail.to) && mail.to.value.some((v) => v.address === address))
      found.push(mail);
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

describe('direct messages by email', () => {
  it('emails the message with a reply address, and sends the reply in the conversation as its recipient', async () => {
    const db = t.database.db;
    const north = await buildDistrict(db);
    const south = await buildDistrict(db);
    await buildNetwork(db, [north.id, south.id]);
    const ana = await buildUser(db, { districtId: north.id });
    const ben = await buildUser(db, { districtId: south.id });
    const cal = await buildUser(db, { districtId: north.id });
    const as = { ana: await signedIn(t, ana.id), ben: await signedIn(t, ben.id) };
    await as.ben.put('/api/notification-settings', { email: 'each' });
    const { conversationId } = (
      await as.ana.post('/api/conversations', {
        participantIds: [ben.id],
        body: 'Could we meet on **Thursday**?',
      })
    ).json().data;
    await runMailWork(t.app);
    const [email] = await mailTo(ben.email);
    expect(email.text).toContain('Could we meet on Thursday?');
    expect(email.html).toContain('<strong>Thursday</strong>');
    const replyTo = email.replyTo && !Array.isArray(email.replyTo) ? email.replyTo.value[0].address : '';
    expect(replyTo).toMatch(/@reply\.trellis\.test$/);

    // Someone else's address on the reply address posts nothing.
    await deliver({ from: cal.email, to: replyTo, subject: 'Re: message', text: 'Not me' }).catch(() => null);
    const sent = await deliver({
      from: ben.email,
      to: replyTo,
      subject: 'Re: message',
      messageId: '<dm-reply-1@mail.example>',
      text: `Thursday works.\n\nOn Mon, Dec 7, 2026 at 9:30 AM Trellis <no-reply@trellis.local> wrote:\n> Could we meet on Thursday?\n`,
    });
    expect(sent.response).toMatch(/^250 /);
    const messages = (await as.ana.get(`/api/conversations/${conversationId}/messages`)).json().data;
    expect(messages.map((m: { html: string; sender: { id: string } }) => [m.sender.id, m.html])).toEqual([
      [ben.id, '<p>Thursday works.</p>'],
      [ana.id, '<p>Could we meet on <strong>Thursday</strong>?</p>'],
    ]);
  });

  it('refuses a reply by email from someone removed from the group since the email was sent', async () => {
    const db = t.database.db;
    const north = await buildDistrict(db);
    const ana = await buildUser(db, { districtId: north.id });
    const ben = await buildUser(db, { districtId: north.id });
    const cal = await buildUser(db, { districtId: north.id });
    const as = { ana: await signedIn(t, ana.id), cal: await signedIn(t, cal.id) };
    await as.cal.put('/api/notification-settings', { email: 'each' });
    const started = await as.ana.post('/api/conversations', {
      participantIds: [ben.id, cal.id],
      body: 'Planning the unit together',
    });
    expect(started.statusCode, started.body).toBe(201);
    const { conversationId } = started.json().data;
    await runMailWork(t.app);
    const [email] = await mailTo(cal.email);
    const replyTo = email.replyTo && !Array.isArray(email.replyTo) ? email.replyTo.value[0].address : '';
    expect(replyTo).toMatch(/@reply\.trellis\.test$/);

    // While in the group, the reply is sent; once removed, the same address posts nothing.
    const reply = (n: number, text: string) =>
      deliver({
        from: cal.email,
        to: replyTo,
        subject: 'Re: message',
        messageId: `<dm-group-${n}-${conversationId}@mail.example>`,
        text,
      }).catch(() => null);
    await reply(1, 'Count me in');
    const removed = await as.ana.delete(`/api/conversations/${conversationId}/people/${cal.id}`);
    expect(removed.statusCode).toBe(200);
    await reply(2, 'Still here?');
    const messages = (await as.ana.get(`/api/conversations/${conversationId}/messages`)).json().data;
    expect(messages.map((m: { sender: { id: string } }) => m.sender.id)).toEqual([cal.id, ana.id]);
  });
});
