import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '#shared/contracts/feed.ts';
import { mobilizationWorld } from '#server/features/mobilization/test-world.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import {
  buildCommunity,
  buildReply,
  buildThread,
  deletePost,
  hidePost,
} from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

const t = setupTestApp();
const world = () => mobilizationWorld(t.database.db);

async function feedOf(userId: string, query = '') {
  const response = await (await signedIn(t, userId)).get(`/api/feed${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: FeedItem[]; nextCursor: string | null };
}

async function bringHome(userId: string, path: string, targetKind: 'school' | 'district', note: string) {
  const response = await (await signedIn(t, userId)).post(`/api/${path}/home-shares`, { targetKind, note });
  expect(response.statusCode, response.body).toBe(201);
  const { rows } = await t.database.db.execute<{ statement_id: string }>(
    sql`select statement_id from home_shares where id = ${response.json().data.id}`,
  );
  return rows[0].statement_id;
}

const broughtHome = (items: FeedItem[]) => items.filter((i) => i.verb === 'brought_home');

describe('what colleagues bring home, in the feed', () => {
  it('shows a resource brought home to a school to the colleagues there, and no one else', async () => {
    const w = await world();
    const id = await bringHome(
      w.sharer.id,
      `resources/${w.resource.id}`,
      'school',
      'Try the second task first.',
    );

    const { data } = await feedOf(w.colleague.id);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      id,
      verb: 'brought_home',
      actor: { id: w.sharer.id, name: 'Ana Díaz' },
      unread: true,
      thread: null,
      post: null,
      homeShare: {
        note: 'Try the second task first.',
        target: { kind: 'school', id: w.lincoln.id, name: w.lincoln.name },
        resource: { id: w.resource.id, title: 'Fraction talks task' },
        insight: null,
      },
    });
    // The colleague is in the network, so the by-request community's name may be shown.
    expect(data[0].homeShare?.from).toEqual({
      community: { id: w.community.id, name: 'Lesson Study Network' },
    });

    expect(broughtHome((await feedOf(w.oakTeacher.id)).data)).toEqual([]);
    expect(broughtHome((await feedOf(w.noSchool.id)).data)).toEqual([]);
    expect(broughtHome((await feedOf(w.sharer.id)).data)).toEqual([]);
    expect(broughtHome((await feedOf(w.coach.id)).data)).toEqual([]);
  });

  it('shows what is brought home to a district to everyone there, whatever their school', async () => {
    const w = await world();
    const id = await bringHome(w.sharer.id, `resources/${w.resource.id}`, 'district', 'For every school.');
    for (const person of [w.colleague, w.oakTeacher, w.noSchool]) {
      const items = broughtHome((await feedOf(person.id)).data);
      expect(items.map((i) => i.id)).toEqual([id]);
      expect(items[0].homeShare?.target).toEqual({ kind: 'district', id: w.home.id, name: w.home.name });
    }
    expect(broughtHome((await feedOf(w.sharer.id)).data)).toEqual([]);
    expect(broughtHome((await feedOf(w.coach.id)).data)).toEqual([]);
  });

  it('shows an insight with its words, linking the thread only for those who may read it', async () => {
    const w = await world();
    const id = await bringHome(w.sharer.id, `threads/${w.thread.threadId}`, 'district', 'Dot images first!');

    const outsider = broughtHome((await feedOf(w.colleague.id)).data);
    expect(outsider).toHaveLength(1);
    expect(outsider[0]).toMatchObject({
      id,
      homeShare: {
        note: 'Dot images first!',
        resource: null,
        insight: {
          excerpt: 'Start with dot images before symbols.',
          threadTitle: 'What made number talks work?',
          // The colleague is not a member of the by-request community: no way in.
          thread: null,
        },
      },
    });

    // A member of the community reads the thread: it is linked for them.
    const member = broughtHome((await feedOf(w.noSchool.id)).data);
    expect(member[0].homeShare?.insight?.thread).toEqual({
      id: w.thread.threadId,
      communityId: w.community.id,
    });
  });

  it('names the source only as "a community" to those who may not see it', async () => {
    const w = await world();
    const hidden = await buildCommunity(w.db, {
      createdBy: w.coach.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: w.network.id,
      joinPolicy: 'invitation',
      name: 'Invitation-only circle',
      members: [{ userId: w.coach.id, role: 'facilitator' }, { userId: w.sharer.id }],
    });
    const resource = await buildResource(w.db, {
      ownerId: w.coach.id,
      districtId: w.partner.id,
      audience: 'community',
      audienceId: hidden.id,
    });
    await bringHome(w.sharer.id, `resources/${resource.id}`, 'school', 'From the circle.');
    const feed = await feedOf(w.colleague.id);
    const [item] = broughtHome(feed.data);
    expect(item.homeShare?.from).toEqual({ community: null });
    expect(item.community).toBeNull();
    expect(JSON.stringify(feed)).not.toContain('Invitation-only circle');
  });

  it('says nothing of a community when the resource came from none', async () => {
    const w = await world();
    const shared = await buildResource(w.db, {
      ownerId: w.coach.id,
      districtId: w.partner.id,
      audience: 'public',
    });
    await bringHome(w.sharer.id, `resources/${shared.id}`, 'school', 'Public and good.');
    const [item] = broughtHome((await feedOf(w.colleague.id)).data);
    expect(item.homeShare?.from).toBeNull();
  });

  it('drops an insight that is hidden or deleted, and a resource that is deleted', async () => {
    const w = await world();
    await bringHome(w.sharer.id, `threads/${w.thread.threadId}`, 'school', 'Insight.');
    const resourceItem = await bringHome(w.sharer.id, `resources/${w.resource.id}`, 'school', 'Resource.');
    expect(broughtHome((await feedOf(w.colleague.id)).data)).toHaveLength(2);

    await hidePost(w.db, w.insight.postId);
    expect(broughtHome((await feedOf(w.colleague.id)).data).map((i) => i.id)).toEqual([resourceItem]);

    await w.db.execute(sql`update resources set deleted_at = now() where id = ${w.resource.id}`);
    expect(broughtHome((await feedOf(w.colleague.id)).data)).toEqual([]);

    // A deleted (rather than hidden) insight drops out too.
    const other = await buildThread(w.db, { communityId: w.community.id, authorId: w.coach.id });
    const reply = await buildReply(w.db, {
      threadId: other.threadId,
      communityId: w.community.id,
      authorId: w.coach.id,
    });
    await w.db.execute(
      sql`update threads set insight_post_id = ${reply.postId} where id = ${other.threadId}`,
    );
    await bringHome(w.sharer.id, `threads/${other.threadId}`, 'school', 'Another.');
    expect(broughtHome((await feedOf(w.colleague.id)).data)).toHaveLength(1);
    await deletePost(w.db, reply.postId);
    expect(broughtHome((await feedOf(w.colleague.id)).data)).toEqual([]);
  });

  it('pages through home shares and community activity together, without repeats or gaps', async () => {
    const w = await world();
    // The colleague also belongs to a community with its own activity, interleaved in time.
    const staff = await buildCommunity(w.db, {
      createdBy: w.colleague.id,
      districtId: w.home.id,
      members: [{ userId: w.colleague.id }, { userId: w.oakTeacher.id }],
    });
    const expected: string[] = [];
    for (let i = 0; i < 4; i++) {
      const resource = await buildResource(w.db, {
        ownerId: w.coach.id,
        districtId: w.partner.id,
        audience: 'public',
      });
      expected.push(
        await bringHome(w.sharer.id, `resources/${resource.id}`, i % 2 ? 'school' : 'district', `n${i}`),
      );
      expected.push(
        (await buildThread(w.db, { communityId: staff.id, authorId: w.oakTeacher.id })).statementId,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await feedOf(w.colleague.id, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected.reverse());
  });

  it('shows a newcomer to the school what was brought there before they came', async () => {
    const w = await world();
    const id = await bringHome(w.sharer.id, `resources/${w.resource.id}`, 'school', 'For Lincoln.');
    const newcomer = await buildUser(w.db, { districtId: w.home.id, schoolId: w.lincoln.id });
    expect(broughtHome((await feedOf(newcomer.id)).data).map((i) => i.id)).toEqual([id]);
  });
});
