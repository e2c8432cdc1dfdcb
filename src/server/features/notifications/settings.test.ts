import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notificationKinds } from '#server/platform/activity.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildThread, setMember } from '#server/test/community-builders.ts';
import { type NotificationInput, tell as tellAll } from '#server/test/notifications.ts';
import { runMailWork } from './mail-worker.ts';

const t = setupTestApp();
const tell = (items: NotificationInput[]) => tellAll(t.database.db, items);

async function scene() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const ana = await buildUser(db, { districtId: district.id });
  const ben = await buildUser(db, { districtId: district.id });
  const community = await buildCommunity(db, { districtId: district.id, createdBy: ana.id });
  const other = await buildCommunity(db, { districtId: district.id, createdBy: ana.id });
  const secret = await buildCommunity(db, {
    districtId: district.id,
    createdBy: ana.id,
    joinPolicy: 'invitation',
  });
  for (const c of [community, other]) {
    await setMember(db, c.id, ana.id);
    await setMember(db, c.id, ben.id);
  }
  const thread = await buildThread(db, { communityId: community.id, authorId: ben.id });
  const otherThread = await buildThread(db, { communityId: other.id, authorId: ben.id });
  const me = await signedIn(t, ben.id);
  const reply = (c = community.id, th = thread.threadId): NotificationInput => ({
    userId: ben.id,
    kind: 'reply',
    actorId: ana.id,
    communityId: c,
    threadId: th,
  });
  return { ana, ben, community, other, secret, thread, otherThread, me, reply };
}

const states = async (userId: string) =>
  (
    await t.database.db.execute<{ kind: string; email_state: string }>(
      sql`select kind, email_state from notifications where user_id = ${userId} order by created_at, id`,
    )
  ).rows.map((r) => `${r.kind}:${r.email_state}`);

describe('notification settings per kind and community', () => {
  it('lists every kind the features declare, from the registry', async () => {
    const { me } = await scene();
    const { data } = (await me.get('/api/notification-settings')).json();
    expect(data.kinds.map((k: { kind: string }) => k.kind).sort()).toEqual(
      notificationKinds()
        .map((k) => k.kind)
        .sort(),
    );
    expect(data.kinds.every((k: { label: string; delivery: null }) => k.label && k.delivery === null)).toBe(
      true,
    );
    expect(data).toMatchObject({
      email: 'daily',
      digest: 'daily',
      quietHours: null,
      timeZone: 'UTC',
      communities: [],
    });
  });

  it('writes each notification as the most specific choice says: community and kind, community, kind, general', async () => {
    const { ana, ben, me, community, other, reply, otherThread } = await scene();
    const saved = await me.put('/api/notification-settings', {
      email: 'each',
      kinds: { reply: 'digest', new_follower: 'off' },
      communities: [{ communityId: other.id, delivery: 'app' }],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.communities).toEqual([
      { community: { id: other.id, name: expect.any(String) }, delivery: 'app' },
    ]);
    await tell([
      reply(),
      reply(other.id, otherThread.threadId),
      { userId: ben.id, kind: 'new_follower', actorId: ana.id },
      {
        userId: ben.id,
        kind: 'mention',
        actorId: ana.id,
        communityId: community.id,
        threadId: reply().threadId,
      },
    ]);
    // The follower notification is off: not even in the bell.
    expect(await states(ben.id)).toEqual(['reply:digest', 'reply:none', 'mention:pending']);
    // Removing the community's choice and the kind's falls back to the general choice.
    await me.put('/api/notification-settings', {
      kinds: { reply: null },
      communities: [{ communityId: other.id, delivery: null }],
    });
    await tell([reply(other.id, otherThread.threadId)]);
    expect((await states(ben.id)).at(-1)).toBe('reply:pending');
    // What waited for the digest follows the new choice.
    expect((await states(ben.id))[0]).toBe('reply:pending');
  });

  it('refuses an unknown kind, a bad time zone, bad quiet hours and a community the person cannot read, naming the field and changing nothing', async () => {
    const { me, secret } = await scene();
    const before = (await me.get('/api/notification-settings')).json();
    for (const [body, path] of [
      [{ kinds: { no_such_kind: 'email' } }, '/body/kinds/no_such_kind'],
      [{ kinds: { reply: 'sometimes' } }, '/body/kinds/reply'],
      [{ timeZone: 'Mars/Olympus_Mons', email: 'off' }, '/body/timeZone'],
      [{ quietHours: { start: '25:00', end: '07:00' } }, '/body/quietHours/start'],
      [{ quietHours: { start: '07:00', end: '07:00' } }, '/body/quietHours/end'],
      [{ communities: [{ communityId: secret.id, delivery: 'off' }] }, '/body/communities/0/communityId'],
      [{ digest: 'hourly' }, '/body/digest'],
    ] as const) {
      const response = await me.put('/api/notification-settings', body);
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await me.get('/api/notification-settings')).json()).toEqual(before);
  });

  it('holds email in quiet hours in the person’s time zone and sends it when they end; a weekly digest waits a week', async () => {
    const { me, ben, reply } = await scene();
    // 22:00 to 07:00 in Chicago (UTC-6 in December): 04:00 to 13:00 UTC.
    const saved = await me.put('/api/notification-settings', {
      email: 'each',
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'America/Chicago',
    });
    expect(saved.json().data.quietHours).toEqual({ start: '22:00', end: '07:00' });
    await tell([reply()]);
    const night = new Date('2030-12-09T08:30:00Z'); // 02:30 in Chicago
    await runMailWork(t.app, night);
    expect(await states(ben.id)).toEqual(['reply:pending']);
    const morning = new Date('2030-12-09T13:05:00Z'); // 07:05 in Chicago
    await runMailWork(t.app, morning);
    expect(await states(ben.id)).toEqual(['reply:sent']);

    await me.put('/api/notification-settings', { email: 'daily', digest: 'weekly', quietHours: null });
    await tell([reply()]);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    await runMailWork(t.app, inTwoDays);
    expect(await states(ben.id)).toEqual(['reply:sent', 'reply:digest']);
    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    await runMailWork(t.app, inEightDays);
    expect(await states(ben.id)).toEqual(['reply:sent', 'reply:sent']);
  });

  it('needs a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/notification-settings' });
    expect(response.statusCode).toBe(401);
    const revoke = await t.app.inject({
      method: 'POST',
      url: '/api/notification-settings/revoke-reply-addresses',
      headers: { origin: 'http://trellis.test' },
    });
    expect(revoke.statusCode).toBe(401);
  });
});
