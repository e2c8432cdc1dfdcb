import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { backfillFeedItems } from '#server/platform/feed-items.ts';
import { recordStatement } from '#server/platform/statements.ts';
import { mobilizationWorld } from '#server/features/mobilization/test-world.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import {
  buildCommunity,
  buildReply,
  buildThread,
  hidePost,
  setMember,
} from '#server/test/community-builders.ts';
import { readersAmong } from '../communities/index.ts';

const t = setupTestApp();

type Item = { id: string; verb: string; actor: { id: string }; community: { id: string } | null };

/**
 * The ids of a person's feed, read page by page of `limit` items through every cursor, stopping once
 * `most` ids are read (so a cursor that never ends cannot hang a test).
 */
async function feedIds(userId: string, limit = 50, most = Number.POSITIVE_INFINITY): Promise<string[]> {
  const agent = await signedIn(t, userId);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await agent.get(`/api/feed?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { data: Item[]; nextCursor: string | null };
    ids.push(...page.data.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < most);
  return ids;
}

const feedItemRows = async () =>
  (
    await t.database.db.execute<{ row: string }>(
      sql`select concat_ws('|', audience_id, stored, statement_id, kind, verb, actor_id, community_id, object_type, object_id) as row
            from feed_items order by 1`,
    )
  ).rows.map((r) => r.row);

/** A network of two districts, communities of each join policy, members, a follower and what they say. */
async function network() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const net = await buildNetwork(db, [home.id, partner.id]);
  const people = {
    viewer: await buildUser(db, { districtId: home.id, name: 'Viewer' }),
    member: await buildUser(db, { districtId: home.id, name: 'Member' }),
    author: await buildUser(db, { districtId: partner.id, name: 'Author' }),
    outsider: await buildUser(db, { districtId: outside.id, name: 'Outsider' }),
  };
  const community = (joinPolicy: 'open' | 'request' | 'invitation', ownerId: string) =>
    buildCommunity(db, {
      ownerKind: ownerId === net.id ? 'network' : 'district',
      ownerId,
      districtId: ownerId === net.id ? null : ownerId,
      joinPolicy,
      createdBy: people.author.id,
    });
  const communities = {
    open: await community('open', net.id),
    request: await community('request', net.id),
    invitation: await community('invitation', net.id),
    elsewhere: await community('open', outside.id),
  };
  for (const c of Object.values(communities)) await setMember(db, c.id, people.author.id);
  await setMember(db, communities.open.id, people.member.id);
  await setMember(db, communities.request.id, people.member.id);
  await setMember(db, communities.request.id, people.viewer.id);
  await setMember(db, communities.elsewhere.id, people.outsider.id);
  await db.execute(sql`insert into follows (follower_id, followee_id)
    values (${people.viewer.id}, ${people.author.id}), (${people.outsider.id}, ${people.author.id}),
           (${people.member.id}, ${people.author.id})`);
  return { db, people, communities };
}

describe('the feed read model', () => {
  it('writes a statement’s feed items in its transaction, and none when the transaction rolls back', async () => {
    const { db, people, communities } = await network();
    const posted = await buildThread(db, { communityId: communities.open.id, authorId: people.author.id });
    const { rows } = await db.execute<{ audience_id: string }>(
      sql`select audience_id from feed_items where statement_id = ${posted.statementId}`,
    );
    // The community's members, and the author's followers (where they may read).
    expect(rows.map((r) => r.audience_id).sort()).toEqual([communities.open.id, people.author.id].sort());

    let statementId = '';
    await expect(
      db.transaction(async (tx) => {
        statementId = await recordStatement(tx, {
          actor: { id: people.author.id },
          verb: 'posted',
          object: { type: 'thread', id: posted.threadId },
          context: { communityId: communities.open.id },
        });
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    const left = await db.execute(sql`select 1 from feed_items where statement_id = ${statementId}`);
    expect(left.rows).toEqual([]);
  });

  it('keeps feed items exactly what the activity stream makes of them', async () => {
    const { db, people, communities } = await network();
    const thread = await buildThread(db, { communityId: communities.request.id, authorId: people.member.id });
    await buildReply(db, {
      threadId: thread.threadId,
      communityId: communities.request.id,
      authorId: people.author.id,
    });
    await setMember(db, communities.open.id, people.viewer.id, 'active', { record: true });
    // Through the APIs too: a reply, and an insight brought home.
    const w = await mobilizationWorld(db);
    const agent = await signedIn(t, w.sharer.id);
    const shared = await agent.post(`/api/resources/${w.resource.id}/home-shares`, {
      targetKind: 'school',
      note: 'Worth a try.',
    });
    expect(shared.statusCode, shared.body).toBe(201);

    const written = await feedItemRows();
    expect(written.length).toBeGreaterThan(4);
    await db.execute(sql`delete from feed_items`);
    await backfillFeedItems(db);
    expect(await feedItemRows()).toEqual(written);
  });

  it('drops a community’s items from a removed member’s feed at once, even one they may still read', async () => {
    const { db, people, communities } = await network();
    await setMember(db, communities.open.id, people.viewer.id);
    await db.execute(sql`delete from follows where follower_id = ${people.viewer.id}`);
    const thread = await buildThread(db, { communityId: communities.open.id, authorId: people.member.id });
    expect(await feedIds(people.viewer.id)).toEqual([thread.statementId]);

    await setMember(db, communities.open.id, people.viewer.id, 'removed');
    expect(await feedIds(people.viewer.id)).toEqual([]);
  });

  it('takes a followed person’s items away when their community closes to the follower', async () => {
    const { db, people, communities } = await network();
    const thread = await buildThread(db, { communityId: communities.open.id, authorId: people.author.id });
    expect(await feedIds(people.viewer.id)).toContain(thread.statementId);

    await db.execute(sql`update communities set join_policy = 'request' where id = ${communities.open.id}`);
    expect(await feedIds(people.viewer.id)).not.toContain(thread.statementId);
    // A member still sees it, through the community.
    expect(await feedIds(people.member.id)).toContain(thread.statementId);
  });

  it('takes a hidden post out of every feed at once, and brings it back when restored', async () => {
    const { db, people, communities } = await network();
    const thread = await buildThread(db, { communityId: communities.request.id, authorId: people.author.id });
    const reply = await buildReply(db, {
      threadId: thread.threadId,
      communityId: communities.request.id,
      authorId: people.author.id,
    });
    for (const id of [people.viewer.id, people.member.id])
      expect(await feedIds(id)).toContain(reply.statementId);

    await hidePost(db, reply.postId);
    for (const id of [people.viewer.id, people.member.id])
      expect(await feedIds(id)).not.toContain(reply.statementId);
    await db.execute(sql`update posts set hidden_at = null where id = ${reply.postId}`);
    expect(await feedIds(people.viewer.id)).toContain(reply.statementId);
  });

  it('fills a page past its hidden first candidates, and pages on without gaps or repeats', async () => {
    const { db, people, communities } = await network();
    const thread = await buildThread(db, { communityId: communities.request.id, authorId: people.author.id });
    const replies: Array<{ postId: string; statementId: string }> = [];
    for (let i = 0; i < 7; i++)
      replies.push(
        await buildReply(db, {
          threadId: thread.threadId,
          communityId: communities.request.id,
          authorId: people.author.id,
        }),
      );
    // The newest two and one in the middle are hidden: the first page's first candidates drop out.
    for (const i of [6, 5, 2]) await hidePost(db, replies[i].postId);
    const agent = await signedIn(t, people.viewer.id);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const response = await agent.get(`/api/feed?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { data: Item[]; nextCursor: string | null };
      pages.push(page.data.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    const visible = [4, 3, 1, 0].map((i) => replies[i].statementId);
    expect(pages[0]).toEqual(visible.slice(0, 3));
    expect(pages.flat()).toEqual([...visible, thread.statementId]);
  });

  it('pages through a stream one busy audience dominates exactly, however few items each range gives the first pass', async () => {
    const { db, people, communities } = await network();
    await setMember(db, communities.open.id, people.viewer.id);
    // Older items in the quiet community, then a burst in the busy one, by someone followed too.
    const quiet = [];
    for (let i = 0; i < 3; i++)
      quiet.push(await buildThread(db, { communityId: communities.open.id, authorId: people.member.id }));
    const busy = await buildThread(db, { communityId: communities.request.id, authorId: people.author.id });
    const burst = [];
    for (let i = 0; i < 9; i++)
      burst.push(
        await buildReply(db, {
          threadId: busy.threadId,
          communityId: communities.request.id,
          authorId: people.author.id,
        }),
      );
    const newest = [...burst.reverse(), busy, ...quiet.reverse()].map((x) => x.statementId);
    for (const limit of [1, 2, 3, 5]) {
      const seen = await feedIds(people.viewer.id, limit, 40);
      expect(seen, `limit ${limit}`).toEqual(newest);
    }
  });

  it('pages exactly through many audiences whose items share their times, whichever ranges the first pass cuts short', async () => {
    // Decision 036: only the ranges the first pass cut short while still newer than its bound are
    // read again. Items at the very time of the bound, in ranges cut there, must not be lost.
    const { db, people, communities } = await network();
    const { rows: home } = await db.execute<{ id: string }>(
      sql`select district_id as id from users where id = ${people.viewer.id}`,
    );
    const mine = [communities.open, communities.request];
    for (let i = 0; i < 4; i++)
      mine.push(
        await buildCommunity(db, { createdBy: people.member.id, districtId: home[0].id, joinPolicy: 'open' }),
      );
    for (const c of mine) {
      await setMember(db, c.id, people.viewer.id);
      await setMember(db, c.id, people.member.id);
    }
    // Four items in each community, one community after another, all at one moment: ties on time
    // are ordered by id, which grows as they are made, so a later community's fourth item outranks
    // every earlier community's items though the first pass read only three of each.
    const made = [];
    for (const c of mine)
      for (let i = 0; i < 4; i++)
        made.push(await buildThread(db, { communityId: c.id, authorId: people.member.id }));
    made.push(await buildThread(db, { communityId: communities.open.id, authorId: people.author.id }));
    for (const m of made)
      await db.execute(
        sql`update feed_items set stored = '2026-01-01 10:00:00+00' where statement_id = ${m.statementId}`,
      );
    const expected = made
      .map((m) => m.statementId)
      .sort()
      .reverse();
    for (const limit of [1, 2, 4, 5, 8]) {
      const seen = await feedIds(people.viewer.id, limit, 60);
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
  });

  it('shows what was brought home to a school only to the people who belong to it now', async () => {
    const w = await mobilizationWorld(t.database.db);
    const shared = await (await signedIn(t, w.sharer.id)).post(
      `/api/resources/${w.resource.id}/home-shares`,
      {
        targetKind: 'school',
        note: 'For our grade team.',
      },
    );
    expect(shared.statusCode, shared.body).toBe(201);
    const { rows } = await t.database.db.execute<{ statement_id: string }>(
      sql`select statement_id from home_shares where id = ${shared.json().data.id}`,
    );
    expect(await feedIds(w.colleague.id)).toContain(rows[0].statement_id);

    // The colleague moves to another school of the district: what was brought to the old one goes.
    await t.database.db.execute(
      sql`delete from memberships where user_id = ${w.colleague.id} and organization_id = ${w.lincoln.id}`,
    );
    await t.database.db.execute(sql`update profiles set school_id = null where user_id = ${w.colleague.id}`);
    expect(await feedIds(w.colleague.id)).not.toContain(rows[0].statement_id);
  });

  it('shows no one anything they may not read, and each person everything the feed promises them', async () => {
    const { db, people, communities } = await network();
    const made: Array<{ statementId: string; communityId: string; actorId: string; verb: string }> = [];
    for (const [key, c] of Object.entries(communities)) {
      const authorId = people.author.id;
      const thread = await buildThread(db, { communityId: c.id, authorId, title: `In ${key}` });
      made.push({ statementId: thread.statementId, communityId: c.id, actorId: authorId, verb: 'posted' });
      const reply = await buildReply(db, { threadId: thread.threadId, communityId: c.id, authorId });
      made.push({ statementId: reply.statementId, communityId: c.id, actorId: authorId, verb: 'replied' });
    }
    const memberReply = await buildThread(db, {
      communityId: communities.request.id,
      authorId: people.member.id,
    });
    made.push({
      statementId: memberReply.statementId,
      communityId: communities.request.id,
      actorId: people.member.id,
      verb: 'posted',
    });

    for (const person of Object.values(people)) {
      const shown = new Set(await feedIds(person.id));
      for (const s of made) {
        const { rows: member } = await db.execute(sql`select 1 from community_members
          where community_id = ${s.communityId} and user_id = ${person.id} and status = 'active'`);
        const { rows: readers } = await db.execute(readersAmong(s.communityId, [person.id]));
        const { rows: follows } = await db.execute(
          sql`select 1 from follows where follower_id = ${person.id} and followee_id = ${s.actorId}`,
        );
        const promised =
          s.actorId !== person.id && (member.length > 0 || (follows.length > 0 && readers.length > 0));
        expect(shown.has(s.statementId), `${person.name} and ${s.verb} in ${s.communityId}`).toBe(promised);
        if (shown.has(s.statementId)) expect(readers.length).toBe(1);
      }
    }
  });
});
