import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { searchCacheStats } from './search-service.ts';
import {
  buildCommunity,
  buildReply,
  buildThread,
  deletePost,
  hidePost,
  setMember,
} from '#server/test/community-builders.ts';

const t = setupTestApp();

async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const viewer = await buildUser(db, { districtId: home.id });
  const author = await buildUser(db, { districtId: partner.id, name: 'Partner Author' });
  const open = await buildCommunity(db, {
    ownerKind: 'network',
    ownerId: network.id,
    districtId: null,
    joinPolicy: 'open',
    createdBy: author.id,
    subjects: ['Mathematics'],
    gradeBands: ['3-5'],
  });
  const byRequest = await buildCommunity(db, {
    ownerKind: 'network',
    ownerId: network.id,
    districtId: null,
    joinPolicy: 'request',
    createdBy: author.id,
  });
  await setMember(db, open.id, author.id);
  await setMember(db, byRequest.id, author.id);
  return { db, home, partner, network, viewer, author, open, byRequest };
}

async function searchAs(userId: string, query: string) {
  const response = await (await signedIn(t, userId)).get(`/api/search?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as {
    threads?: {
      items: Array<{ id: string; titleHtml: string; snippetHtml: string }>;
      nextCursor: string | null;
    };
    posts?: { items: Array<{ id: string; snippetHtml: string }>; nextCursor: string | null };
    communities?: { items: Array<{ id: string; nameHtml: string }>; nextCursor: string | null };
    people?: { items: Array<{ id: string; bio?: string | null }>; nextCursor: string | null };
  };
}

describe('search', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/search?q=fractions')).statusCode).toBe(401);
  });

  it('rejects a missing, empty or over-long query and unknown kinds, naming the field', async () => {
    const { viewer } = await world();
    const me = await signedIn(t, viewer.id);
    for (const query of ['', 'q=', 'q=%20%20', `q=${'a'.repeat(201)}`]) {
      const response = await me.get(`/api/search?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path).toBe('/querystring/q');
    }
    const kind = await me.get('/api/search?q=x&kind=everything');
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors[0].path).toBe('/querystring/kind');
    const date = await me.get('/api/search?q=x&from=2025-13-01');
    expect(date.json().errors[0].path).toBe('/querystring/from');
    const order = await me.get('/api/search?q=x&from=2025-05-02&to=2025-05-01');
    expect(order.statusCode).toBe(400);
    expect(order.json().errors[0].path).toBe('/querystring/to');
    const cursor = await me.get('/api/search?q=x&kind=post&cursor=nope');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('answers 404 for a community filter the viewer may not read', async () => {
    const { viewer, byRequest } = await world();
    const me = await signedIn(t, viewer.id);
    expect((await me.get(`/api/search?q=x&communityId=${byRequest.id}`)).statusCode).toBe(404);
    expect(
      (await me.get('/api/search?q=x&communityId=01890000-0000-7000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('finds threads and replies where the viewer may read, never in a by-request community they are not in', async () => {
    const { db, viewer, author, open, byRequest } = await world();
    const w = uniqueWord();
    const visible = await buildThread(db, {
      communityId: open.id,
      authorId: author.id,
      title: `Teaching ${w} well`,
      body: 'Opening words.',
    });
    const reply = await buildReply(db, {
      threadId: visible.threadId,
      communityId: open.id,
      authorId: author.id,
      body: `I tried ${w} with my class.`,
    });
    const hidden = await buildThread(db, {
      communityId: byRequest.id,
      authorId: author.id,
      title: `Secret ${w}`,
    });
    const secretReply = await buildReply(db, {
      threadId: hidden.threadId,
      communityId: byRequest.id,
      authorId: author.id,
      body: `Secret ${w} plans`,
    });
    // Following the author changes nothing.
    await db.execute(sql`insert into follows (follower_id, followee_id) values (${viewer.id}, ${author.id})`);

    const found = await searchAs(viewer.id, `q=${w}`);
    expect(found.threads?.items.map((i) => i.id)).toEqual([visible.threadId]);
    expect(found.threads?.items[0].titleHtml).toBe(`Teaching <mark>${w}</mark> well`);
    expect(found.posts?.items.map((i) => i.id)).toEqual([reply.postId]);
    expect(found.posts?.items[0].snippetHtml).toContain(`<mark>${w}</mark>`);
    expect(JSON.stringify(found)).not.toContain('Secret');

    // A member finds both.
    await setMember(db, byRequest.id, viewer.id);
    const member = await searchAs(viewer.id, `q=${w}`);
    expect(member.threads?.items.map((i) => i.id).sort()).toEqual([visible.threadId, hidden.threadId].sort());
    expect(member.posts?.items.map((i) => i.id).sort()).toEqual([reply.postId, secretReply.postId].sort());
    // And loses them when removed.
    await setMember(db, byRequest.id, viewer.id, 'removed');
    expect(JSON.stringify(await searchAs(viewer.id, `q=${w}`))).not.toContain(hidden.threadId);
  });

  it('leaves out hidden and deleted posts', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: open.id, authorId: author.id, title: `About ${w}` });
    const gone = await buildReply(db, {
      threadId: thread.threadId,
      communityId: open.id,
      authorId: author.id,
      body: w,
    });
    const hid = await buildReply(db, {
      threadId: thread.threadId,
      communityId: open.id,
      authorId: author.id,
      body: w,
    });
    await deletePost(db, gone.postId);
    await hidePost(db, hid.postId);
    await hidePost(db, thread.postId);
    const found = await searchAs(viewer.id, `q=${w}`);
    expect(found.threads?.items).toEqual([]);
    expect(found.posts?.items).toEqual([]);
  });

  it('escapes hostile text in snippets, marking only the matched words', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, {
      communityId: open.id,
      authorId: author.id,
      title: `<img src=x onerror=alert(1)> ${w}`,
      body: `<script>alert("${w}")</script> & more ${w}`,
    });
    const found = await searchAs(viewer.id, `q=${w}&kind=thread`);
    const [hit] = found.threads?.items ?? [];
    expect(hit.id).toBe(thread.threadId);
    // The words around the match come back as text: the tag, escaped, never markup.
    expect(hit.snippetHtml).toMatch(/&lt;\/?script&gt;/);
    expect(hit.snippetHtml).not.toContain('<script');
    expect(hit.snippetHtml).not.toContain('</script');
    expect(hit.snippetHtml).toContain(`<mark>${w}</mark>`);
    expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit.titleHtml).toContain('&lt;img');
    expect(hit.titleHtml).not.toContain('<img');
  });

  it('filters by community, subject, grade band and date', async () => {
    const { db, viewer, author, open, network } = await world();
    const other = await buildCommunity(db, {
      ownerKind: 'network',
      ownerId: network.id,
      districtId: null,
      joinPolicy: 'open',
      createdBy: author.id,
      subjects: ['Science'],
      gradeBands: ['6-8'],
    });
    const w = uniqueWord();
    const math = await buildThread(db, { communityId: open.id, authorId: author.id, title: `Math ${w}` });
    const science = await buildThread(db, {
      communityId: other.id,
      authorId: author.id,
      title: `Science ${w}`,
    });
    await db.execute(sql`update posts set created_at = '2024-03-10T12:00:00Z' where id = ${science.postId}`);
    const ids = async (query: string) =>
      (await searchAs(viewer.id, `q=${w}&kind=thread&${query}`)).threads?.items.map((i) => i.id);
    expect(await ids(`communityId=${open.id}`)).toEqual([math.threadId]);
    expect(await ids('subject=Science')).toEqual([science.threadId]);
    expect(await ids('gradeBand=3-5')).toEqual([math.threadId]);
    expect(await ids('from=2024-03-10&to=2024-03-10')).toEqual([science.threadId]);
    expect(await ids('to=2024-03-09')).toEqual([]);
    expect(await ids('from=2024-03-11')).toEqual([math.threadId]);
  });

  it('finds communities the viewer may see, not invitation-only ones', async () => {
    const { db, viewer, author, network } = await world();
    const w = uniqueWord();
    const listed = await buildCommunity(db, {
      ownerKind: 'network',
      ownerId: network.id,
      districtId: null,
      joinPolicy: 'request',
      createdBy: author.id,
      name: `${w} circle`,
    });
    await buildCommunity(db, {
      ownerKind: 'network',
      ownerId: network.id,
      districtId: null,
      joinPolicy: 'invitation',
      createdBy: author.id,
      name: `${w} inner circle`,
    });
    const found = await searchAs(viewer.id, `q=${w}&kind=community`);
    expect(found.communities?.items.map((c) => c.id)).toEqual([listed.id]);
    expect(found.communities?.items[0].nameHtml).toBe(`<mark>${w}</mark> circle`);
    expect(found.threads).toBeUndefined();
  });

  it('finds people only by what they show the viewer', async () => {
    const { db, home, partner, viewer } = await world();
    const outside = await buildDistrict(db);
    const w = uniqueWord();
    const shown = await buildUser(db, { districtId: partner.id, profile: { bio: `I love ${w}` } });
    const districtOnly = await buildUser(db, {
      districtId: partner.id,
      profile: { bio: `Also ${w}`, fieldVisibility: { bio: 'district' } },
    });
    const colleague = await buildUser(db, {
      districtId: home.id,
      profile: { bio: `Me too ${w}`, fieldVisibility: { bio: 'district' } },
    });
    await buildUser(db, { districtId: outside.id, profile: { bio: `Far ${w}` } });
    const found = await searchAs(viewer.id, `q=${w}&kind=person`);
    expect(found.people?.items.map((p) => p.id).sort()).toEqual([shown.id, colleague.id].sort());
    expect(found.people?.items.map((p) => p.id)).not.toContain(districtOnly.id);
  });

  it('finds people as they stand now, however often the same search is repeated', async () => {
    const { db, partner, viewer } = await world();
    const w = uniqueWord();
    const person = await buildUser(db, { districtId: partner.id, profile: { bio: `Coach of ${w}` } });
    const people = async (kind: 'person' | 'all') =>
      (await searchAs(viewer.id, `q=${w}&kind=${kind}`)).people?.items.map((p) => p.id);
    expect(await people('person')).toEqual([person.id]);
    expect(await people('all')).toEqual([person.id]);
    // Shown to their district only: the same search no longer finds them, at once.
    const me = await signedIn(t, person.id);
    const hide = await me.patch('/api/profile', { fieldVisibility: { bio: 'district' } });
    expect(hide.statusCode, hide.body).toBe(200);
    expect(await people('person')).toEqual([]);
    expect(await people('all')).toEqual([]);
    const show = await me.patch('/api/profile', { fieldVisibility: { bio: 'network' } });
    expect(show.statusCode, show.body).toBe(200);
    expect(await people('person')).toEqual([person.id]);
    // Deactivated (written around the services): gone from search as well.
    await db.execute(sql`update users set status = 'deactivated' where id = ${person.id}`);
    expect(await people('person')).toEqual([]);
  });

  it('shows a few of each kind, then pages through one kind by cursor', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: open.id, authorId: author.id, title: 'Plain title' });
    const replies: string[] = [];
    for (let i = 0; i < 7; i++)
      replies.push(
        (
          await buildReply(db, {
            threadId: thread.threadId,
            communityId: open.id,
            authorId: author.id,
            body: `${w} ${i}`,
          })
        ).postId,
      );
    const all = await searchAs(viewer.id, `q=${w}`);
    expect(all.posts?.items).toHaveLength(5);
    expect(all.posts?.nextCursor).toBeTruthy();
    expect(all.communities?.items).toEqual([]);
    expect(all.people?.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await searchAs(viewer.id, `q=${w}&kind=post&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.posts?.items.length).toBeLessThanOrEqual(3);
      seen.push(...(page.posts?.items.map((p) => p.id) ?? []));
      cursor = page.posts?.nextCursor ?? null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(replies.sort());
  });

  it('finds resources and collections the viewer may see, and pages through resources', async () => {
    const { db, viewer, author, partner, network } = await world();
    const w = uniqueWord();
    const shared = await buildResource(db, {
      ownerId: author.id,
      districtId: partner.id,
      audience: 'network',
      audienceId: network.id,
      title: `Estimation ${w} lesson`,
    });
    // Shared only with the author's district: the viewer's search never names it.
    await buildResource(db, {
      ownerId: author.id,
      districtId: partner.id,
      audience: 'district',
      audienceId: partner.id,
      title: `Secret ${w} plan`,
    });
    for (let i = 0; i < 6; i++)
      await buildResource(db, {
        ownerId: author.id,
        districtId: partner.id,
        audience: 'public',
        title: `Public ${w} task ${i}`,
      });
    const writer = await signedIn(t, author.id);
    for (const [title, audience] of [
      [`Collected ${w} tasks`, { audience: 'network', audienceId: network.id }],
      [`Private ${w} list`, { audience: 'private' }],
    ] as const) {
      const made = await writer.post('/api/collections', { title, description: '', ...audience });
      expect(made.statusCode, made.body).toBe(201);
    }

    const all = (await (await signedIn(t, viewer.id)).get(`/api/search?q=${w}`)).json().data;
    expect(all.resources.items).toHaveLength(5);
    expect(all.resources.items.map((r: { title: string }) => r.title)).not.toContain(`Secret ${w} plan`);
    expect(all.collections.items.map((c: { title: string }) => c.title)).toEqual([`Collected ${w} tasks`]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await (await signedIn(t, viewer.id)).get(
        `/api/search?q=${w}&kind=resource&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json().data.resources;
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(7);
    expect(seen).toContain(shared.id);

    const bad = await (await signedIn(t, viewer.id)).get(
      `/api/search?q=${w}&kind=collection&cursor=nonsense`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('answers a search asked again from memory only while no document has changed', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: open.id, authorId: author.id, title: `About ${w}` });
    const first = await buildReply(db, {
      threadId: thread.threadId,
      communityId: open.id,
      authorId: author.id,
      body: w,
    });
    const ids = (found: Awaited<ReturnType<typeof searchAs>>) => found.posts?.items.map((i) => i.id).sort();
    expect(ids(await searchAs(viewer.id, `q=${w}`))).toEqual([first.postId]);
    const { hits } = searchCacheStats;
    expect(ids(await searchAs(viewer.id, `q=${w}`))).toEqual([first.postId]);
    expect(searchCacheStats.hits).toBe(hits + 1);

    // A new reply is found by the next search, remembered or not.
    const second = await buildReply(db, {
      threadId: thread.threadId,
      communityId: open.id,
      authorId: author.id,
      body: w,
    });
    expect(ids(await searchAs(viewer.id, `q=${w}`))).toEqual([first.postId, second.postId].sort());
    expect(ids(await searchAs(viewer.id, `q=${w}`))).toEqual([first.postId, second.postId].sort());

    // A hidden reply leaves it at once.
    await hidePost(db, second.postId);
    expect(ids(await searchAs(viewer.id, `q=${w}`))).toEqual([first.postId]);
    // A renamed author shows under the new name though the search is remembered: rows are read afresh.
    await db.execute(sql`update users set name = ${`Renamed ${w}`} where id = ${author.id}`);
    const renamed = await searchAs(viewer.id, `q=${w}&kind=post`);
    expect(JSON.stringify(renamed)).toContain(`Renamed ${w}`);
  });

  it('never shows a remembered match the viewer may no longer find, even if the version missed the change', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: open.id, authorId: author.id, title: `About ${w}` });
    const reply = await buildReply(db, {
      threadId: thread.threadId,
      communityId: open.id,
      authorId: author.id,
      body: w,
    });
    expect((await searchAs(viewer.id, `q=${w}`)).posts?.items.map((i) => i.id)).toEqual([reply.postId]);
    // Documents changed without bumping the version: the remembered ids are stale, the rows are checked again.
    await db.execute(sql`alter table search_documents disable trigger search_documents_search_version`);
    try {
      // Closing the community to requests rewrites its posts' readers: the viewer is no member.
      await db.execute(sql`update communities set join_policy = 'request' where id = ${open.id}`);
    } finally {
      await db.execute(sql`alter table search_documents enable trigger search_documents_search_version`);
    }
    const { hits } = searchCacheStats;
    const found = await searchAs(viewer.id, `q=${w}`);
    // Answered from memory, so it is the recheck of each row that keeps the reply out.
    expect(searchCacheStats.hits).toBe(hits + 1);
    expect(found.posts?.items).toEqual([]);
    expect(found.threads?.items).toEqual([]);
  });

  it('says when more match than were ranked', async () => {
    const { db, viewer, author, open } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: open.id, authorId: author.id, title: `About ${w}` });
    for (let i = 0; i < 3; i++)
      await buildReply(db, { threadId: thread.threadId, communityId: open.id, authorId: author.id, body: w });
    const few = await searchAs(viewer.id, `q=${w}`);
    expect(few.posts?.items).toHaveLength(3);
    expect(few.posts).not.toHaveProperty('rankedWithin');
    // A search of every kind ranks the newest 50 of each kind.
    for (let i = 0; i < 50; i++)
      await buildReply(db, { threadId: thread.threadId, communityId: open.id, authorId: author.id, body: w });
    const many = await searchAs(viewer.id, `q=${w}`);
    expect(many.posts?.items).toHaveLength(5);
    expect(many.posts).toHaveProperty('rankedWithin', 50);
    expect(many.threads).not.toHaveProperty('rankedWithin');
    const onlyReplies = await searchAs(viewer.id, `q=${w}&kind=post`);
    expect(onlyReplies.posts).not.toHaveProperty('rankedWithin');
  });
});
