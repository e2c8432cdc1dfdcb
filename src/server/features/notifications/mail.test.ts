import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { runMailWork } from './mail-worker.ts';
import { type NotificationInput, tell as tellAll } from '#server/test/notifications.ts';
import { buildCommunity, buildReply, buildThread, setMember } from '#server/test/community-builders.ts';

const t = setupTestApp();
const HOUR = 3_600_000;
const later = (hours: number) => new Date(Date.now() + hours * HOUR);

async function scene(options: { email?: 'each' | 'daily' | 'off'; name?: string; title?: string } = {}) {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const ana = await buildUser(db, { districtId: district.id, name: options.name ?? 'Ana Díaz' });
  const ben = await buildUser(db, { districtId: district.id, name: 'Ben Okafor' });
  const community = await buildCommunity(db, { districtId: district.id, createdBy: ana.id });
  await setMember(db, community.id, ana.id);
  await setMember(db, community.id, ben.id);
  const thread = await buildThread(db, {
    communityId: community.id,
    authorId: ben.id,
    title: options.title ?? 'Fractions on a number line',
  });
  if (options.email)
    await (await signedIn(t, ben.id)).put('/api/notification-settings', { email: options.email });
  const reply = (): NotificationInput => ({
    userId: ben.id,
    kind: 'reply',
    actorId: ana.id,
    communityId: community.id,
    threadId: thread.threadId,
  });
  return { district, ana, ben, community, thread, reply };
}

const tell = (items: NotificationInput[]) => tellAll(t.database.db, items);

/** Every message written to the outbox for one address, raw and with quoted-printable undone. */
async function mailTo(address: string): Promise<string[]> {
  const dir = path.join(t.config.dataDir, 'outbox');
  const names = await readdir(dir).catch(() => [] as string[]);
  const messages: string[] = [];
  for (const name of names.sort()) {
    const raw = await readFile(path.join(dir, name), 'utf8');
    const [head, ...body] = raw.split(/\r?\n\r?\n/);
    // Long headers are folded onto several lines; unfold them to read each whole.
    const decoded = [
      head.replace(/\r?\n[ \t]+/g, ' '),
      body
        .join('\n\n')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    ].join('\n\n');
    if (new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw))
      messages.push(Buffer.from(decoded, 'latin1').toString('utf8'));
  }
  return messages;
}

const emailStates = async (userId: string) =>
  (
    await t.database.db.execute<{ email_state: string }>(
      sql`select email_state from notifications where user_id = ${userId} order by created_at, id`,
    )
  ).rows.map((r) => r.email_state);

const tokenIn = (message: string) => {
  const match = message.match(/List-Unsubscribe: <[^>]*\/api\/unsubscribe\?token=([^>]+)>/);
  if (!match) throw new Error('no List-Unsubscribe header');
  return decodeURIComponent(match[1]);
};

describe('notification email', () => {
  it('emails each notification at once to a person who chose each, once', async () => {
    const { ben, reply } = await scene({ email: 'each' });
    await tell([reply()]);
    await runMailWork(t.app);
    const messages = await mailTo(ben.email);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatch(/^Subject: .*replied/m);
    expect(message).toContain('Ana Díaz replied to “Fractions on a number line”');
    expect(message).toContain('http://trellis.test/communities/');
    expect(message).toMatch(/^List-Unsubscribe: <http:\/\/trellis\.test\/api\/unsubscribe\?token=[^>]+>/m);
    expect(message).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(message).toContain('http://trellis.test/unsubscribe?token=');
    expect(await emailStates(ben.id)).toEqual(['sent']);

    await runMailWork(t.app);
    expect(await mailTo(ben.email)).toHaveLength(1);
  });

  it('gathers notifications into one daily digest, at most one a day', async () => {
    const { ana, ben, reply } = await scene();
    await tell([reply()]);
    await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    expect(await emailStates(ben.id)).toEqual(['digest', 'digest']);

    await runMailWork(t.app);
    expect(await mailTo(ben.email)).toHaveLength(0);

    await runMailWork(t.app, later(25));
    const [digest, ...more] = await mailTo(ben.email);
    expect(more).toHaveLength(0);
    expect(digest).toMatch(/^Subject: .*2 notifications/m);
    expect(digest).toContain('Ana Díaz replied to “Fractions on a number line”');
    expect(digest).toContain('Ana Díaz started following you');
    expect(digest).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(await emailStates(ben.id)).toEqual(['sent', 'sent']);

    // The next one waits for a day after the last digest.
    await tell([{ userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    await runMailWork(t.app, later(30));
    expect(await mailTo(ben.email)).toHaveLength(1);
    await runMailWork(t.app, later(50));
    expect(await mailTo(ben.email)).toHaveLength(2);
  });

  it('carries a short excerpt of each post in the digest, read when it is sent, and none of a post hidden since', async () => {
    const db = t.database.db;
    const { ana, ben, community, thread } = await scene();
    const long = `Try **number talks** with @[Ben Okafor](/people/${ben.id}) <script>alert(1)</script> when a < b & c > d, and [this guide](https://example.org/guide). ${'Then we counted again. '.repeat(20)}`;
    const shown = await buildReply(db, {
      threadId: thread.threadId,
      communityId: community.id,
      authorId: ana.id,
      body: long,
    });
    const hidden = await buildReply(db, {
      threadId: thread.threadId,
      communityId: community.id,
      authorId: ana.id,
      body: 'Words a moderator hid before the digest went.',
    });
    const about = (postId: string): NotificationInput => ({
      userId: ben.id,
      kind: 'reply',
      actorId: ana.id,
      communityId: community.id,
      threadId: thread.threadId,
      postId,
    });
    await tell([about(shown.postId)]);
    await tell([about(hidden.postId)]);
    await db.execute(sql`update posts set hidden_at = now() where id = ${hidden.postId}`);

    await runMailWork(t.app, later(25));
    const [digest, ...more] = await mailTo(ben.email);
    expect(more).toHaveLength(0);
    expect(digest).toContain(
      '> Try **number talks** with @Ben Okafor alert(1) when a < b & c > d, and this guide. Then we',
    );
    expect(digest).toContain('when a &lt; b &amp; c &gt; d, and this guide.');
    expect(digest).not.toContain('<script');
    expect(digest).not.toContain('/people/');
    expect(digest).toMatch(/counted again\.?…/);
    expect(digest).not.toContain('Then we counted again. '.repeat(10));
    expect(digest).not.toContain('a moderator hid');
  });

  it('sends nothing to a person who turned email off', async () => {
    const { ben, reply } = await scene({ email: 'off' });
    await tell([reply()]);
    await runMailWork(t.app, later(48));
    expect(await mailTo(ben.email)).toHaveLength(0);
    expect(await emailStates(ben.id)).toEqual(['none']);
    // The bell still shows it.
    const unread = await (await signedIn(t, ben.id)).get('/api/notifications/unread-count');
    expect(unread.json().data.unread).toBe(1);
  });

  it('sends a removed member nothing about the community, at once or in a digest', async () => {
    const first = await scene({ email: 'each' });
    await tell([first.reply()]);
    await setMember(t.database.db, first.community.id, first.ben.id, 'removed');
    await runMailWork(t.app);
    expect(await mailTo(first.ben.email)).toHaveLength(0);
    expect(await emailStates(first.ben.id)).toEqual(['skipped']);

    const second = await scene();
    await tell([second.reply()]);
    await tell([{ userId: second.ben.id, kind: 'new_follower', actorId: second.ana.id }]);
    await setMember(t.database.db, second.community.id, second.ben.id, 'removed');
    await runMailWork(t.app, later(25));
    const [digest, ...more] = await mailTo(second.ben.email);
    expect(more).toHaveLength(0);
    expect(digest).toContain('started following you');
    expect(digest).not.toContain('Fractions');
    expect(digest).not.toContain(second.community.name);
    expect(await emailStates(second.ben.id)).toEqual(['skipped', 'sent']);
  });

  it('sends no invitation to a community the person may no longer see, nor shows it in the bell', async () => {
    const db = t.database.db;
    const { ana, ben, district } = await scene({ email: 'each' });
    const secret = await buildCommunity(db, {
      districtId: district.id,
      createdBy: ana.id,
      joinPolicy: 'invitation',
      name: 'Hidden Hollow',
    });
    await setMember(db, secret.id, ben.id, 'invited');
    const invitation: NotificationInput = {
      userId: ben.id,
      kind: 'community_invitation',
      actorId: ana.id,
      communityId: secret.id,
    };
    await tell([invitation]);
    // The facilitator withdraws the invitation before the email goes.
    await db.execute(
      sql`delete from community_members where community_id = ${secret.id} and user_id = ${ben.id}`,
    );
    await runMailWork(t.app);
    expect(await mailTo(ben.email)).toHaveLength(0);
    expect(await emailStates(ben.id)).toEqual(['skipped']);
    const me = await signedIn(t, ben.id);
    expect((await me.get('/api/notifications')).json().data).toEqual([]);
    expect((await me.get('/api/notifications/unread-count')).json().data.unread).toBe(0);

    // Being told of one's removal still arrives, though the community is hidden from then on.
    await tell([{ userId: ben.id, kind: 'removed', actorId: ana.id, communityId: secret.id }]);
    await runMailWork(t.app);
    const [removal] = await mailTo(ben.email);
    expect(removal).toContain('You were removed from Hidden Hollow');
    expect((await me.get('/api/notifications')).json().data).toHaveLength(1);
  });

  it('keeps hostile names and titles inert: escaped in HTML, never markup', async () => {
    const { ben, reply } = await scene({
      email: 'each',
      name: '<img src=x onerror=alert(1)>',
      title: '</a><script>alert("x")</script>',
    });
    await tell([reply()]);
    await runMailWork(t.app);
    const [message] = await mailTo(ben.email);
    const html = message.slice(message.indexOf('Content-Type: text/html'));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/a&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(message).not.toMatch(/^Subject: .*\n[^ \t]*<script/m);
  });

  it('never sends one notification twice when two workers run at once', async () => {
    const { ana, ben, reply } = await scene({ email: 'each' });
    const daily = await scene();
    for (let i = 0; i < 6; i++) await tell([reply()]);
    await tell([{ userId: daily.ben.id, kind: 'new_follower', actorId: daily.ana.id }]);
    await tell([{ userId: daily.ben.id, kind: 'new_follower', actorId: ana.id }]);
    const results = await Promise.all([runMailWork(t.app, later(25)), runMailWork(t.app, later(25))]);
    expect(results[0].sent + results[1].sent).toBeGreaterThanOrEqual(6);
    expect(await mailTo(ben.email)).toHaveLength(6);
    expect(await mailTo(daily.ben.email)).toHaveLength(1);
    expect(await emailStates(ben.id)).toEqual(Array(6).fill('sent'));
  });
});

describe('unsubscribe', () => {
  it('stops that kind of email with the one-click POST a mail client makes, without a session', async () => {
    const { ana, ben, reply } = await scene({ email: 'each' });
    await tell([reply()]);
    await runMailWork(t.app);
    const token = tokenIn((await mailTo(ben.email))[0]);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/unsubscribe?token=${encodeURIComponent(token)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { email: 'off', kind: 'reply', label: 'Reply' } });
    const settings = (await (await signedIn(t, ben.id)).get('/api/notification-settings')).json().data;
    expect(settings.email).toBe('each');
    expect(settings.kinds.find((k: { kind: string }) => k.kind === 'reply').delivery).toBe('app');
    // Replies now reach the bell only; another kind is still emailed.
    await tell([reply(), { userId: ben.id, kind: 'new_follower', actorId: ana.id }]);
    await runMailWork(t.app, later(48));
    const mail = await mailTo(ben.email);
    expect(mail).toHaveLength(2);
    expect(mail[1]).toMatch(/started following you/);
    expect(await emailStates(ben.id)).toEqual(['sent', 'none', 'sent']);
  });

  it('stops every notification email with the digest’s link, and a GET only opens the confirm page', async () => {
    const { ben, reply } = await scene({ email: 'daily' });
    await tell([reply()]);
    await runMailWork(t.app, later(25));
    const token = tokenIn((await mailTo(ben.email))[0]);
    const opened = await agent(t).get(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect((await (await signedIn(t, ben.id)).get('/api/notification-settings')).json().data.email).toBe(
      'daily',
    );
    const confirmed = await agent(t).post(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().data.kind).toBeNull();
    expect((await (await signedIn(t, ben.id)).get('/api/notification-settings')).json().data.email).toBe(
      'off',
    );
  });

  it('refuses a token Trellis did not make, naming the field', async () => {
    const { ana, ben, reply } = await scene({ email: 'each' });
    await tell([reply()]);
    await runMailWork(t.app);
    const token = tokenIn((await mailTo(ben.email))[0]);
    const forged = `${ana.id}.${token.split('.')[1]}`;
    for (const bad of [forged, 'nonsense', `${ben.id}.`, `${token}x`]) {
      const response = await agent(t).post(`/api/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().errors[0].path).toMatch(/token/);
    }
    expect((await agent(t).post('/api/unsubscribe')).statusCode).toBe(400);
    expect((await (await signedIn(t, ana.id)).get('/api/notification-settings')).json().data.email).toBe(
      'daily',
    );
  });
});
