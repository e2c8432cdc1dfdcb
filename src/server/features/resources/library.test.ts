import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildCommunity, setMember } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { LibraryResponse } from '#shared/contracts/library.ts';
import { LIBRARY_PLAN, POOL } from './library-service.ts';

const t = setupTestApp();

// Every search with words here reads the library's postings (decision 042), whatever the library's
// size; one test below compares them with the GIN index alone.
LIBRARY_PLAN.postingsFrom = 0;

async function world() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const stranger = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const otherSchool = await buildSchool(db, home.id);
  const owner = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const colleague = await buildUser(db, { districtId: home.id, schoolId: school.id });
  const districtPeer = await buildUser(db, { districtId: home.id, schoolId: otherSchool.id });
  const partnerTeacher = await buildUser(db, { districtId: partner.id });
  const outsider = await buildUser(db, { districtId: stranger.id });
  const community = await buildCommunity(db, {
    createdBy: owner.id,
    districtId: home.id,
    joinPolicy: 'request',
  });
  await setMember(db, community.id, owner.id);
  const member = await buildUser(db, { districtId: home.id, schoolId: otherSchool.id });
  await setMember(db, community.id, member.id);
  return {
    db,
    home,
    partner,
    stranger,
    network,
    school,
    otherSchool,
    owner,
    colleague,
    districtPeer,
    partnerTeacher,
    outsider,
    community,
    member,
  };
}

async function searchAs(userId: string, query: string): Promise<LibraryResponse> {
  const response = await (await signedIn(t, userId)).get(`/api/resources?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  // Sent as JSON text: every response must be exactly what the schema describes.
  const body = response.json();
  expect(LibraryResponse.parse(body)).toEqual(body);
  return body;
}

const ids = (r: LibraryResponse) => r.data.map((d) => d.id);

/** A resource of the owner's shared with their district, titled `title` (and more, as `extra` says). */
const districtResource = (
  owner: { id: string; districtId: string },
  title: string,
  extra: { summary?: string; alignments?: string[] } = {},
) =>
  buildResource(t.database.db, {
    ownerId: owner.id,
    districtId: owner.districtId,
    audience: 'district',
    audienceId: owner.districtId,
    title,
    ...extra,
  });
const count = (list: Array<{ value: string; count: number }>, value: string) =>
  list.find((c) => c.value === value)?.count ?? 0;

async function setSignals(id: string, s: { rating?: number | null; tries?: number; reviews?: number }) {
  await t.database.db.execute(sql`
    update resources set rating = ${s.rating ?? null}, tried_count = ${s.tries ?? 0},
                         review_count = ${s.reviews ?? (s.rating ? 1 : 0)}
     where id = ${id}`);
}

describe('GET /api/resources', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/resources')).statusCode).toBe(401);
    expect((await agent(t).get(`/api/resources/${uuidv7()}/similar`)).statusCode).toBe(401);
  });

  it('rejects bad sorts, cursors, ratings, unknown facet values and over-long words, naming the field', async () => {
    const { owner } = await world();
    const me = await signedIn(t, owner.id);
    const cases: Array<[string, string]> = [
      ['sort=popular', '/querystring/sort'],
      ['sort=relevance', '/querystring/sort'],
      ['cursor=nope', '/querystring/cursor'],
      ['rating=4.5', '/querystring/rating'],
      ['kind=essay', '/querystring/kind'],
      ['kind=lesson&kind=poem', '/querystring/kind'],
      ['subject=Astrology', '/querystring/subject'],
      ['gradeBand=13', '/querystring/gradeBand'],
      ['licence=gpl', '/querystring/licence'],
      [`q=${'a'.repeat(201)}`, '/querystring/q'],
      [`alignment=${'a'.repeat(81)}`, '/querystring/alignment'],
      ['limit=0', '/querystring/limit'],
      ['colour=red', '/querystring'],
    ];
    for (const [query, path] of cases) {
      const response = await me.get(`/api/resources?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path, query).toContain(path);
    }
    // A cursor of one sort is not taken for another.
    const w = uniqueWord();
    for (let i = 0; i < 3; i++)
      await buildResource(t.database.db, {
        ownerId: owner.id,
        districtId: owner.districtId,
        title: `${w} ${i}`,
      });
    const first = await searchAs(owner.id, `q=${w}&sort=rating&limit=1`);
    expect(first.nextCursor).not.toBeNull();
    const other = await me.get(`/api/resources?q=${w}&sort=tries&limit=1&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('shows each audience only to the people it is shared with, and what was brought home', async () => {
    const w = await world();
    const { db, owner } = w;
    const q = uniqueWord();
    const make = (
      audience: 'private' | 'community' | 'school' | 'district' | 'network' | 'public',
      audienceId?: string,
    ) =>
      buildResource(db, {
        ownerId: owner.id,
        districtId: w.home.id,
        schoolId: w.school.id,
        audience,
        audienceId,
        title: `${q} ${audience}`,
      });
    const priv = await make('private');
    const community = await make('community', w.community.id);
    const school = await make('school', w.school.id);
    const district = await make('district', w.home.id);
    const network = await make('network', w.network.id);
    const pub = await make('public');
    const broughtHome = await make('private');
    const deleted = await make('public');
    await db.execute(sql`update resources set deleted_at = now() where id = ${deleted.id}`);
    await db.execute(sql`
      insert into home_shares (id, sharer_id, subject, resource_id, target_kind, target_id, statement_id)
      values (${uuidv7()}, ${owner.id}, 'resource', ${broughtHome.id}, 'district', ${w.partner.id}, ${uuidv7()})`);

    const seen = async (userId: string) => new Set(ids(await searchAs(userId, `q=${q}`)));
    const expectations: Array<[string, string, string[]]> = [
      [
        'owner',
        owner.id,
        [priv.id, community.id, school.id, district.id, network.id, pub.id, broughtHome.id],
      ],
      ['colleague at the same school', w.colleague.id, [school.id, district.id, network.id, pub.id]],
      ['peer in the district', w.districtPeer.id, [district.id, network.id, pub.id]],
      ['community member', w.member.id, [community.id, district.id, network.id, pub.id]],
      ['teacher of a network district', w.partnerTeacher.id, [network.id, pub.id, broughtHome.id]],
      ['teacher elsewhere', w.outsider.id, [pub.id]],
    ];
    for (const [who, userId, expected] of expectations)
      expect([...(await seen(userId))].sort(), who).toEqual([...expected].sort());
  });

  it('finds by title, alignment and summary words, and by one’s own resources with mine', async () => {
    const { db, owner, colleague } = await world();
    const [a, b, c] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const byTitle = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      title: `Fraction ${a}`,
    });
    const byAlignment = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      alignments: [`${a} standard`],
      title: b,
    });
    const bySummary = await buildResource(db, {
      ownerId: colleague.id,
      districtId: owner.districtId,
      summary: `Students explore ${a} with tiles.`,
      title: c,
    });
    const found = await searchAs(owner.id, `q=${a}`);
    expect(found.sort).toBe('relevance');
    // Title (A) before alignment (B) before summary (C).
    expect(ids(found)).toEqual([byTitle.id, byAlignment.id, bySummary.id]);
    const mine = await searchAs(owner.id, `q=${a}&mine=true`);
    expect(ids(mine).sort()).toEqual([byTitle.id, byAlignment.id].sort());
  });

  it('counts facets exactly on a small set, each facet leaving out its own filter', async () => {
    const { db, owner } = await world();
    const q = uniqueWord();
    const r = (f: Omit<Parameters<typeof buildResource>[1], 'ownerId' | 'districtId'>) =>
      buildResource(db, { ownerId: owner.id, districtId: owner.districtId, title: q, ...f });
    const a = await r({
      kind: 'lesson',
      subjects: ['Mathematics', 'Science'],
      gradeBands: ['3-5'],
      alignments: ['ratio'],
      licence: 'cc-by',
    });
    const b = await r({
      kind: 'lesson',
      subjects: ['Mathematics'],
      gradeBands: ['6-8'],
      alignments: ['ratio', 'area'],
      licence: 'cc0',
    });
    const c = await r({
      kind: 'unit',
      subjects: ['Science'],
      gradeBands: ['6-8'],
      alignments: [],
      licence: 'cc-by',
    });
    const d = await r({
      kind: 'rubric',
      subjects: ['Art'],
      gradeBands: ['9-12'],
      alignments: ['area'],
      licence: 'cc-by-nd',
    });
    await setSignals(a.id, { rating: 3.6, tries: 2 });
    await setSignals(b.id, { rating: 3.1 });
    await setSignals(c.id, { rating: 2.2, tries: 1 });
    await setSignals(d.id, {});

    const all = await searchAs(owner.id, `q=${q}`);
    expect(all.total).toBe(4);
    expect(all.totalIsLowerBound).toBe(false);
    expect(all.facetsApproximate).toBe(false);
    expect(all.countedWithin).toBeNull();
    expect(all.sortedWithin).toBeNull();
    expect(all.facets.kind).toEqual([
      { value: 'lesson', count: 2 },
      { value: 'rubric', count: 1 },
      { value: 'unit', count: 1 },
    ]);
    expect(count(all.facets.subject, 'Mathematics')).toBe(2);
    expect(count(all.facets.subject, 'Science')).toBe(2);
    expect(count(all.facets.subject, 'Art')).toBe(1);
    expect(count(all.facets.gradeBand, '6-8')).toBe(2);
    expect(all.facets.alignment).toEqual([
      { value: 'area', count: 2 },
      { value: 'ratio', count: 2 },
    ]);
    expect(count(all.facets.licence, 'cc-by')).toBe(2);
    expect(all.facets.rating).toEqual([
      { min: 2, count: 3 },
      { min: 3, count: 2 },
      { min: 3.5, count: 1 },
    ]);
    expect(all.facets.hasTries).toBe(2);

    // Choosing lessons narrows the results and the other facets, but the kind facet still counts
    // every kind (so one can widen), and two kinds are either.
    const lessons = await searchAs(owner.id, `q=${q}&kind=lesson`);
    expect(ids(lessons).sort()).toEqual([a.id, b.id].sort());
    expect(lessons.total).toBe(2);
    expect(count(lessons.facets.kind, 'unit')).toBe(1);
    expect(count(lessons.facets.kind, 'rubric')).toBe(1);
    expect(count(lessons.facets.subject, 'Science')).toBe(1);
    expect(count(lessons.facets.subject, 'Art')).toBe(0);
    expect(lessons.facets.hasTries).toBe(1);
    const either = await searchAs(owner.id, `q=${q}&kind=lesson&kind=unit`);
    expect(ids(either).sort()).toEqual([a.id, b.id, c.id].sort());

    // Facets together: Science and 6-8 and rated 2 or more and tried.
    const narrow = await searchAs(owner.id, `q=${q}&subject=Science&gradeBand=6-8&rating=2&hasTries=true`);
    expect(ids(narrow)).toEqual([c.id]);
    expect(count(narrow.facets.gradeBand, '3-5')).toBe(1); // a: Science, tried, rated, but 3-5
    expect(count(narrow.facets.subject, 'Mathematics')).toBe(0);
    expect(narrow.facets.hasTries).toBe(1);
    expect(narrow.facets.rating.find((x) => x.min === 3)?.count).toBe(0);

    const aligned = await searchAs(owner.id, `q=${q}&alignment=AREA&licence=cc-by-nd`);
    expect(ids(aligned)).toEqual([d.id]);
    expect(count(aligned.facets.licence, 'cc0')).toBe(1);
    expect(count(aligned.facets.alignment, 'area')).toBe(1);
    const rated = await searchAs(owner.id, `q=${q}&rating=3.5`);
    expect(ids(rated)).toEqual([a.id]);
    expect(rated.facets.rating.map((x) => x.count)).toEqual([3, 2, 1]);
  });

  it('follows a changed audience at once: who finds a resource, and every facet count', async () => {
    const { db, owner, partnerTeacher, outsider, member, community, districtPeer } = await world();
    const q = uniqueWord();
    const resource = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'district',
      audienceId: owner.districtId,
      title: q,
      kind: 'rubric',
      subjects: ['Art'],
      gradeBands: ['9-12'],
      alignments: ['Shade.1'],
      licence: 'cc0',
    });
    const me = await signedIn(t, owner.id);
    const finds = async (userId: string) => {
      const found = await searchAs(userId, `q=${q}`);
      const browse = await searchAs(userId, `q=${q}&kind=rubric&subject=Art`);
      const n = found.total;
      // The result, the total and every facet's counts agree, in the word search and with facets.
      expect(ids(found)).toEqual(n ? [resource.id] : []);
      expect(ids(browse)).toEqual(n ? [resource.id] : []);
      for (const r of [found, browse]) {
        expect(r.total).toBe(n);
        expect(r.facetsApproximate).toBe(false);
        expect(count(r.facets.kind, 'rubric')).toBe(n);
        expect(count(r.facets.subject, 'Art')).toBe(n);
        expect(count(r.facets.gradeBand, '9-12')).toBe(n);
        expect(count(r.facets.licence, 'cc0')).toBe(n);
        expect(r.facets.alignment).toEqual(n ? [{ value: 'Shade.1', count: 1 }] : []);
      }
      return n === 1;
    };
    const change = async (body: object) =>
      expect((await me.patch(`/api/resources/${resource.id}`, body)).statusCode).toBe(200);

    expect(await finds(districtPeer.id)).toBe(true);
    expect(await finds(partnerTeacher.id)).toBe(false);
    expect(await finds(outsider.id)).toBe(false);

    await change({ audience: 'public', audienceId: null });
    expect(await finds(outsider.id)).toBe(true);
    expect(await finds(partnerTeacher.id)).toBe(true);

    await change({ audience: 'community', audienceId: community.id });
    expect(await finds(outsider.id)).toBe(false);
    expect(await finds(districtPeer.id)).toBe(false);
    expect(await finds(member.id)).toBe(true);
    // Leaving the community stops finding what it shares, at the commit.
    await setMember(db, community.id, member.id, 'left');
    expect(await finds(member.id)).toBe(false);

    await change({ audience: 'private', audienceId: null });
    expect(await finds(owner.id)).toBe(true);
    expect(await finds(districtPeer.id)).toBe(false);

    // Facets that change change the counts too.
    await change({ audience: 'public', audienceId: null, kind: 'lesson', subjects: ['Science'] });
    const moved = await searchAs(outsider.id, `q=${q}`);
    expect(count(moved.facets.kind, 'rubric')).toBe(0);
    expect(count(moved.facets.kind, 'lesson')).toBe(1);
    expect(count(moved.facets.subject, 'Art')).toBe(0);
    expect(count(moved.facets.subject, 'Science')).toBe(1);
    expect((await me.delete(`/api/resources/${resource.id}`)).statusCode).toBe(204);
    expect((await searchAs(owner.id, `q=${q}`)).total).toBe(0);
  });

  it('pages newest first through more matches than it counts, labelling the counts as lower bounds', async () => {
    const { db, owner, outsider } = await world();
    const q = uniqueWord();
    const n = POOL + 30; // more than the matches counted
    const made = Array.from({ length: n }, () => uuidv7());
    await db.execute(sql`
      insert into resources (id, owner_id, district_id, audience, kind, title, summary, subjects, grade_bands,
                             alignments, licence)
      select m.id, ${owner.id}, ${owner.districtId}, 'public', 'lesson', ${q} || ' ' || m.n, 'A lesson.',
             case when m.n % 2 = 0 then array['Mathematics'] else array['Science'] end, array['3-5'],
             '{}'::text[], 'cc-by'
        from unnest(${sql.param(made)}::uuid[]) with ordinality as m(id, n)`);
    // Hidden from everyone else: one private resource of the same words and facets.
    const hidden = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'private',
      title: q,
      kind: 'lesson',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LibraryResponse = await searchAs(
        outsider.id,
        `q=${q}&kind=lesson&sort=newest&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.facetsApproximate).toBe(true);
      expect(page.countedWithin).toBe(POOL);
      expect(page.total).toBe(POOL);
      expect(page.totalIsLowerBound).toBe(true);
      expect(count(page.facets.kind, 'lesson')).toBeLessThanOrEqual(POOL);
      expect(count(page.facets.subject, 'Mathematics')).toBeLessThanOrEqual(n / 2);
      expect(count(page.facets.subject, 'Science')).toBeLessThanOrEqual(n / 2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    expect(seen).not.toContain(hidden.id);
    // A narrow search is counted exactly, though a facet's wider set (without its own filter) is cut:
    // its total is exact, the counts say where they were cut.
    const art = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'public',
      title: q,
      kind: 'lesson',
      subjects: ['Art'],
    });
    const narrow = await searchAs(outsider.id, `q=${q}&kind=lesson&subject=Art`);
    expect(ids(narrow)).toEqual([art.id]);
    expect(narrow.total).toBe(1);
    expect(narrow.totalIsLowerBound).toBe(false);
    expect(narrow.facetsApproximate).toBe(true);
    expect(narrow.countedWithin).toBe(POOL);
    // Out of the way of the other tests' "more like this".
    await db.execute(sql`delete from resources where id = any(${sql.param(made)}::uuid[])`);
  });

  it('finds the same newest matches whether a set is walked or read from the index, and misses none when a walk runs out', async () => {
    const { db, owner, outsider } = await world();
    // Sets without words are the ones walked; an alignment code of its own keeps this one apart.
    const code = `walk.${uniqueWord()}`;
    // The oldest match is the only one in Art: narrow, and far behind the newest documents.
    const oldest = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'public',
      title: 'The oldest',
      kind: 'lesson',
      subjects: ['Art'],
      alignments: [code],
    });
    const n = POOL + 30;
    const made = Array.from({ length: n }, () => uuidv7());
    await db.execute(sql`
      insert into resources (id, owner_id, district_id, audience, kind, title, summary, subjects, grade_bands,
                             alignments, licence, rating)
      select m.id, ${owner.id}, ${owner.districtId}, 'public', case when m.n % 3 = 0 then 'unit' else 'lesson' end,
             'Resource ' || m.n, 'A lesson.', array['Science'], array['3-5'], array[${code}], 'cc-by', (m.n * 7) % 5
        from unnest(${sql.param(made)}::uuid[]) with ordinality as m(id, n)`);
    // Hidden from the outsider: a private resource of the same facets, newer than every other.
    const hidden = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'private',
      title: 'Hidden',
      kind: 'lesson',
      alignments: [code],
    });
    // Rated highest, so that a walk which forgot who may see it would put it first.
    await db.execute(sql`update resources set rating = 5 where id = ${hidden.id}`);
    const saved = { ...LIBRARY_PLAN };
    // The index always; the walk always (it finds POOL + 1 within its reach); a walk too short to
    // find them, which must give way to the index.
    const plans = [
      { sample: 200, walkCost: Number.MAX_VALUE, walk: 20_000 },
      { sample: 200, walkCost: 0, walk: 20_000 },
      { sample: 200, walkCost: 0, walk: 40 },
    ];
    const results: Array<{ rating: string[]; newest: string[]; art: string[] }> = [];
    try {
      for (const [k, plan] of plans.entries()) {
        Object.assign(LIBRARY_PLAN, plan);
        // A page size of its own per plan, so that no search is answered from memory.
        const limit = 50 - k;
        const rating = await searchAs(outsider.id, `alignment=${code}&sort=rating&limit=${limit}`);
        expect(rating.sortedWithin).toBe(POOL);
        expect(rating.totalIsLowerBound).toBe(true);
        expect(ids(rating)).not.toContain(hidden.id);
        const newest: string[] = [];
        let cursor: string | null = null;
        do {
          const page: LibraryResponse = await searchAs(
            outsider.id,
            `alignment=${code}&kind=lesson&sort=newest&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          newest.push(...ids(page));
          cursor = page.nextCursor;
        } while (cursor);
        const art = await searchAs(outsider.id, `alignment=${code}&subject=Art&limit=${limit}`);
        expect(art.total).toBe(1);
        results.push({ rating: ids(rating).slice(0, 48), newest, art: ids(art) });
      }
    } finally {
      Object.assign(LIBRARY_PLAN, saved);
    }
    // Relevance, rating and tries order the newest POOL matches, however they were read.
    const newestPool = new Set([...made].reverse().slice(0, POOL));
    for (const id of results[0].rating) expect(newestPool.has(id)).toBe(true);
    const lessons = [oldest.id, ...made.filter((_, i) => (i + 1) % 3 !== 0)].reverse();
    for (const result of results) {
      expect(result.rating).toEqual(results[0].rating);
      expect(result.newest).toEqual(lessons);
      expect(result.newest).not.toContain(hidden.id);
      expect(result.art).toEqual([oldest.id]);
    }
    await db.execute(sql`delete from resources where id = any(${sql.param(made)}::uuid[])`);
  });

  it('keeps the postings equal to the documents through every change, and finds by words through them as through the index', async () => {
    const { db, owner, partnerTeacher, outsider, network, member, community, school } = await world();
    // Several words and facets read from the postings too (by default one word and one facet).
    const saved = { ...LIBRARY_PLAN };
    Object.assign(LIBRARY_PLAN, { postingsWords: 4, postingsFacets: 4 });
    const q = uniqueWord();
    const other = uniqueWord();
    const me = await signedIn(t, owner.id);
    // Postings a document's broad keys give it, computed afresh, against what the triggers kept.
    const drift = async () => {
      const { rows } = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from (
          (select t, d.id from search_documents d cross join lateral library_terms(d.readers, d.facets, d.search) t
            where d.kind = 'resource'
           except select term, resource_id from library_postings)
          union all
          (select term, resource_id from library_postings
           except select t, d.id from search_documents d cross join lateral library_terms(d.readers, d.facets, d.search) t
            where d.kind = 'resource')) x`);
      return rows[0]?.n;
    };
    const postingsOf = async (id: string) => {
      const { rows } = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from library_postings where resource_id = ${id}`,
      );
      return rows[0]?.n ?? 0;
    };
    // The same answer read both ways: through the postings and from the GIN index alone.
    const bothWays = async (userId: string, query: string) => {
      const through = await searchAs(userId, query);
      LIBRARY_PLAN.postingsFrom = Number.POSITIVE_INFINITY;
      try {
        // Another page size, so the first answer is not taken from memory.
        const indexed = await searchAs(userId, `${query}&limit=19`);
        const again = await searchAs(userId, `${query}&limit=19`);
        expect(again).toEqual(indexed);
        expect({ ...indexed, nextCursor: null }).toEqual({
          ...through,
          data: through.data.slice(0, 19),
          nextCursor: null,
        });
      } finally {
        LIBRARY_PLAN.postingsFrom = 0;
      }
      return ids(through);
    };
    const resource = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'public',
      title: `${q} fractions`,
      subjects: ['Art'],
      gradeBands: ['9-12'],
    });
    const change = async (body: object) =>
      expect((await me.patch(`/api/resources/${resource.id}`, body)).statusCode).toBe(200);
    expect(await postingsOf(resource.id)).toBeGreaterThan(0);
    expect(await drift()).toBe(0);
    for (const viewer of [outsider.id, partnerTeacher.id])
      expect(await bothWays(viewer, `q=${q}&subject=Art`)).toEqual([resource.id]);
    expect(await bothWays(outsider.id, `q=${q} fractions&gradeBand=9-12&sort=newest`)).toEqual([resource.id]);
    expect(await bothWays(outsider.id, `q=${q}&subject=Science`)).toEqual([]);

    // Shared with the network: its districts find it through the network's postings, others not.
    await change({ audience: 'network', audienceId: network.id });
    expect(await drift()).toBe(0);
    expect(await bothWays(partnerTeacher.id, `q=${q}`)).toEqual([resource.id]);
    expect(await bothWays(outsider.id, `q=${q}`)).toEqual([]);

    // Words and facets that change change what the postings find, at once.
    await change({ title: `${other} lesson`, subjects: ['Science'] });
    expect(await drift()).toBe(0);
    expect(await bothWays(partnerTeacher.id, `q=${q}`)).toEqual([]);
    expect(await bothWays(partnerTeacher.id, `q=${other}&subject=Science`)).toEqual([resource.id]);
    expect(await bothWays(partnerTeacher.id, `q=${other}&subject=Art`)).toEqual([]);
    await setSignals(resource.id, { rating: 3.5, tries: 2 });
    expect(await drift()).toBe(0);
    expect(await bothWays(partnerTeacher.id, `q=${other}&rating=3&hasTries=true`)).toEqual([resource.id]);

    // Narrowed to a community, the district or nobody: no broad key holds it any more.
    await change({ audience: 'community', audienceId: community.id });
    expect(await postingsOf(resource.id)).toBe(0);
    expect(await bothWays(partnerTeacher.id, `q=${other}`)).toEqual([]);
    expect(await bothWays(member.id, `q=${other}`)).toEqual([resource.id]);
    await change({ audience: 'private', audienceId: null });
    expect(await bothWays(partnerTeacher.id, `q=${other}`)).toEqual([]);
    expect(await bothWays(owner.id, `q=${other}`)).toEqual([resource.id]);
    // Brought home to a school: its people find it from the index (a school is not a broad key).
    await db.execute(sql`insert into home_shares (id, sharer_id, subject, resource_id, target_kind, target_id, statement_id)
      values (${uuidv7()}, ${owner.id}, 'resource', ${resource.id}, 'school', ${school.id}, ${uuidv7()})`);
    expect(await postingsOf(resource.id)).toBe(0);
    expect(await drift()).toBe(0);

    // An open community owned by the network shares it with every district of the network.
    const open = await buildCommunity(db, {
      createdBy: owner.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: network.id,
      joinPolicy: 'request',
    });
    await setMember(db, open.id, owner.id);
    await change({ audience: 'community', audienceId: open.id });
    expect(await bothWays(partnerTeacher.id, `q=${other}`)).toEqual([]);
    await db.execute(sql`update communities set join_policy = 'open' where id = ${open.id}`);
    expect(await postingsOf(resource.id)).toBeGreaterThan(0);
    expect(await drift()).toBe(0);
    expect(await bothWays(partnerTeacher.id, `q=${other}`)).toEqual([resource.id]);

    // Public again, then deleted: gone from the postings and from every search.
    await change({ audience: 'public', audienceId: null });
    expect(await bothWays(outsider.id, `q=${other}`)).toEqual([resource.id]);
    expect((await me.delete(`/api/resources/${resource.id}`)).statusCode).toBe(204);
    expect(await postingsOf(resource.id)).toBe(0);
    expect(await drift()).toBe(0);
    expect(await bothWays(outsider.id, `q=${other}`)).toEqual([]);
    Object.assign(LIBRARY_PLAN, saved);
  });

  it('reads a phrase through the postings with its words in order, and anything else from the index', async () => {
    const { db, owner, outsider } = await world();
    const [a, b] = [uniqueWord(), uniqueWord()];
    const inOrder = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'public',
      title: `${a} ${b}`,
    });
    // (A title's words are written twice, English and simple: a word after the second keeps them apart.)
    const reversed = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      audience: 'public',
      title: `${b} ${a} notes`,
    });
    const found = async (query: string) =>
      ids(await searchAs(outsider.id, `q=${encodeURIComponent(query)}`)).sort();
    const saved = LIBRARY_PLAN.postingsWords;
    // Several words read from the postings too (by default only one is).
    LIBRARY_PLAN.postingsWords = 4;
    try {
      expect(await found(`${a} ${b}`)).toEqual([inOrder.id, reversed.id].sort());
      expect(await found(`"${a} ${b}"`)).toEqual([inOrder.id]);
      expect(await found(`${a} or ${b}`)).toEqual([inOrder.id, reversed.id].sort());
      expect(await found(`${a} -${b}`)).toEqual([]);
    } finally {
      LIBRARY_PLAN.postingsWords = saved;
    }
  });

  it('keeps alignment codes as written and matches them in any case', async () => {
    const { db, owner } = await world();
    const q = uniqueWord();
    const code = `CCSS.MATH.${q.toUpperCase()}.NF.A.1`;
    const tagged = await buildResource(db, {
      ownerId: owner.id,
      districtId: owner.districtId,
      title: q,
      alignments: [code],
    });
    await buildResource(db, { ownerId: owner.id, districtId: owner.districtId, title: q, alignments: [] });
    const found = await searchAs(owner.id, `q=${q}&alignment=${code.toLowerCase()}`);
    expect(ids(found)).toEqual([tagged.id]);
    expect(found.data[0].alignments).toEqual([code]);
    expect(found.facets.alignment).toEqual([{ value: code, count: 1 }]);
    const shouted = await searchAs(owner.id, `alignment=${code}`);
    expect(ids(shouted)).toEqual([tagged.id]);
  });

  it('sorts by rating, tries, newest and relevance, and pages through each without repeats or gaps', async () => {
    const { db, owner } = await world();
    const q = uniqueWord();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await buildResource(db, {
        ownerId: owner.id,
        districtId: owner.districtId,
        title: i % 2 ? `${q} ${q} notes` : `about ${q}`,
        summary: i % 3 ? `${q}` : 'other words',
      });
      made.push(r.id);
      // Ties on purpose: the id breaks them.
      await setSignals(r.id, { rating: i < 2 ? null : [2, 3, 3, 3.5, 4][i - 2], tries: i % 3 });
    }
    const pageAll = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: LibraryResponse = await searchAs(
          owner.id,
          `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...ids(res));
        cursor = res.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      return seen;
    };
    for (const sort of ['rating', 'tries', 'newest', 'relevance']) {
      const whole = ids(await searchAs(owner.id, `q=${q}&sort=${sort}&limit=50`));
      expect(whole.length, sort).toBe(7);
      expect(await pageAll(`q=${q}&sort=${sort}`), sort).toEqual(whole);
    }
    const byRating = await searchAs(owner.id, `q=${q}&sort=rating&limit=50`);
    const ratings = byRating.data.map((d) => d.rating ?? 0);
    expect(ratings).toEqual([...ratings].sort((x, y) => y - x));
    expect(byRating.data.at(-1)?.rating).toBeNull();
    const byTries = await searchAs(owner.id, `q=${q}&sort=tries&limit=50`);
    const tries = byTries.data.map((d) => d.triedCount);
    expect(tries).toEqual([...tries].sort((x, y) => y - x));
    expect(ids(await searchAs(owner.id, `q=${q}&sort=newest&limit=50`))).toEqual([...made].reverse());
    // Without words the default is newest, and one's own list pages the same way.
    const mine = await searchAs(owner.id, 'mine=1&limit=50');
    expect(mine.sort).toBe('newest');
    expect(ids(mine)).toEqual([...made].reverse());
    expect(await pageAll('mine=1')).toEqual([...made].reverse());
  });
});

describe('resources at their largest', () => {
  it('saves, brings home to 150 schools and finds a resource with the longest title, summary and alignments', async () => {
    const { db, owner, districtPeer } = await world();
    const q = uniqueWord();
    // Words of random letters, which compress as little as people's prose at its worst.
    const words = (length: number) => {
      let text = q;
      while (text.length < length) text += ` ${uuidv7().replaceAll('-', '').slice(12, 20)}`;
      return text.slice(0, length);
    };
    const resource = await districtResource(owner, words(200), {
      summary: words(1000),
      alignments: Array.from({ length: 20 }, () => words(80)),
    });
    for (let i = 0; i < 150; i++) {
      const school = await buildSchool(db, owner.districtId);
      await db.execute(sql`insert into home_shares (id, sharer_id, subject, resource_id, target_kind, target_id, statement_id)
        values (${uuidv7()}, ${owner.id}, 'resource', ${resource.id}, 'school', ${school.id}, gen_random_uuid())`);
    }
    const { rows } = await db.execute<{ n: number }>(
      sql`select cardinality(readers) as n from search_documents where id = ${resource.id}`,
    );
    expect(rows[0].n).toBeGreaterThan(150);
    expect(ids(await searchAs(districtPeer.id, `q=${q}`))).toEqual([resource.id]);
    expect(ids(await searchAs(districtPeer.id, 'sort=newest&limit=50'))).toContain(resource.id);
  });
});

describe('remembered library searches', () => {
  const version = async () =>
    (
      await t.database.db.execute<{ v: string }>(
        sql`select sum((value::text)::bigint)::text as v from settings where key like 'library_version:%'`,
      )
    ).rows[0]?.v;

  it('answers a repeated search from memory until something it read changes, reading the rows afresh', async () => {
    const { db, owner, districtPeer } = await world();
    const q = uniqueWord();
    const resource = await districtResource(owner, q);
    expect(ids(await searchAs(districtPeer.id, `q=${q}`))).toEqual([resource.id]);
    // A document changed around the triggers (as only a bulk load may) does not move the version: the
    // search is answered from memory (searched afresh, the word would no longer find it).
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update search_documents set search = to_tsvector('simple', 'elsewhere') where id = ${resource.id}`,
      );
    });
    const remembered = await searchAs(districtPeer.id, `q=${q}`);
    expect(ids(remembered)).toEqual([resource.id]);
    // The rows of a remembered page are read afresh: a new name shows at once.
    await db.execute(sql`update users set name = 'Renamed Owner' where id = ${owner.id}`);
    expect((await searchAs(districtPeer.id, `q=${q}`)).data[0]?.owner.name).toBe('Renamed Owner');
    // A change through the triggers moves the version in its transaction: searched afresh at once.
    const before = await version();
    await db.execute(
      sql`update resources set audience = 'private', audience_id = null where id = ${resource.id}`,
    );
    expect(Number(await version())).toBe(Number(before) + 1);
    expect(ids(await searchAs(districtPeer.id, `q=${q}`))).toEqual([]);
    expect(ids(await searchAs(owner.id, `q=${q}`))).toEqual([resource.id]);
  });

  it('checks each remembered row again, so a resource deleted or narrowed meanwhile never shows', async () => {
    const { db, owner, districtPeer } = await world();
    const q = uniqueWord();
    const kept = await districtResource(owner, q);
    const narrowed = await districtResource(owner, q);
    const deleted = await districtResource(owner, q);
    expect(ids(await searchAs(districtPeer.id, `q=${q}`)).sort()).toEqual(
      [kept.id, narrowed.id, deleted.id].sort(),
    );
    expect(ids(await searchAs(owner.id, `q=${q}&mine=true`))).toHaveLength(3);
    // As if these changes committed between the version's read and the rows' read: around the
    // triggers, so the version stays and the search is answered from memory.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update resources set deleted_at = now() where id = ${deleted.id}`);
      await tx.execute(
        sql`update search_documents set readers = array['u:' || ${owner.id}] where id = ${narrowed.id}`,
      );
    });
    expect(ids(await searchAs(districtPeer.id, `q=${q}`))).toEqual([kept.id]);
    expect(ids(await searchAs(owner.id, `q=${q}&mine=true`)).sort()).toEqual([kept.id, narrowed.id].sort());
  });

  it('moves the version once per transaction, and only for what the library reads', async () => {
    const { db, owner } = await world();
    for (let i = 0; i < 3; i++)
      await buildResource(db, { ownerId: owner.id, districtId: owner.districtId, title: uniqueWord() });
    const before = Number(await version());
    // One statement, one transaction, three documents rewritten.
    await db.execute(sql`update resources set subjects = array['Art'] where owner_id = ${owner.id}`);
    expect(Number(await version())).toBe(before + 1);
    // A community's document, or a resource change the library does not read, leaves it.
    await buildCommunity(db, { createdBy: owner.id, districtId: owner.districtId });
    await db.execute(
      sql`update resources set endorsement_count = endorsement_count + 1 where owner_id = ${owner.id}`,
    );
    expect(Number(await version())).toBe(before + 1);
  });

  it('orders a remembered rating or tries sort afresh when a rating or a try changes it', async () => {
    const { db, owner } = await world();
    const q = uniqueWord();
    const a = await buildResource(db, { ownerId: owner.id, districtId: owner.districtId, title: q });
    const b = await buildResource(db, { ownerId: owner.id, districtId: owner.districtId, title: q });
    await setSignals(a.id, { rating: 3.1, tries: 1 });
    await setSignals(b.id, { rating: 3.2, tries: 2 });
    expect(ids(await searchAs(owner.id, `q=${q}&sort=rating`))).toEqual([b.id, a.id]);
    expect(ids(await searchAs(owner.id, `q=${q}&sort=tries`))).toEqual([b.id, a.id]);
    // The same facets (rated 3 or more, tried) before and after: only the order changes.
    await setSignals(a.id, { rating: 3.4, tries: 3 });
    expect(ids(await searchAs(owner.id, `q=${q}&sort=rating`))).toEqual([a.id, b.id]);
    expect(ids(await searchAs(owner.id, `q=${q}&sort=tries`))).toEqual([a.id, b.id]);
  });
});

describe('GET /api/resources/:id/similar', () => {
  it('finds visible resources like this one, not itself, labelling its remixes', async () => {
    const w = await world();
    const { db, owner } = w;
    const q = uniqueWord();
    const source = await buildResource(db, {
      ownerId: owner.id,
      districtId: w.home.id,
      title: `${q} fractions on a number line`,
      alignments: ['4.nf.a.1'],
      audience: 'public',
    });
    const close = await buildResource(db, {
      ownerId: w.partnerTeacher.id,
      districtId: w.partner.id,
      title: `${q} fractions with tiles`,
      alignments: ['4.nf.a.1'],
      audience: 'public',
    });
    const remix = await buildResource(db, {
      ownerId: w.colleague.id,
      districtId: w.home.id,
      title: 'Grade 4 version',
      subjects: ['Art'],
      gradeBands: ['9-12'],
      remixOfId: source.id,
      audience: 'district',
      audienceId: w.home.id,
    });
    const hidden = await buildResource(db, {
      ownerId: w.outsider.id,
      districtId: w.stranger.id,
      title: `${q} fractions on a number line too`,
      alignments: ['4.nf.a.1'],
      audience: 'district',
      audienceId: w.stranger.id,
    });
    const unrelated = await buildResource(db, {
      ownerId: owner.id,
      districtId: w.home.id,
      title: `${uniqueWord()} poetry`,
      subjects: ['Art'],
      gradeBands: ['9-12'],
      audience: 'public',
    });
    const response = await (await signedIn(t, w.districtPeer.id)).get(`/api/resources/${source.id}/similar`);
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json().data as Array<{ id: string; relation: string | null }>;
    const found = data.map((d) => d.id);
    expect(found[0]).toBe(close.id);
    expect(found).toContain(remix.id);
    expect(data.find((d) => d.id === remix.id)?.relation).toBe('remix');
    expect(data.find((d) => d.id === close.id)?.relation).toBeNull();
    expect(found).not.toContain(source.id);
    expect(found).not.toContain(hidden.id);
    expect(found).not.toContain(unrelated.id);
    expect(data.length).toBeLessThanOrEqual(6);

    // From the remix, its source is labelled.
    const back = await (await signedIn(t, w.colleague.id)).get(`/api/resources/${remix.id}/similar`);
    expect(back.statusCode).toBe(200);
    expect(back.json().data.find((d: { id: string }) => d.id === source.id)?.relation).toBe('source');
  });

  it('answers 404 for a resource the viewer may not see, a deleted one, or none, and 400 for a bad id', async () => {
    const w = await world();
    const priv = await buildResource(w.db, {
      ownerId: w.owner.id,
      districtId: w.home.id,
      audience: 'private',
    });
    const gone = await buildResource(w.db, {
      ownerId: w.owner.id,
      districtId: w.home.id,
      audience: 'public',
    });
    await w.db.execute(sql`update resources set deleted_at = now() where id = ${gone.id}`);
    const me = await signedIn(t, w.colleague.id);
    for (const id of [priv.id, gone.id, uuidv7()])
      expect((await me.get(`/api/resources/${id}/similar`)).statusCode).toBe(404);
    const bad = await me.get('/api/resources/not-an-id/similar');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain('/params/id');
    // The owner sees it.
    expect((await (await signedIn(t, w.owner.id)).get(`/api/resources/${priv.id}/similar`)).statusCode).toBe(
      200,
    );
  });
});
