import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rebuildSearchDocuments } from '#server/platform/search-documents.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildCommunity, buildReply, buildThread, setMember } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { type CommunityAccess, canReadContent, canSeeCommunity } from '../communities/policy.ts';
import { canSeeShared } from '../resources/audience.ts';
import { features } from '../index.ts';
import { searchTuning } from './search-service.ts';

const t = setupTestApp();

const declared = features.flatMap((f) => f.searchDocuments ?? []);

/** Rows where the stored documents and what the features' views say now differ, both ways. */
async function divergence() {
  const db = t.database.db;
  const out: unknown[] = [];
  for (const kind of declared) {
    const view = sql.raw(`"${kind.view}"`);
    const kinds = sql.param([...kind.kinds]);
    const cols = sql`id, kind, community_id, title, facets, readers, search, created_at`;
    const { rows } = await db.execute(sql`
      (select ${cols} from ${view} except select ${cols} from search_documents where kind = any(${kinds}::text[]))
      union all
      (select ${cols} from search_documents where kind = any(${kinds}::text[]) except select ${cols} from ${view})`);
    out.push(...rows);
  }
  return out;
}

/**
 * An owner who shares with every audience (a private, school, district, network, closed community,
 * open community and public one) and the viewers each audience is about: the owner, a school
 * colleague, a district peer, a member of the closed community, a network partner and an outsider.
 */
async function audienceWorld() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const owner = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const closed = await buildCommunity(db, {
    createdBy: owner.id,
    districtId: home.id,
    joinPolicy: 'request',
  });
  const open = await buildCommunity(db, { createdBy: owner.id, districtId: home.id, joinPolicy: 'open' });
  await setMember(db, closed.id, owner.id);
  await setMember(db, open.id, owner.id);
  const audiences = [
    { audience: 'private', audienceId: null },
    { audience: 'school', audienceId: school.id },
    { audience: 'district', audienceId: home.id },
    { audience: 'network', audienceId: network.id },
    { audience: 'community', audienceId: closed.id },
    { audience: 'community', audienceId: open.id },
    { audience: 'public', audienceId: null },
  ] as const;
  const viewers = [
    { who: 'owner', user: owner, schoolIds: [school.id], districtId: home.id, member: true },
    ...(await Promise.all(
      [
        { who: 'school colleague', districtId: home.id, schoolId: school.id },
        { who: 'district peer', districtId: home.id, schoolId: null },
        { who: 'community member', districtId: home.id, schoolId: null, member: true },
        { who: 'network partner', districtId: partner.id, schoolId: null },
        { who: 'outsider', districtId: outside.id, schoolId: null },
      ].map(async (v) => {
        const user = await buildUser(db, { districtId: v.districtId, schoolId: v.schoolId });
        if (v.member) await setMember(db, closed.id, user.id);
        return {
          who: v.who,
          user,
          schoolIds: v.schoolId ? [v.schoolId] : [],
          districtId: v.districtId,
          member: v.member,
        };
      }),
    )),
  ].map((v) => ({
    ...v,
    /** The viewer as the audience policy sees them. */
    viewer: {
      userId: v.user.id,
      districtId: v.districtId,
      schoolIds: v.schoolIds,
      networkIds: v.districtId === outside.id ? [] : [network.id],
    },
  }));
  return { home, network, school, owner, open, w: uniqueWord(), audiences, viewers };
}

async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const viewer = await buildUser(db, { districtId: home.id });
  const lead = await buildUser(db, { districtId: partner.id });
  const community = await buildCommunity(db, {
    ownerKind: 'network',
    ownerId: network.id,
    districtId: null,
    joinPolicy: 'open',
    createdBy: lead.id,
  });
  await setMember(db, community.id, lead.id, 'active', { role: 'facilitator' });
  return { db, home, partner, network, viewer, lead, community };
}

async function findThreads(userId: string, w: string): Promise<string[]> {
  const response = await (await signedIn(t, userId)).get(`/api/search?q=${w}&kind=thread`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.threads.items.map((i: { id: string }) => i.id);
}

async function findPosts(userId: string, w: string): Promise<string[]> {
  const response = await (await signedIn(t, userId)).get(`/api/search?q=${w}&kind=post`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.posts.items.map((i: { id: string }) => i.id);
}

/**
 * A lead who facilitates a community of each join policy and subject given (in that order), a
 * member from another district who belongs to the by-request ones, a viewer from the lead's
 * district and a stranger from the member's.
 */
async function discussionWorld(communities: ReadonlyArray<readonly ['open' | 'request', string]>) {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const lead = await buildUser(db, { districtId: home.id });
  const viewer = await buildUser(db, { districtId: home.id });
  const member = await buildUser(db, { districtId: outside.id });
  const stranger = await buildUser(db, { districtId: outside.id });
  const made = [];
  for (const [joinPolicy, subject] of communities) {
    const c = await buildCommunity(db, {
      createdBy: lead.id,
      districtId: home.id,
      joinPolicy,
      subjects: [subject],
    });
    await setMember(db, c.id, lead.id, 'active', { role: 'facilitator' });
    if (joinPolicy === 'request') await setMember(db, c.id, member.id);
    made.push(c);
  }
  return { db, lead, viewer, member, stranger, made };
}

/** `count` threads on the word with a reply each, the oldest first, across the communities in turn. */
async function writeDiscussions(
  world: { db: typeof t.database.db; lead: { id: string }; made: Array<{ id: string }> },
  w: string,
  count: number,
) {
  const written = [];
  for (let i = 0; i < count; i++) {
    const c = world.made[i % world.made.length];
    const author = { communityId: c.id, authorId: world.lead.id };
    const thread = await buildThread(world.db, { ...author, title: `On ${w} ${i}` });
    const reply = await buildReply(world.db, {
      ...author,
      threadId: thread.threadId,
      body: `More ${w} ${i}`,
    });
    written.push({ thread, reply });
  }
  return written;
}

/** The ids of the threads and replies each person finds for the word, by kind and filter. */
async function foundDiscussions(people: Array<{ id: string }>, w: string, filters: string[]) {
  const ids = (items: Array<{ id: string }>) => items.map((x) => x.id);
  const out: Record<string, string[]> = {};
  for (const user of people) {
    const me = await signedIn(t, user.id);
    for (const filter of filters) {
      for (const kind of ['thread', 'post', 'all']) {
        const response = await me.get(`/api/search?q=${w}&kind=${kind}&limit=50${filter}`);
        expect(response.statusCode, response.body).toBe(200);
        const data = response.json().data;
        out[`${user.id} ${kind}${filter}`] = [
          ...ids(data.threads?.items ?? []),
          ...ids(data.posts?.items ?? []),
        ];
      }
    }
  }
  return out;
}

describe('search documents', () => {
  it('drops a post hidden by a facilitator from search at once, and brings it back when restored', async () => {
    const { db, viewer, lead, community } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, { communityId: community.id, authorId: lead.id, title: `On ${w}` });
    const reply = await buildReply(db, {
      threadId: thread.threadId,
      communityId: community.id,
      authorId: lead.id,
      body: `Unkind ${w} words`,
    });
    expect(await findPosts(viewer.id, w)).toEqual([reply.postId]);

    const facilitator = await signedIn(t, lead.id);
    const hide = await facilitator.post(`/api/posts/${reply.postId}/hide`, { reason: 'Please keep it kind' });
    expect(hide.statusCode, hide.body).toBeLessThan(300);
    expect(await findPosts(viewer.id, w)).toEqual([]);
    // Not even its author or the facilitator finds it through search.
    expect(await findPosts(lead.id, w)).toEqual([]);

    const restore = await facilitator.post(`/api/posts/${reply.postId}/restore`, {
      reason: 'Fine after all',
    });
    expect(restore.statusCode, restore.body).toBeLessThan(300);
    expect(await findPosts(viewer.id, w)).toEqual([reply.postId]);
    expect(await divergence()).toEqual([]);
  });

  it('stops a removed member finding a by-request community’s threads at once', async () => {
    const { db, viewer, lead, network } = await world();
    const w = uniqueWord();
    const closed = await buildCommunity(db, {
      ownerKind: 'network',
      ownerId: network.id,
      districtId: null,
      joinPolicy: 'request',
      createdBy: lead.id,
    });
    await setMember(db, closed.id, lead.id, 'active', { role: 'facilitator' });
    await setMember(db, closed.id, viewer.id);
    const thread = await buildThread(db, {
      communityId: closed.id,
      authorId: lead.id,
      title: `Private ${w}`,
    });
    expect(await findThreads(viewer.id, w)).toEqual([thread.threadId]);

    const removal = await (await signedIn(t, lead.id)).delete(
      `/api/communities/${closed.id}/members/${viewer.id}`,
    );
    expect(removal.statusCode, removal.body).toBe(200);
    expect(await findThreads(viewer.id, w)).toEqual([]);
    expect(await findThreads(lead.id, w)).toEqual([thread.threadId]);
  });

  it('follows a community closing to requests: outsiders lose its content but still find it listed', async () => {
    const { db, viewer, lead, community } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, {
      communityId: community.id,
      authorId: lead.id,
      title: `Open ${w}`,
    });
    await db.execute(sql`update communities set name = ${`Circle ${w}`} where id = ${community.id}`);
    expect(await findThreads(viewer.id, w)).toEqual([thread.threadId]);

    const patch = await (await signedIn(t, lead.id)).patch(`/api/communities/${community.id}`, {
      joinPolicy: 'request',
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await findThreads(viewer.id, w)).toEqual([]);
    const communities = await (await signedIn(t, viewer.id)).get(`/api/search?q=${w}&kind=community`);
    expect(communities.json().data.communities.items.map((c: { id: string }) => c.id)).toEqual([
      community.id,
    ]);

    const invitation = await (await signedIn(t, lead.id)).patch(`/api/communities/${community.id}`, {
      joinPolicy: 'invitation',
    });
    expect(invitation.statusCode, invitation.body).toBe(200);
    const hidden = await (await signedIn(t, viewer.id)).get(`/api/search?q=${w}&kind=community`);
    expect(hidden.json().data.communities.items).toEqual([]);
    // An invitee sees the community itself, never its content.
    await setMember(db, community.id, viewer.id, 'invited');
    const invited = await (await signedIn(t, viewer.id)).get(`/api/search?q=${w}&kind=community`);
    expect(invited.json().data.communities.items.map((c: { id: string }) => c.id)).toEqual([community.id]);
    expect(await findThreads(viewer.id, w)).toEqual([]);
    expect(await divergence()).toEqual([]);
  });

  it('changes who finds a resource when its audience changes', async () => {
    const { db, home, partner, viewer, lead } = await world();
    const w = uniqueWord();
    const resource = await buildResource(db, {
      ownerId: lead.id,
      districtId: partner.id,
      audience: 'district',
      audienceId: partner.id,
      title: `Unit on ${w}`,
    });
    const finds = async (userId: string) => {
      const response = await (await signedIn(t, userId)).get(`/api/search?q=${w}&kind=resource`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.resources.items.map((i: { id: string }) => i.id);
    };
    const readers = async () =>
      (
        await db.execute<{ readers: string[] }>(
          sql`select readers from search_documents where id = ${resource.id}`,
        )
      ).rows[0]?.readers;
    expect(await finds(viewer.id)).toEqual([]);
    expect(await readers()).toEqual([`u:${lead.id}`, `o:${partner.id}`]);

    const widen = await (await signedIn(t, lead.id)).patch(`/api/resources/${resource.id}`, {
      audience: 'public',
    });
    expect(widen.statusCode, widen.body).toBe(200);
    expect(await finds(viewer.id)).toEqual([resource.id]);
    expect(await readers()).toEqual([`u:${lead.id}`, '*']);

    const narrow = await (await signedIn(t, lead.id)).patch(`/api/resources/${resource.id}`, {
      audience: 'private',
    });
    expect(narrow.statusCode, narrow.body).toBe(200);
    expect(await finds(viewer.id)).toEqual([]);
    expect(await finds(lead.id)).toEqual([resource.id]);
    expect(await readers()).toEqual([`u:${lead.id}`]);
    expect(home.id).not.toBe(partner.id);
    expect(await divergence()).toEqual([]);
  });

  it('finds exactly what the community policy lets each viewer read and see', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const partner = await buildDistrict(db);
    const outside = await buildDistrict(db);
    const network = await buildNetwork(db, [home.id, partner.id]);
    const lead = await buildUser(db, { districtId: home.id });
    const w = uniqueWord();
    const communities: Array<{ id: string; threadId: string; access: Omit<CommunityAccess, 'membership'> }> =
      [];
    for (const joinPolicy of ['open', 'request', 'invitation'] as const) {
      for (const owner of ['network', 'district'] as const) {
        const c = await buildCommunity(db, {
          ownerKind: owner,
          ownerId: owner === 'network' ? network.id : home.id,
          districtId: owner === 'network' ? null : home.id,
          joinPolicy,
          createdBy: lead.id,
          name: `${w} ${joinPolicy} ${owner}`,
        });
        await setMember(db, c.id, lead.id);
        const thread = await buildThread(db, { communityId: c.id, authorId: lead.id, title: `About ${w}` });
        communities.push({
          id: c.id,
          threadId: thread.threadId,
          access: {
            joinPolicy,
            ownerKind: owner,
            ownerId: owner === 'network' ? network.id : home.id,
            districtId: owner === 'network' ? null : home.id,
            archivedAt: null,
          },
        });
      }
    }
    const statuses = [null, 'active', 'invited', 'requested', 'removed', 'left'] as const;
    for (const district of [home, partner, outside]) {
      for (const status of statuses) {
        const viewer = await buildUser(db, { districtId: district.id });
        if (status) for (const c of communities) await setMember(db, c.id, viewer.id, status);
        const actor = {
          userId: viewer.id,
          districtId: district.id,
          networkIds: district.id === outside.id ? [] : [network.id],
        };
        const me = await signedIn(t, viewer.id);
        const threads = (await me.get(`/api/search?q=${w}&kind=thread&limit=50`)).json().data.threads.items;
        const seen = (await me.get(`/api/search?q=${w}&kind=community&limit=50`)).json().data.communities
          .items;
        for (const c of communities) {
          const access: CommunityAccess = {
            ...c.access,
            membership: status ? { status, role: 'member' } : null,
          };
          const label = `${c.access.joinPolicy} ${c.access.ownerKind} community, viewer ${status ?? 'unrelated'} in ${
            district.id === home.id ? 'home' : district.id === partner.id ? 'partner' : 'outside'
          }`;
          expect(
            threads.some((x: { id: string }) => x.id === c.threadId),
            `reads: ${label}`,
          ).toBe(canReadContent(actor, access));
          expect(
            seen.some((x: { id: string }) => x.id === c.id),
            `sees: ${label}`,
          ).toBe(canSeeCommunity(actor, access));
        }
      }
    }
  });

  it('finds exactly the resources the audience policy lets each viewer see', async () => {
    const db = t.database.db;
    const { home, owner, open, w, audiences, viewers } = await audienceWorld();
    const resources = [];
    for (const a of audiences)
      resources.push({
        ...a,
        id: (await buildResource(db, { ownerId: owner.id, districtId: home.id, title: `On ${w}`, ...a })).id,
      });
    for (const { viewer, ...v } of viewers) {
      const me = await signedIn(t, v.user.id);
      const found = (await me.get(`/api/resources?q=${w}&limit=50`)).json().data;
      const searched = (await me.get(`/api/search?q=${w}&kind=resource&limit=50`)).json().data.resources
        .items;
      for (const r of resources) {
        const readsCommunity =
          r.audience === 'community' &&
          (r.audienceId === open.id ? v.districtId === home.id : Boolean(v.member));
        const expected = canSeeShared(
          viewer,
          { ownerId: owner.id, audience: r.audience, audienceId: r.audienceId },
          { readsCommunity, broughtHome: false },
        );
        const label = `${v.who} and a resource shared with ${r.audience} ${r.audienceId === open.id ? '(open)' : ''}`;
        expect(
          found.some((x: { id: string }) => x.id === r.id),
          label,
        ).toBe(expected);
        expect(
          searched.some((x: { id: string }) => x.id === r.id),
          `search: ${label}`,
        ).toBe(expected);
      }
    }
  });

  it('drops a hidden post from a search of every kind at once', async () => {
    const { db, viewer, lead, community } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, {
      communityId: community.id,
      authorId: lead.id,
      title: `Plan ${w}`,
    });
    const reply = await buildReply(db, {
      threadId: thread.threadId,
      communityId: community.id,
      authorId: lead.id,
      body: `More ${w} here`,
    });
    const everything = async () => {
      const response = await (await signedIn(t, viewer.id)).get(`/api/search?q=${w}`);
      expect(response.statusCode, response.body).toBe(200);
      const data = response.json().data;
      return {
        threads: data.threads.items.map((i: { id: string }) => i.id),
        posts: data.posts.items.map((i: { id: string }) => i.id),
      };
    };
    expect(await everything()).toEqual({ threads: [thread.threadId], posts: [reply.postId] });

    const facilitator = await signedIn(t, lead.id);
    for (const id of [reply.postId, thread.postId]) {
      const hide = await facilitator.post(`/api/posts/${id}/hide`, { reason: 'Off topic' });
      expect(hide.statusCode, hide.body).toBeLessThan(300);
    }
    expect(await everything()).toEqual({ threads: [], posts: [] });
    expect(await divergence()).toEqual([]);
  });

  it('changes who finds a collection when its audience or its community changes, and drops a deleted one', async () => {
    const { db, home, partner, viewer, lead } = await world();
    const w = uniqueWord();
    const owner = await signedIn(t, lead.id);
    const made = await owner.post('/api/collections', {
      title: `Kit for ${w}`,
      description: 'Tasks we share',
      audience: 'district',
      audienceId: partner.id,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().data.id as string;
    const finds = async (userId: string, kind: 'collection' | 'all' = 'collection') => {
      const response = await (await signedIn(t, userId)).get(`/api/search?q=${w}&kind=${kind}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.collections.items.map((i: { id: string }) => i.id);
    };
    expect(await finds(viewer.id)).toEqual([]);
    expect(await finds(lead.id)).toEqual([id]);

    const widen = await owner.patch(`/api/collections/${id}`, { audience: 'public' });
    expect(widen.statusCode, widen.body).toBe(200);
    expect(await finds(viewer.id)).toEqual([id]);
    expect(await finds(viewer.id, 'all')).toEqual([id]);

    // Shared with an open community of the lead's district: the viewer, in another district, no longer finds it.
    const circle = await buildCommunity(db, {
      createdBy: lead.id,
      districtId: partner.id,
      joinPolicy: 'open',
    });
    await setMember(db, circle.id, lead.id, 'active', { role: 'facilitator' });
    const colleague = await buildUser(db, { districtId: partner.id });
    const toCommunity = await owner.patch(`/api/collections/${id}`, {
      audience: 'community',
      audienceId: circle.id,
    });
    expect(toCommunity.statusCode, toCommunity.body).toBe(200);
    expect(await finds(viewer.id)).toEqual([]);
    expect(await finds(colleague.id)).toEqual([id]);
    // The community closing to requests leaves only its members finding it.
    const close = await owner.patch(`/api/communities/${circle.id}`, { joinPolicy: 'request' });
    expect(close.statusCode, close.body).toBe(200);
    expect(await finds(colleague.id)).toEqual([]);
    expect(await finds(lead.id)).toEqual([id]);
    expect(await divergence()).toEqual([]);

    const removed = await owner.delete(`/api/collections/${id}`);
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    expect(await finds(lead.id)).toEqual([]);
    expect(await finds(lead.id, 'all')).toEqual([]);
    expect(home.id).not.toBe(partner.id);
    expect(await divergence()).toEqual([]);
  });

  it('finds exactly the collections the audience policy and the collections page let each viewer see', async () => {
    const db = t.database.db;
    const { home, school, owner, open, w, audiences, viewers } = await audienceWorld();
    const collections = [];
    for (const a of audiences) {
      const { rows } = await db.execute<{ id: string }>(sql`
        insert into collections (id, owner_id, district_id, school_id, audience, audience_id, title)
        values (gen_random_uuid(), ${owner.id}, ${home.id}, ${school.id}, ${a.audience}, ${a.audienceId}, ${`Set of ${w}`})
        returning id`);
      collections.push({ ...a, id: rows[0].id });
    }
    for (const { viewer, ...v } of viewers) {
      const me = await signedIn(t, v.user.id);
      const searched = (await me.get(`/api/search?q=${w}&kind=collection&limit=50`)).json().data.collections
        .items;
      const listed = (await me.get(`/api/collections?q=${w}&limit=50`)).json().data;
      for (const c of collections) {
        const readsCommunity =
          c.audience === 'community' &&
          (c.audienceId === open.id ? v.districtId === home.id : Boolean(v.member));
        const expected = canSeeShared(
          viewer,
          { ownerId: owner.id, audience: c.audience, audienceId: c.audienceId },
          { readsCommunity, broughtHome: false },
        );
        const label = `${v.who} and a collection shared with ${c.audience} ${c.audienceId === open.id ? '(open)' : ''}`;
        expect(
          searched.some((x: { id: string }) => x.id === c.id),
          `search: ${label}`,
        ).toBe(expected);
        expect(
          listed.some((x: { id: string }) => x.id === c.id),
          `page: ${label}`,
        ).toBe(expected);
      }
    }
    expect(await divergence()).toEqual([]);
  });

  it('finds the same resources whichever way it reads past the newest documents', async () => {
    const db = t.database.db;
    const home = await buildDistrict(db);
    const outside = await buildDistrict(db);
    const owner = await buildUser(db, { districtId: home.id });
    const viewer = await buildUser(db, { districtId: home.id });
    const stranger = await buildUser(db, { districtId: outside.id });
    const w = uniqueWord();
    const made: string[] = [];
    // 30 the viewer may find (every third shared with the district only) and 6 they may not.
    for (let i = 0; i < 36; i++) {
      const audience =
        i % 6 === 5
          ? { audience: 'private' as const, audienceId: null }
          : i % 3 === 0
            ? { audience: 'district' as const, audienceId: home.id }
            : { audience: 'public' as const, audienceId: null };
      const r = await buildResource(db, {
        ownerId: owner.id,
        districtId: home.id,
        title: `Task ${i} ${w}`,
        ...audience,
      });
      if (audience.audience !== 'private') made.push(r.id);
    }
    const found = async (userId: string, kind: 'resource' | 'all' = 'resource') => {
      const response = await (await signedIn(t, userId)).get(`/api/search?q=${w}&kind=${kind}&limit=50`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.resources.items.map((i: { id: string }) => i.id);
    };
    const everywhere = await found(viewer.id);
    expect([...everywhere].sort()).toEqual([...made].sort());
    const elsewhere = await found(stranger.id);
    const shown = await found(viewer.id, 'all');
    try {
      // A window of 3 with too few found in it, so the GIN index reads the rest; of 26 with enough
      // found that the walk goes on past it; of 1 either way; of 1,000: all in the window.
      for (const [window, sparse] of [
        [3, 20],
        [26, 5],
        [1, 0],
        [1, 201],
      ]) {
        Object.assign(searchTuning, { window, sparse });
        expect(await found(viewer.id), `window ${window}`).toEqual(everywhere);
        expect(await found(stranger.id), `window ${window}, stranger`).toEqual(elsewhere);
        expect(await found(viewer.id, 'all'), `window ${window}, every kind`).toEqual(shown);
      }
    } finally {
      Object.assign(searchTuning, { window: undefined, sparse: undefined });
    }
    expect(elsewhere.every((id: string) => made.includes(id))).toBe(true);
    expect(elsewhere.length).toBe(18);
  });

  it('finds the same threads and replies, with and without a subject, whichever way it reads past the newest', async () => {
    // An open community of Mathematics, an open one of Science and a by-request one of Mathematics
    // (the member belongs to it; the viewer and the stranger do not).
    const world = await discussionWorld([
      ['open', 'Mathematics'],
      ['open', 'Science'],
      ['request', 'Mathematics'],
    ]);
    const { lead, viewer, member, stranger } = world;
    const w = uniqueWord();
    const hideable = (await writeDiscussions(world, w, 12))[6].reply.postId;
    const found = () =>
      foundDiscussions([lead, viewer, member, stranger], w, [
        '',
        '&subject=Mathematics',
        '&subject=Science&gradeBand=3-5',
      ]);
    const paths = [
      [1000, undefined],
      [3, 201],
      [3, 0],
      [1, 0],
      [1, 201],
    ] as const;
    try {
      const everywhere = await found();
      // The policy's answer, from the window that holds every document.
      expect(everywhere[`${viewer.id} thread`]).toHaveLength(8);
      expect(everywhere[`${viewer.id} post&subject=Mathematics`]).toHaveLength(4);
      expect(everywhere[`${member.id} post&subject=Mathematics`]).toHaveLength(4);
      expect(everywhere[`${stranger.id} post`]).toEqual([]);
      expect(everywhere[`${lead.id} thread&subject=Mathematics`]).toHaveLength(8);
      for (const [window, sparse] of paths) {
        Object.assign(searchTuning, { window, sparse });
        expect(await found(), `window ${window}, sparse ${sparse}`).toEqual(everywhere);
      }
      // A hidden reply leaves search at once, whichever way it is read.
      const hide = await (await signedIn(t, lead.id)).post(`/api/posts/${hideable}/hide`, {
        reason: 'Off topic',
      });
      expect(hide.statusCode, hide.body).toBeLessThan(300);
      for (const [window, sparse] of paths) {
        Object.assign(searchTuning, { window, sparse });
        const after = await found();
        for (const [key, list] of Object.entries(after)) {
          expect(list, `window ${window}, sparse ${sparse}: ${key}`).not.toContain(hideable);
          // A search of every kind shows the first few, which the next match fills in.
          if (!key.includes(' all'))
            expect(list.length, key).toBe(everywhere[key].filter((id) => id !== hideable).length);
        }
      }
    } finally {
      Object.assign(searchTuning, { window: undefined, sparse: undefined });
    }
  });

  it('finds the newest threads and replies period by period, as reading every period at once finds them', async () => {
    const world = await discussionWorld([
      ['open', 'Mathematics'],
      ['request', 'Mathematics'],
      ['open', 'Science'],
    ]);
    const { db, lead, viewer, member, stranger } = world;
    const w = uniqueWord();
    // Twenty threads with a reply each, written 13 days apart (the oldest first, so that ids and
    // times agree as they do when written over time): every 14-day period of the three stages holds
    // at least one, and the oldest fall in none of them.
    const posts: string[] = [];
    let hideable = '';
    for (const [i, { thread, reply }] of (await writeDiscussions(world, w, 20)).entries()) {
      const daysAgo = (19 - i) * 13;
      await db.execute(sql`update posts set created_at = now() - make_interval(days => ${daysAgo})
        where id = ${thread.postId}`);
      await db.execute(sql`update posts set created_at = now() - make_interval(days => ${daysAgo}, mins => -1)
        where id = ${reply.postId}`);
      posts.push(thread.postId, reply.postId);
      if (i === 7) hideable = reply.postId;
    }
    expect(await divergence()).toEqual([]);
    const found = () => foundDiscussions([lead, viewer, member, stranger], w, ['', '&subject=Mathematics']);
    // The window holding every document, every period at once: the policy's answer. Then windows
    // of one document and none, so that what is past them is read period by period.
    const tunings = [
      { window: 1, sparse: 1000, periods: true },
      { window: 1, sparse: 1000, periods: false },
      { window: 3, sparse: 1000, periods: true },
    ];
    try {
      for (const pool of [undefined, 3]) {
        Object.assign(searchTuning, { window: 1000, sparse: undefined, periods: false, pool });
        const everywhere = await found();
        if (pool === undefined) {
          expect(everywhere[`${viewer.id} thread`]).toHaveLength(13);
          expect(everywhere[`${member.id} post&subject=Mathematics`]).toHaveLength(7);
          expect(everywhere[`${stranger.id} post`]).toEqual([]);
        } else {
          // The newest three the viewer may read: threads 18, 17 and 15 (19 and 16 are by request).
          expect(everywhere[`${viewer.id} thread`]).toHaveLength(3);
          expect(everywhere[`${member.id} post`]).toHaveLength(3);
        }
        for (const tuning of tunings) {
          Object.assign(searchTuning, tuning);
          expect(await found(), JSON.stringify({ pool, ...tuning })).toEqual(everywhere);
        }
      }
      // A hidden reply leaves search at once, in whichever period it was written.
      const hide = await (await signedIn(t, lead.id)).post(`/api/posts/${hideable}/hide`, {
        reason: 'Off topic',
      });
      expect(hide.statusCode, hide.body).toBeLessThan(300);
      for (const tuning of tunings) {
        Object.assign(searchTuning, { ...tuning, pool: undefined });
        for (const [key, list] of Object.entries(await found()))
          expect(list, `${JSON.stringify(tuning)}: ${key}`).not.toContain(hideable);
      }
    } finally {
      Object.assign(searchTuning, {
        window: undefined,
        sparse: undefined,
        periods: undefined,
        pool: undefined,
      });
    }
    expect(posts).toContain(hideable);
  });

  it('keeps every document equal to what its feature’s view says, and rebuilds them when lost', async () => {
    const { db, viewer, lead, community } = await world();
    const w = uniqueWord();
    const thread = await buildThread(db, {
      communityId: community.id,
      authorId: lead.id,
      title: `Kept ${w}`,
    });
    await db.execute(sql`update threads set title = ${`Renamed ${w}`} where id = ${thread.threadId}`);
    expect(
      (
        await db.execute<{ title: string }>(
          sql`select title from search_documents where id = ${thread.postId}`,
        )
      ).rows[0]?.title,
    ).toBe(`Renamed ${w}`);
    expect(await divergence()).toEqual([]);

    // Data loaded around the triggers (a bulk load, a restore) is made findable by a rebuild.
    await db.execute(sql`delete from search_documents`);
    expect(await findThreads(viewer.id, w)).toEqual([]);
    await rebuildSearchDocuments(db, declared);
    expect(await divergence()).toEqual([]);
    expect(await findThreads(viewer.id, w)).toEqual([thread.threadId]);
  });
});
