import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { buildCommunity, setMember } from '#server/test/community-builders.ts';
import { buildCast, count, startThread } from './test-support.ts';

const t = setupTestApp();

/** A connection of its own, to hold a moderator's change open while replies arrive. */
async function otherConnection() {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  return client;
}

/** Waits until some statement of this database waits for a row lock. */
async function someoneWaitsForALock() {
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no reply waited for the thread');
}

describe('replies written at the same time', () => {
  it('count every reply on its thread and community, with its feed items, when many arrive at once', async () => {
    const db = t.database.db;
    const cast = await buildCast(db);
    const writers = [cast.member];
    for (let i = 0; i < 7; i++) {
      const person = await buildUser(db, { districtId: cast.district.id });
      await setMember(db, cast.community.id, person.id);
      writers.push(person);
    }
    const agents = await Promise.all(writers.map((w) => signedIn(t, w.id)));
    const one = await startThread(agents[0], cast.community.id);
    const two = await startThread(agents[1], cast.community.id);
    // The community was last active an hour ago.
    const before = await db.execute<{ last_activity_at: Date }>(
      sql`update communities set last_activity_at = now() - interval '1 hour' where id = ${cast.community.id}
          returning last_activity_at`,
    );
    // Each writer replies three times to each thread, all writers at once.
    const answers = await Promise.all(
      agents.flatMap((as, w) =>
        [0, 1, 2].flatMap((i) =>
          [one, two].map((thread) =>
            as.post(`/api/threads/${thread.threadId}/posts`, { body: `Writer ${w}, reply ${i}` }),
          ),
        ),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
    const { rows } = await db.execute<{ id: string; reply_count: number; replies: number; latest: boolean }>(
      sql`select t.id, t.reply_count,
                 (select count(*)::int from posts p where p.thread_id = t.id and not p.is_opening) as replies,
                 t.last_post_at >= (select max(p.created_at) from posts p where p.thread_id = t.id) as latest
            from threads t where t.community_id = ${cast.community.id} order by t.id`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ reply_count: 24, replies: 24, latest: true });
    // Its last activity moved on, to within the second of the newest reply.
    const after = await db.execute<{ last_activity_at: Date; latest: boolean }>(
      sql`select last_activity_at, last_activity_at >= (select max(created_at) - interval '1 second' from posts
            where community_id = ${cast.community.id}) as latest from communities where id = ${cast.community.id}`,
    );
    expect(after.rows[0].latest).toBe(true);
    expect(new Date(after.rows[0].last_activity_at).getTime()).toBeGreaterThan(
      new Date(before.rows[0].last_activity_at).getTime(),
    );
    // Each reply has its statement and its two feed items (the community's and the author's).
    const items = await db.execute<{ without: number }>(
      sql`select count(*)::int as without from posts p
           where p.community_id = ${cast.community.id} and not p.is_opening
             and (select count(*) from feed_items f join statements s on s.id = f.statement_id
                   where s.object_type = 'post' and s.object_id = p.id::text) <> 2`,
    );
    expect(items.rows[0].without).toBe(0);
  });

  it('moves a community’s last activity on at most once a second', async () => {
    const db = t.database.db;
    const cast = await buildCast(db);
    const as = await signedIn(t, cast.member.id);
    const { threadId } = await startThread(as, cast.community.id);
    const lastActivity = async () =>
      (
        await db.execute<{ at: string }>(
          sql`select last_activity_at::text as at from communities where id = ${cast.community.id}`,
        )
      ).rows[0].at;
    // Last active two seconds ago: a reply moves it on to the reply's time.
    await db.execute(
      sql`update communities set last_activity_at = now() - interval '2 seconds' where id = ${cast.community.id}`,
    );
    const first = await as.post(`/api/threads/${threadId}/posts`, { body: 'First' });
    expect(first.statusCode).toBe(201);
    const moved = await db.execute<{ same: boolean }>(
      sql`select c.last_activity_at = p.created_at as same from communities c, posts p
           where c.id = ${cast.community.id} and p.id = ${first.json().data.id}`,
    );
    expect(moved.rows[0].same).toBe(true);
    // Active within the last second: the next reply leaves the community's row alone.
    await db.execute(sql`update communities set last_activity_at = now() where id = ${cast.community.id}`);
    const recent = await lastActivity();
    expect((await as.post(`/api/threads/${threadId}/posts`, { body: 'Second' })).statusCode).toBe(201);
    expect(await lastActivity()).toBe(recent);
  });

  it('refuses a reply whose thread a facilitator locked while it was being written, keeping nothing of it', async () => {
    const db = t.database.db;
    const cast = await buildCast(db);
    const as = await signedIn(t, cast.member.id);
    const { threadId } = await startThread(as, cast.community.id);
    const posts = await count(db, 'posts', sql`thread_id = ${threadId}`);
    const statements = await count(db, 'statements');
    const moderator = await otherConnection();
    try {
      await moderator.query('begin');
      await moderator.query('update threads set locked_at = now() where id = $1', [threadId]);
      const reply = as.post(`/api/threads/${threadId}/posts`, { body: 'Just in time?' });
      await someoneWaitsForALock();
      await moderator.query('commit');
      const answer = await reply;
      expect(answer.statusCode).toBe(409);
      expect(answer.body).toMatch(/locked/);
    } finally {
      await moderator.end();
    }
    expect(await count(db, 'posts', sql`thread_id = ${threadId}`)).toBe(posts);
    expect(await count(db, 'statements')).toBe(statements);
    const { rows } = await db.execute<{ reply_count: number }>(
      sql`select reply_count from threads where id = ${threadId}`,
    );
    expect(rows[0].reply_count).toBe(0);
  });

  it('writes a reply again in the community its thread moved to while it was being written', async () => {
    const db = t.database.db;
    const cast = await buildCast(db);
    const target = await buildCommunity(db, {
      districtId: cast.district.id,
      createdBy: cast.facilitator.id,
      members: [
        { userId: cast.facilitator.id, role: 'facilitator' },
        { userId: cast.member.id, role: 'member' },
      ],
    });
    const as = await signedIn(t, cast.member.id);
    const { threadId } = await startThread(as, cast.community.id);
    const mover = await otherConnection();
    try {
      await mover.query('begin');
      await mover.query('select 1 from threads where id = $1 for no key update', [threadId]);
      const reply = as.post(`/api/threads/${threadId}/posts`, { body: 'Written while it moved' });
      await someoneWaitsForALock();
      await mover.query('update threads set community_id = $2 where id = $1', [threadId, target.id]);
      await mover.query('update posts set community_id = $2 where thread_id = $1', [threadId, target.id]);
      await mover.query('commit');
      const answer = await reply;
      expect(answer.statusCode).toBe(201);
      const { rows } = await db.execute<{ community_id: string }>(
        sql`select community_id from posts where id = ${answer.json().data.id}`,
      );
      expect(rows[0].community_id).toBe(target.id);
    } finally {
      await mover.end();
    }
    expect(await count(db, 'posts', sql`thread_id = ${threadId} and community_id <> ${target.id}`)).toBe(0);
    const { rows } = await db.execute<{ reply_count: number }>(
      sql`select reply_count from threads where id = ${threadId}`,
    );
    expect(rows[0].reply_count).toBe(1);
  });
  it('moves a thread while a reaction holds one of its posts, and both succeed', async () => {
    const db = t.database.db;
    const cast = await buildCast(db);
    const target = await buildCommunity(db, {
      districtId: cast.district.id,
      createdBy: cast.facilitator.id,
      members: [{ userId: cast.facilitator.id, role: 'facilitator' }],
    });
    const as = await signedIn(t, cast.member.id);
    const lead = await signedIn(t, cast.facilitator.id);
    const { threadId, openingId } = await startThread(as, cast.community.id);
    const version = async () => {
      const { rows } = await db.execute<{ version: string }>(
        sql`select coalesce((select version from thread_page_versions where thread_id = ${threadId}), 0)::text
              as version`,
      );
      return Number(rows[0].version);
    };
    const before = await version();
    // A reaction locks its post first; its page version is bumped only at commit.
    const reaction = await otherConnection();
    try {
      await reaction.query('begin');
      await reaction.query('select 1 from posts where id = $1 for no key update', [openingId]);
      await reaction.query('update posts set helpful_count = helpful_count + 1 where id = $1', [openingId]);
      // The move locks the thread, then waits for the post the reaction holds.
      const move = lead.patch(`/api/threads/${threadId}`, { communityId: target.id });
      await someoneWaitsForALock();
      await reaction.query('commit');
      const answer = await move;
      expect(answer.statusCode).toBe(200);
    } finally {
      await reaction.end();
    }
    expect(await version()).toBeGreaterThan(before);
    expect(await count(db, 'posts', sql`thread_id = ${threadId} and community_id <> ${target.id}`)).toBe(0);
    const { rows } = await db.execute<{ helpful_count: number }>(
      sql`select helpful_count from posts where id = ${openingId}`,
    );
    expect(rows[0].helpful_count).toBe(1);
  });
});
