import { type AddressInfo, connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { publish, publishCommitted } from '#server/platform/realtime.ts';
import { buildApp } from '#server/app.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';
import { openEventStream } from '#server/test/event-stream.ts';
import { buildCommunity, buildThread, setMember } from '#server/test/community-builders.ts';

const t = setupTestApp();
let base = '';

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** Reads a Server-Sent Events stream over real HTTP, as a browser's EventSource would. */
const openStream = (cookie: string, topics: string[]) => openEventStream(base, cookie, topics);

async function scene() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const facilitator = await buildUser(db, { districtId: district.id });
  const member = await buildUser(db, { districtId: district.id });
  const outsider = await buildUser(db, { districtId: district.id });
  const community = await buildCommunity(db, { districtId: district.id, createdBy: facilitator.id });
  await setMember(db, community.id, facilitator.id);
  await setMember(db, community.id, member.id);
  const thread = await buildThread(db, { communityId: community.id, authorId: facilitator.id });
  const cookie = async (userId: string) => (await signedIn(t, userId)).cookie as string;
  return { district, facilitator, member, outsider, community, thread, cookie };
}

const signal = (topic: `user:${string}` | `thread:${string}` | `community:${string}`, type: string) =>
  t.database.db.transaction((tx) => publish(tx, [{ topic, type }]));

describe('GET /api/events', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const { member } = await scene();
    const response = await agent(t).get(`/api/events?topics=user:${member.id}`);
    expect(response.statusCode).toBe(401);
  });

  it('refuses malformed topics and too many of them, naming the field', async () => {
    const { member } = await scene();
    const me = await signedIn(t, member.id);
    for (const topics of ['', 'post:123', `user:${member.id},bogus`]) {
      const response = await me.get(`/api/events?topics=${encodeURIComponent(topics)}`);
      expect(response.statusCode, topics).toBe(400);
      expect(response.json().errors[0].path).toMatch(/topics/);
    }
    const many = Array.from({ length: 21 }, () => `community:${crypto.randomUUID()}`).join(',');
    expect((await me.get(`/api/events?topics=${many}`)).statusCode).toBe(400);
  });

  it('refuses another person’s topic and a thread or community the person may not see', async () => {
    const { member, outsider, thread, district, facilitator } = await scene();
    const stranger = await signedIn(t, outsider.id);
    const invitationOnly = await buildCommunity(t.database.db, {
      districtId: district.id,
      createdBy: facilitator.id,
      joinPolicy: 'invitation',
    });
    for (const topic of [
      `user:${member.id}`,
      `thread:${thread.threadId}`,
      `community:${invitationOnly.id}`,
      `thread:${crypto.randomUUID()}`,
    ]) {
      const response = await stranger.get(`/api/events?topics=${topic}`);
      expect(response.statusCode, topic).toBe(404);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('opens a stream with the topics that may be heard and revokes the others at once', async () => {
    const { outsider, thread, community, cookie } = await scene();
    // A by-request community is listed in its scope, so its own topic may be heard; its threads may not.
    const stream = await openStream(await cookie(outsider.id), [
      `community:${community.id}`,
      `thread:${thread.threadId}`,
    ]);
    expect((await stream.next((e) => e.event === 'ready')).data).toEqual({
      topics: [`community:${community.id}`],
    });
    expect((await stream.next((e) => e.event === 'revoked')).data).toEqual({
      topic: `thread:${thread.threadId}`,
    });
  });

  it('tells someone who may see but not read a community of its changes, never of its threads', async () => {
    const { outsider, community, cookie } = await scene();
    const stream = await openStream(await cookie(outsider.id), [`community:${community.id}`]);
    await stream.next((e) => e.event === 'ready');
    await t.database.db.transaction((tx) =>
      publish(tx, [{ topic: `community:${community.id}`, type: 'thread', id: crypto.randomUUID() }]),
    );
    await signal(`community:${community.id}`, 'members');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('members');
    expect(stream.events.some((e) => e.data.type === 'thread')).toBe(false);

    // Once they join, an access signal on their own topic lets them hear its threads too.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into community_members (community_id, user_id, role, status, joined_at)
        values (${community.id}, ${outsider.id}, 'member', 'active', now())`);
      await publish(tx, [{ topic: `user:${outsider.id}`, type: 'access' }]);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await signal(`community:${community.id}`, 'thread');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('thread');
  });

  it('delivers a committed signal to a subscriber, and nothing of a rolled-back one', async () => {
    const { member, thread, community, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [
      `thread:${thread.threadId}`,
      `community:${community.id}`,
    ]);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    await stream.next((e) => e.event === 'ready');

    await expect(
      t.database.db.transaction(async (tx) => {
        await publish(tx, [{ topic: `thread:${thread.threadId}`, type: 'rolled_back' }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await signal(`thread:${thread.threadId}`, 'post_added');
    const got = await stream.next((e) => e.event === 'signal');
    expect(got.data).toEqual({ topic: `thread:${thread.threadId}`, type: 'post_added' });
    await signal(`community:${community.id}`, 'thread_started');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('thread_started');
    expect(stream.events.some((e) => e.data.type === 'rolled_back')).toBe(false);
  });

  it('signals a reply to its thread, its community and the people told, once it has committed', async () => {
    const { facilitator, member, thread, community, cookie } = await scene();
    const stream = await openStream(await cookie(facilitator.id), [
      `user:${facilitator.id}`,
      `thread:${thread.threadId}`,
      `community:${community.id}`,
    ]);
    await stream.next((e) => e.event === 'ready');
    const as = await signedIn(t, member.id);
    const reply = await as.post(`/api/threads/${thread.threadId}/posts`, { body: 'We tried it today.' });
    expect(reply.statusCode).toBe(201);
    const postId = reply.json().data.id;
    const heard = [];
    for (let i = 0; i < 3; i++) heard.push((await stream.next((e) => e.event === 'signal')).data);
    // The thread's author is told first, then the thread and the community hear of it, in that order.
    expect(heard).toEqual([
      { topic: `user:${facilitator.id}`, type: 'notification' },
      { topic: `thread:${thread.threadId}`, type: 'post', id: postId },
      { topic: `community:${community.id}`, type: 'thread', id: thread.threadId },
    ]);
    // A reply refused (the thread is locked) signals nothing.
    await t.database.db.execute(sql`update threads set locked_at = now() where id = ${thread.threadId}`);
    expect((await as.post(`/api/threads/${thread.threadId}/posts`, { body: 'Too late.' })).statusCode).toBe(
      409,
    );
    await signal(`community:${community.id}`, 'marker');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('marker');
  });

  it('never fails a saved change for its signals: signals PostgreSQL refuses answer false', async () => {
    const { member } = await scene();
    // pg_notify refuses a payload of 8,000 bytes or more.
    const tooLong = { topic: `user:${member.id}` as const, type: 'x'.repeat(9000) };
    expect(await publishCommitted(t.database.db, [tooLong])).toBe(false);
    expect(await publishCommitted(t.database.db, [{ topic: `user:${member.id}`, type: 'marker' }])).toBe(
      true,
    );
  });

  it('sends the signals of changes committed while others are being sent, all of them, each change’s in order', async () => {
    const { member, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    // Ten changes at once: the first goes alone, the rest wait for it and go together (decision 043).
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        publishCommitted(t.database.db, [
          { topic: `user:${member.id}`, type: `first-${i}` },
          { topic: `user:${member.id}`, type: `second-${i}` },
        ]),
      ),
    );
    expect(sent).toEqual(Array(10).fill(true));
    const heard: string[] = [];
    for (let i = 0; i < 20; i++)
      heard.push(String((await stream.next((e) => e.event === 'signal')).data.type));
    expect([...heard].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => [`first-${i}`, `second-${i}`])
        .flat()
        .sort(),
    );
    for (let i = 0; i < 10; i++)
      expect(heard.indexOf(`first-${i}`)).toBeLessThan(heard.indexOf(`second-${i}`));
  });

  it('delivers a person’s signals to that person alone', async () => {
    const { member, outsider, cookie } = await scene();
    const mine = await openStream(await cookie(member.id), [`user:${member.id}`]);
    const theirs = await openStream(await cookie(outsider.id), [`user:${outsider.id}`]);
    await mine.next((e) => e.event === 'ready');
    await theirs.next((e) => e.event === 'ready');
    await signal(`user:${member.id}`, 'notification');
    await signal(`user:${outsider.id}`, 'marker');
    expect((await mine.next((e) => e.event === 'signal')).data.type).toBe('notification');
    const first = await theirs.next((e) => e.event === 'signal');
    expect(first.data).toEqual({ topic: `user:${outsider.id}`, type: 'marker' });
  });

  it('stops a removed member hearing a thread once their access changes', async () => {
    const { member, thread, community, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [
      `user:${member.id}`,
      `thread:${thread.threadId}`,
    ]);
    await stream.next((e) => e.event === 'ready');
    await signal(`thread:${thread.threadId}`, 'before');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('before');

    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`update community_members set status = 'removed'
        where community_id = ${community.id} and user_id = ${member.id}`);
      await publish(tx, [{ topic: `user:${member.id}`, type: 'access' }]);
    });
    expect((await stream.next((e) => e.event === 'revoked')).data).toEqual({
      topic: `thread:${thread.threadId}`,
    });
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('access');

    await signal(`thread:${thread.threadId}`, 'after');
    await signal(`user:${member.id}`, 'marker');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('marker');
    expect(stream.events.some((e) => e.data.type === 'after')).toBe(false);
  });

  it('stops a reader hearing a thread moved, or a community closed, out of their reach', async () => {
    const db = t.database.db;
    const { outsider, facilitator, district, community: closed, cookie } = await scene();
    const open = await buildCommunity(db, {
      districtId: district.id,
      createdBy: facilitator.id,
      joinPolicy: 'open',
    });
    const moving = await buildThread(db, { communityId: open.id, authorId: facilitator.id });
    const staying = await buildThread(db, { communityId: open.id, authorId: facilitator.id });
    const stream = await openStream(await cookie(outsider.id), [
      `thread:${moving.threadId}`,
      `thread:${staying.threadId}`,
      `community:${open.id}`,
    ]);
    expect((await stream.next((e) => e.event === 'ready')).data.topics).toHaveLength(3);

    // A facilitator moves one thread into a by-request community the reader is not in.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update threads set community_id = ${closed.id} where id = ${moving.threadId}`);
      await publish(tx, [{ topic: `thread:${moving.threadId}`, type: 'thread', id: moving.threadId }]);
    });
    expect((await stream.next((e) => e.event === 'revoked')).data).toEqual({
      topic: `thread:${moving.threadId}`,
    });

    // Then the open community takes members by request from now on.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update communities set join_policy = 'request' where id = ${open.id}`);
      await publish(tx, [{ topic: `community:${open.id}`, type: 'community', id: open.id }]);
    });
    expect((await stream.next((e) => e.event === 'revoked')).data).toEqual({
      topic: `thread:${staying.threadId}`,
    });
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('community');
    await signal(`thread:${staying.threadId}`, 'after');
    await signal(`community:${open.id}`, 'members');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('members');
    expect(stream.events.some((e) => e.data.type === 'after')).toBe(false);
  });

  it('keeps a member’s thread when an access change leaves it readable', async () => {
    const { member, thread, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [
      `user:${member.id}`,
      `thread:${thread.threadId}`,
    ]);
    await stream.next((e) => e.event === 'ready');
    await signal(`user:${member.id}`, 'access');
    await stream.next((e) => e.data.type === 'access');
    await signal(`thread:${thread.threadId}`, 'still');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('still');
    expect(stream.events.some((e) => e.event === 'revoked')).toBe(false);
  });

  it('caps the streams one person holds open', async () => {
    const { member, cookie } = await scene();
    const session = await cookie(member.id);
    for (let i = 0; i < 10; i++) {
      const stream = await openStream(session, [`user:${member.id}`]);
      expect(stream.response.status).toBe(200);
      await stream.next((e) => e.event === 'ready');
    }
    const refused = await fetch(`${base}/api/events?topics=user:${member.id}`, {
      headers: { cookie: session },
    });
    expect(refused.status).toBe(429);
    await refused.body?.cancel();
  });

  it('frees a stream’s place when the page goes away while the stream is being opened', async () => {
    const { member, thread, cookie } = await scene();
    const session = await cookie(member.id);
    const { port } = t.app.server.address() as AddressInfo;
    for (let i = 0; i < 12; i++) {
      // The browser leaves at once: the connection closes while access is still being checked.
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `GET /api/events?topics=thread:${thread.threadId} HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${session}\r\n\r\n`,
      );
      socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stream = await openStream(session, [`user:${member.id}`]);
    expect(stream.response.status).toBe(200);
  });

  it('reconnects after losing its database connection and asks open pages to fetch again', async () => {
    const { member, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    await t.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
    );
    expect((await stream.next((e) => e.event === 'signal', 10_000)).data.type).toBe('resync');
    await signal(`user:${member.id}`, 'after_reconnect');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('after_reconnect');
  });

  it('ends open streams when the instance shuts down', async () => {
    const { member, cookie } = await scene();
    const stream = await openStream(await cookie(member.id), [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    t.app.realtime.endStreams();
    await stream.reading;
    expect(stream.ended).toBe(true);
  });
});

describe('an open stream when its session ends', () => {
  /** Waits for the stream to close by itself, after an `ended` event. */
  async function expectEnded(stream: Awaited<ReturnType<typeof openStream>>) {
    expect((await stream.next((e) => e.event === 'ended')).data).toEqual({ reason: 'signed_out' });
    await Promise.race([
      stream.reading,
      new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 5_000)),
    ]);
    expect(stream.ended).toBe(true);
  }

  it('closes after signing out, even when another instance signs the person out', async () => {
    const { member } = await scene();
    const browser = await signedIn(t, member.id);
    const stream = await openStream(browser.cookie as string, [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    // A second instance over the same database, as behind a load balancer.
    const other = await buildApp({ config: t.config, db: t.database.db, pool: t.database.pool });
    await other.ready();
    try {
      const out = await other.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: {
          cookie: browser.cookie as string,
          'x-csrf-token': browser.csrfToken as string,
          origin: t.config.PUBLIC_URL,
        },
      });
      expect(out.statusCode).toBe(204);
      await expectEnded(stream);
    } finally {
      await other.close();
    }
  });

  it('closes on every other device after a password change, and stays open on the device that changed it', async () => {
    const { member } = await scene();
    const elsewhere = await signedIn(t, member.id);
    const here = await signedIn(t, member.id);
    const theirs = await openStream(elsewhere.cookie as string, [`user:${member.id}`]);
    const mine = await openStream(here.cookie as string, [`user:${member.id}`]);
    await theirs.next((e) => e.event === 'ready');
    await mine.next((e) => e.event === 'ready');
    const changed = await here.put('/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'an entirely new passphrase',
    });
    expect(changed.statusCode).toBe(204);
    await expectEnded(theirs);
    await signal(`user:${member.id}`, 'still_here');
    expect((await mine.next((e) => e.event === 'signal' && e.data.type === 'still_here')).data.type).toBe(
      'still_here',
    );
    expect(mine.events.some((e) => e.event === 'ended')).toBe(false);
  });

  it('closes when an administrator deactivates the person', async () => {
    const { district, member, cookie } = await scene();
    const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const stream = await openStream(await cookie(member.id), [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    const deactivated = await (await signedIn(t, admin.id)).post(`/api/staff/${member.id}/deactivate`);
    expect(deactivated.statusCode).toBe(200);
    await expectEnded(stream);
  });

  it('stays open when another session of the same person ends', async () => {
    const { member } = await scene();
    const other = await signedIn(t, member.id);
    const browser = await signedIn(t, member.id);
    const stream = await openStream(browser.cookie as string, [`user:${member.id}`]);
    await stream.next((e) => e.event === 'ready');
    expect((await other.delete('/api/session')).statusCode).toBe(204);
    await signal(`user:${member.id}`, 'after_other_sign_out');
    expect((await stream.next((e) => e.event === 'signal')).data.type).toBe('after_other_sign_out');
    expect(stream.ended).toBe(false);
  });
});
