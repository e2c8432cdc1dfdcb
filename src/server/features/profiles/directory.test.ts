import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { networkDistricts, users } from '#server/db/schema.ts';
import { DirectoryResponse } from '#shared/contracts/profiles.ts';
import { RANK_POOL } from './queries.ts';
import { refreshProfileSearch } from './service.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

async function network() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  await buildNetwork(db, [home.id, partner.id]);
  await buildNetwork(db, [outside.id]);
  const school = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);
  const outsideSchool = await buildSchool(db, outside.id);
  return { home, partner, outside, school, partnerSchool, outsideSchool };
}

interface Person {
  id: string;
  name: string;
  bio?: string;
}
/** The people of a directory page, which is held to the response schema exactly (it is sent as JSON text). */
const ids = (response: { json(): { data: Person[] } }) => {
  const page = response.json();
  expect(DirectoryResponse.parse(page)).toEqual(page);
  return page.data.map((p) => p.id);
};
const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

describe('directory', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/directory')).statusCode).toBe(401);
    expect((await agent(t).get('/api/directory/options')).statusCode).toBe(401);
  });

  it('lists the district and its network, never a district outside it, nor deactivated people', async () => {
    const { home, partner, outside, school } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id, schoolId: school.id });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id });
    const stranger = await buildUser(t.database.db, { districtId: outside.id });
    const gone = await buildUser(t.database.db, { districtId: home.id, status: 'deactivated' });
    const response = await (await signedIn(t, viewer.id)).get('/api/directory?limit=50');
    expect(response.statusCode).toBe(200);
    const found = ids(response);
    expect(found).toEqual(expect.arrayContaining([viewer.id, colleague.id, partnerTeacher.id]));
    expect(found).not.toContain(stranger.id);
    expect(found).not.toContain(gone.id);
    const partnerRow = response.json().data.find((p: Person) => p.id === partnerTeacher.id);
    expect(partnerRow.district).toEqual({ id: partner.id, name: partner.name });

    const strangerView = await (await signedIn(t, stranger.id)).get(
      `/api/directory?q=${encodeURIComponent(viewer.name)}`,
    );
    expect(ids(strangerView)).toEqual([]);
    const byDistrict = await (await signedIn(t, stranger.id)).get(`/api/directory?districtId=${home.id}`);
    expect(ids(byDistrict)).toEqual([]);
  });

  it('answers a repeated search from its cache only until something it shows changes', async () => {
    const { home, partner } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id, name: 'Quillon Marsh' });
    const browser = await signedIn(t, viewer.id);
    expect(ids(await browser.get('/api/directory?q=Quillon'))).toEqual([partnerTeacher.id]);
    // A rename, a deactivation, a district leaving the network: each is seen by the next search.
    const teacher = await signedIn(t, partnerTeacher.id);
    expect((await teacher.patch('/api/profile', { name: 'Rowan Marsh' })).statusCode).toBe(200);
    expect(ids(await browser.get('/api/directory?q=Quillon'))).toEqual([]);
    expect(ids(await browser.get('/api/directory?q=Rowan'))).toEqual([partnerTeacher.id]);
    await t.database.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, partnerTeacher.id));
    expect(ids(await browser.get('/api/directory?q=Rowan'))).toEqual([]);
    await t.database.db.update(users).set({ status: 'active' }).where(eq(users.id, partnerTeacher.id));
    expect(ids(await browser.get('/api/directory?q=Rowan'))).toEqual([partnerTeacher.id]);
    await t.database.db.delete(networkDistricts).where(eq(networkDistricts.districtId, partner.id));
    expect(ids(await browser.get('/api/directory?q=Rowan'))).toEqual([]);
  });

  it('finds people by name prefix and by words in visible fields, best match first', async () => {
    const { home, partner } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const target = await buildUser(t.database.db, {
      districtId: partner.id,
      name: 'Zebulon Okonkwo-Fairweather',
      profile: { bio: 'I teach quilting geometry', expertise: ['tessellations'] },
    });
    const mention = await buildUser(t.database.db, {
      districtId: partner.id,
      profile: { bio: 'Learned from Zebulon about tessellations' },
    });
    const browser = await signedIn(t, viewer.id);
    expect(ids(await browser.get('/api/directory?q=zebu'))).toEqual([target.id]);
    const byBio = await browser.get('/api/directory?q=quilting');
    expect(ids(byBio)).toEqual([target.id]);
    const byTag = ids(await browser.get('/api/directory?q=tessellation'));
    expect(byTag).toEqual(expect.arrayContaining([target.id, mention.id]));
    expect(ids(await browser.get('/api/directory?q=zebulon'))[0]).toBe(target.id);
  });

  it('keeps the name words a typed prefix reads equal to the names of active people as anything under them changes', async () => {
    const db = t.database.db;
    const { home, partner, outside } = await network();
    const viewer = await buildUser(db, { districtId: home.id });
    const person = await buildUser(db, { districtId: partner.id, name: 'Xiomara Quenby' });
    const browser = await signedIn(t, viewer.id);
    // What the words should be, from the profiles themselves, and what a prefix finds.
    const drift = async () => {
      const { rows } = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from (
          (select p.district_id, w, p.user_id from profiles p cross join lateral unnest(tsvector_to_array(p.search_name)) w
            where p.active and p.district_id is not null
           except select district_id, word, user_id from profile_name_words)
          union all
          (select district_id, word, user_id from profile_name_words
           except select p.district_id, w, p.user_id from profiles p cross join lateral unnest(tsvector_to_array(p.search_name)) w
            where p.active and p.district_id is not null)) x`);
      return rows[0].n;
    };
    const finds = async (q: string) =>
      ids(await browser.get(`/api/directory?q=${q}&limit=50`)).includes(person.id);
    const steps: Array<[string, () => Promise<unknown>, Record<string, boolean>]> = [
      ['as made', async () => {}, { x: true, xio: true, quen: true, zan: false }],
      [
        'renamed',
        async () => {
          await db.update(users).set({ name: 'Zander Quenby' }).where(eq(users.id, person.id));
          await refreshProfileSearch(db, [person.id]);
        },
        { xio: false, zan: true, quen: true },
      ],
      [
        'deactivated',
        () => db.update(users).set({ status: 'deactivated' }).where(eq(users.id, person.id)),
        { zan: false, quen: false },
      ],
      [
        'reactivated',
        () => db.update(users).set({ status: 'active' }).where(eq(users.id, person.id)),
        { zan: true },
      ],
      [
        'moved outside the network',
        () => db.update(users).set({ districtId: outside.id }).where(eq(users.id, person.id)),
        { zan: false, z: false },
      ],
      [
        'moved into the viewer’s district',
        () => db.update(users).set({ districtId: home.id }).where(eq(users.id, person.id)),
        { zan: true, z: true },
      ],
      [
        'the profile removed',
        () => db.execute(sql`delete from profiles where user_id = ${person.id}`),
        { zan: false },
      ],
    ];
    for (const [what, change, expected] of steps) {
      await change();
      expect(await drift(), what).toBe(0);
      for (const [q, found] of Object.entries(expected)) expect(await finds(q), `${what}: ${q}`).toBe(found);
    }
  });

  it('ranks a typed name above a word of the rest of a profile, found either way', async () => {
    const db = t.database.db;
    const { home, partner } = await network();
    const viewer = await buildUser(db, { districtId: home.id });
    const named = await buildUser(db, { districtId: partner.id, name: 'Velmaris Thorne' });
    const both = await buildUser(db, {
      districtId: home.id,
      name: 'Velmaris Oake',
      profile: { bio: 'velmaris velmaris' },
    });
    const mentioned = await buildUser(db, { districtId: home.id, profile: { bio: 'met velmaris once' } });
    const found = ids(await (await signedIn(t, viewer.id)).get('/api/directory?q=velmaris'));
    expect(found.slice(0, 2).sort()).toEqual([named.id, both.id].sort());
    expect(found[2]).toBe(mentioned.id);
    expect(found[0]).toBe(both.id);
  });

  it('finds the words in the own district and across the network at once, never beyond or among the deactivated', async () => {
    const { home, partner, outside } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const bio = { bio: 'runs the heliotrope garden club' };
    const colleague = await buildUser(t.database.db, { districtId: home.id, profile: bio });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id, profile: bio });
    const stranger = await buildUser(t.database.db, { districtId: outside.id, profile: bio });
    const gone = await buildUser(t.database.db, { districtId: home.id, status: 'deactivated', profile: bio });
    const found = ids(await (await signedIn(t, viewer.id)).get('/api/directory?q=heliotrope&limit=50'));
    expect(found.sort()).toEqual([colleague.id, partnerTeacher.id].sort());
    expect(found).not.toContain(stranger.id);
    expect(found).not.toContain(gone.id);
    // A district in no network finds only its own people.
    const alone = ids(await (await signedIn(t, stranger.id)).get('/api/directory?q=heliotrope&limit=50'));
    expect(alone).toEqual([stranger.id]);
  });

  it('shows a person as they are now to a new search, though an earlier search read them', async () => {
    const { home } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const person = await buildUser(t.database.db, {
      districtId: home.id,
      name: 'Odalys Brannock',
      profile: { bio: 'teaches origami' },
    });
    const browser = await signedIn(t, viewer.id);
    const bio = async (q: string) => {
      const response = await browser.get(`/api/directory?q=${q}`);
      expect(ids(response)).toEqual([person.id]);
      return response.json().data[0].bio;
    };
    expect(await bio('odalys')).toBe('teaches origami');
    expect(await bio('brannock')).toBe('teaches origami');
    const teacher = await signedIn(t, person.id);
    expect((await teacher.patch('/api/profile', { bio: 'teaches kirigami' })).statusCode).toBe(200);
    // A query no search asked before: its page is read afresh, and so is the person's row.
    expect(await bio('odal')).toBe('teaches kirigami');
  });

  it('finds a person by the district and status they have now, whatever else writes the profile', async () => {
    const { home, partner, outside } = await network();
    const db = t.database.db;
    const viewer = await buildUser(db, { districtId: home.id });
    const stranger = await buildUser(db, { districtId: outside.id });
    const person = await buildUser(db, {
      districtId: outside.id,
      name: 'Perpetua Quenby',
      profile: { subjects: ['Music'] },
    });
    const copies = async () =>
      (
        await db.execute<{ district_id: string; active: boolean }>(
          sql`select district_id, active from profiles where user_id = ${person.id}`,
        )
      ).rows[0];
    expect(await copies()).toEqual({ district_id: outside.id, active: true });
    const browser = await signedIn(t, viewer.id);
    const outsider = await signedIn(t, stranger.id);
    const search = async (as: typeof browser) => ids(await as.get('/api/directory?q=perp&subject=Music'));
    expect(await search(browser)).toEqual([]);
    expect(await search(outsider)).toEqual([person.id]);

    // Moved to a district of the viewer's network: found there, no longer by the old district.
    await db.update(users).set({ districtId: partner.id }).where(eq(users.id, person.id));
    expect(await copies()).toEqual({ district_id: partner.id, active: true });
    expect(await search(browser)).toEqual([person.id]);
    expect(await search(outsider)).toEqual([]);

    // A write to the profile's copies themselves is overruled by the person's own row.
    await db.execute(
      sql`update profiles set district_id = ${outside.id}, active = false where user_id = ${person.id}`,
    );
    expect(await copies()).toEqual({ district_id: partner.id, active: true });
    expect(await search(browser)).toEqual([person.id]);

    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, person.id));
    expect(await copies()).toEqual({ district_id: partner.id, active: false });
    expect(await search(browser)).toEqual([]);
  });

  it('does not match a network viewer on a field shown only to the district', async () => {
    const { home, partner } = await network();
    const person = await buildUser(t.database.db, {
      districtId: home.id,
      profile: {
        bio: 'secret hobby: xylophonics',
        subjects: ['Music'],
        expertise: ['marimba'],
        openToMentoring: true,
        fieldVisibility: {
          bio: 'district',
          subjects: 'district',
          expertise: 'district',
          mentoring: 'district',
        },
      },
    });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id });
    const inside = await signedIn(t, colleague.id);
    const outside = await signedIn(t, partnerTeacher.id);
    for (const query of [
      'q=xylophonics',
      'subject=Music',
      'expertise=marimba',
      `mentoring=open&districtId=${home.id}`,
    ]) {
      expect(ids(await inside.get(`/api/directory?${query}`))).toContain(person.id);
      expect(ids(await outside.get(`/api/directory?${query}`))).not.toContain(person.id);
    }
    // By name the person is still found, without the hidden fields.
    const byName = await outside.get(`/api/directory?q=${encodeURIComponent(person.name)}`);
    const row = byName.json().data.find((p: Person) => p.id === person.id);
    expect(row).toBeDefined();
    expect(row).not.toHaveProperty('bio');
    expect(row).not.toHaveProperty('subjects');
  });

  it('filters by subject, grade band, expertise, school, district and mentoring', async () => {
    const { home, partner, school, partnerSchool } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const a = await buildUser(t.database.db, {
      districtId: home.id,
      schoolId: school.id,
      profile: { subjects: ['Science'], gradeBands: ['6-8'], expertise: ['lab safety'], seekingMentor: true },
    });
    const b = await buildUser(t.database.db, {
      districtId: partner.id,
      schoolId: partnerSchool.id,
      profile: {
        subjects: ['Science'],
        gradeBands: ['9-12'],
        expertise: ['lab safety'],
        openToMentoring: true,
      },
    });
    const browser = await signedIn(t, viewer.id);
    const found = async (query: string) => ids(await browser.get(`/api/directory?limit=50&${query}`));
    expect(await found('subject=Science')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await found('subject=Science&gradeBand=9-12')).toEqual([b.id]);
    expect(await found('expertise=Lab%20Safety')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await found(`expertise=lab%20safety&schoolId=${school.id}`)).toEqual([a.id]);
    expect(await found(`subject=Science&districtId=${partner.id}`)).toEqual([b.id]);
    expect(await found('subject=Science&mentoring=open')).toEqual([b.id]);
    expect(await found('subject=Science&mentoring=seeking')).toEqual([a.id]);
  });

  it('pages through results by cursor without duplicates or gaps', async () => {
    const { home, partner } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const made: string[] = [];
    for (let i = 0; i < 13; i++) {
      const user = await buildUser(t.database.db, {
        districtId: i % 2 ? home.id : partner.id,
        // Repeated names make ties the cursor must break by id.
        name: `Pagina ${['Alpha', 'Beta', 'Gamma'][i % 3]}`,
        profile: { bio: `paginator number ${i}`, expertise: i % 4 ? ['paginating'] : [] },
      });
      made.push(user.id);
    }
    const browser = await signedIn(t, viewer.id);
    for (const base of ['q=pagina', 'q=paginator', `districtId=${partner.id}`, '']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await browser.get(
          `/api/directory?${base}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(response.statusCode).toBe(200);
        seen.push(...ids(response));
        cursor = response.json().nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      const all = ids(await browser.get(`/api/directory?${base}&limit=50`));
      expect(seen).toEqual(all);
      if (base.startsWith('q=pagina')) expect([...seen].sort()).toEqual([...made].sort());
    }
  });

  it('ranks at most a bounded pool of a broad query and pages through it without repeats', async () => {
    const { home } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const { rows } = await t.database.db.execute<{ id: string }>(sql`
      with made as (
        insert into users (id, email, name, district_id)
        select gen_random_uuid(), 'bulk' || n || '@example.test', 'Bulk Person ' || n, ${home.id}
          from generate_series(1, ${RANK_POOL + 30}) n
        returning id)
      insert into profiles (user_id, bio) select id, 'volunteers at the orchard' from made returning user_id as id`);
    await refreshProfileSearch(
      t.database.db,
      rows.map((r) => r.id),
    );
    const browser = await signedIn(t, viewer.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await browser.get(
        `/api/directory?q=orchard&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...ids(response));
      cursor = response.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(RANK_POOL);
    expect(new Set(seen).size).toBe(RANK_POOL);
    // The same query with a name narrows to whoever it names.
    const named = await browser.get('/api/directory?q=bulk%20person&limit=5');
    expect(named.json().data).toHaveLength(5);
  });

  it('names bad query fields and refuses a forged cursor', async () => {
    const { home } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, viewer.id);
    const bad = await browser.get('/api/directory?subject=Alchemy&limit=500&mentoring=maybe&extra=1');
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['/querystring/subject', '/querystring/limit']));
    const forged = await browser.get('/api/directory?cursor=bm90LWpzb24');
    expect(forged.statusCode).toBe(400);
    expect(paths(forged)).toEqual(['/querystring/cursor']);
    const hostile = await browser.get(
      `/api/directory?q=${encodeURIComponent("'); drop table users; -- & | ! :*")}`,
    );
    expect(hostile.statusCode).toBe(200);
  });

  it('offers the subjects, grade bands, and the districts and schools of the network', async () => {
    const { home, partner, outside, school, partnerSchool } = await network();
    const viewer = await buildUser(t.database.db, { districtId: home.id });
    const response = await (await signedIn(t, viewer.id)).get('/api/directory/options');
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data.subjects).toContain('Mathematics');
    expect(data.gradeBands).toEqual(['PK-2', '3-5', '6-8', '9-12']);
    const districts = data.districts.map((d: { id: string }) => d.id);
    expect(districts).toEqual(expect.arrayContaining([home.id, partner.id]));
    expect(districts).not.toContain(outside.id);
    expect(data.districts.find((d: { id: string }) => d.id === home.id).schools).toEqual([
      { id: school.id, name: school.name },
    ]);
    expect(data.districts.find((d: { id: string }) => d.id === partner.id).schools).toEqual([
      { id: partnerSchool.id, name: partnerSchool.name },
    ]);
  });
});
