import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { multipart } from '#server/test/multipart.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { ProfileResponse } from '#shared/contracts/profiles.ts';

const t = setupTestApp();

/** Two districts in one network, and a third outside it. */
async function network() {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);
  return { home, partner, outside, school, partnerSchool };
}

const upload = (browser: Agent, field: string, filename: string, type: string, data: Buffer) =>
  browser.request({ method: 'PUT', url: '/api/profile/photo', ...multipart(field, filename, type, data) });

const paths = (response: { json(): { errors: Array<{ path: string }> } }) =>
  response.json().errors.map((e) => e.path);

describe('own profile', () => {
  it('asks a signed-out visitor to sign in', async () => {
    expect((await agent(t).get('/api/profile')).statusCode).toBe(401);
    expect((await agent(t).patch('/api/profile', { bio: 'x' })).statusCode).toBe(401);
    expect((await agent(t).delete('/api/profile/photo')).statusCode).toBe(401);
  });

  it('shows a person every field of their profile with the default audiences', async () => {
    const { home, school } = await network();
    const user = await buildUser(t.database.db, {
      districtId: home.id,
      schoolId: school.id,
      profile: { bio: 'Hello', fieldVisibility: { bio: 'district' } },
    });
    const response = await (await signedIn(t, user.id)).get('/api/profile');
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      id: user.id,
      email: user.email,
      bio: 'Hello',
      school: { id: school.id, name: school.name },
      district: { id: home.id },
      fieldVisibility: { profile: 'network', bio: 'district', email: 'network', photo: 'network' },
    });
  });

  it('saves every field, records the change and makes it searchable', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    const response = await browser.patch('/api/profile', {
      name: 'Marisol Quetzal',
      pronouns: 'she/her',
      roleTitle: 'Science teacher',
      subjects: ['Science', 'Mathematics'],
      gradeBands: ['6-8'],
      yearsInEducation: 12,
      bio: 'Phenomenon-based units.\nLoves tide pools.',
      expertise: ['Lesson Study', 'lesson study', 'Data  teams'],
      openToMentoring: true,
      seekingMentor: false,
      fieldVisibility: { bio: 'district', profile: 'public' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      name: 'Marisol Quetzal',
      subjects: ['Mathematics', 'Science'],
      expertise: ['lesson study', 'data teams'],
      bio: 'Phenomenon-based units.\nLoves tide pools.',
      fieldVisibility: { bio: 'district', profile: 'public', email: 'network' },
    });
    // Audiences merge: changing one keeps the others.
    const again = await browser.patch('/api/profile', { fieldVisibility: { email: 'district' } });
    expect(again.json().data.fieldVisibility).toMatchObject({ bio: 'district', email: 'district' });

    const { rows } = await t.database.db.execute<{ n: number; all: boolean; net: boolean }>(sql`
      select (select count(*)::int from statements where actor_id = ${user.id} and object_type = 'profile'
                and verb = 'http://activitystrea.ms/schema/1.0/update') as n,
             search_all @@ to_tsquery('english', 'tide') as all,
             search_network @@ to_tsquery('english', 'tide') as net
        from profiles where user_id = ${user.id}`);
    expect(rows[0]).toEqual({ n: 2, all: true, net: false });
  });

  it('names each bad field', async () => {
    const { home, partnerSchool } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    const bad = await browser.patch('/api/profile', {
      subjects: ['Alchemy'],
      yearsInEducation: 61,
      expertise: ['x'.repeat(61)],
      bio: 'x'.repeat(2001),
      fieldVisibility: { bio: 'everyone' },
      favouriteColour: 'green',
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        '/body/subjects/0',
        '/body/yearsInEducation',
        '/body/expertise/0',
        '/body/bio',
        '/body/fieldVisibility/bio',
        '/body',
      ]),
    );
    const tooManyTags = await browser.patch('/api/profile', {
      expertise: Array.from({ length: 21 }, (_, i) => `tag ${i}`),
    });
    expect(paths(tooManyTags)).toContain('/body/expertise');
    // Schools are assigned, never chosen on one's profile: the field is refused, by name.
    const otherSchool = await browser.patch('/api/profile', { schoolId: partnerSchool.id });
    expect(otherSchool.statusCode).toBe(400);
    expect(otherSchool.json().detail).toContain('schoolId');
    const emptyName = await browser.patch('/api/profile', { name: '   ' });
    expect(paths(emptyName)).toContain('/body/name');
  });

  it('stores script in bio and name as the same literal text', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const browser = await signedIn(t, user.id);
    const saved = await browser.patch('/api/profile', { name: hostile, bio: hostile, expertise: [hostile] });
    expect(saved.statusCode).toBe(200);
    const seen = await (await signedIn(t, colleague.id)).get(`/api/profiles/${user.id}`);
    expect(seen.headers['content-type']).toContain('application/json');
    expect(seen.json().data).toMatchObject({
      name: hostile,
      bio: hostile,
      expertise: [hostile.toLowerCase()],
    });
  });
});

describe('viewing a profile', () => {
  it('shows network fields but not district-only fields to a teacher of a partner district', async () => {
    const { home, partner, school } = await network();
    const person = await buildUser(t.database.db, {
      districtId: home.id,
      schoolId: school.id,
      profile: {
        bio: 'Only for my district',
        pronouns: 'they/them',
        subjects: ['Art'],
        fieldVisibility: { bio: 'district' },
      },
    });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id });
    const colleague = await buildUser(t.database.db, { districtId: home.id });

    const fromPartner = await (await signedIn(t, partnerTeacher.id)).get(`/api/profiles/${person.id}`);
    expect(fromPartner.statusCode).toBe(200);
    const seen = fromPartner.json();
    expect(seen.data).toMatchObject({
      name: person.name,
      pronouns: 'they/them',
      subjects: ['Art'],
      email: person.email,
      district: { id: home.id, name: home.name },
      school: { id: school.id, name: school.name },
    });
    expect(seen.data).not.toHaveProperty('bio');
    expect(seen.abilities).toEqual({ edit: false });

    const fromColleague = await (await signedIn(t, colleague.id)).get(`/api/profiles/${person.id}`);
    expect(fromColleague.json().data.bio).toBe('Only for my district');
    const own = await (await signedIn(t, person.id)).get(`/api/profiles/${person.id}`);
    expect(own.json().abilities).toEqual({ edit: true });
  });

  it('answers 404 to a teacher of a district outside the network and to signed-out visitors', async () => {
    const { home, outside } = await network();
    const person = await buildUser(t.database.db, { districtId: home.id });
    const stranger = await buildUser(t.database.db, { districtId: outside.id });
    expect((await (await signedIn(t, stranger.id)).get(`/api/profiles/${person.id}`)).statusCode).toBe(404);
    expect((await agent(t).get(`/api/profiles/${person.id}`)).statusCode).toBe(404);
  });

  it('shows a public profile to anyone with only its name, role title and public fields', async () => {
    const { home, outside } = await network();
    const person = await buildUser(t.database.db, {
      districtId: home.id,
      profile: {
        roleTitle: 'Librarian',
        bio: 'Public bio',
        subjects: ['Art'],
        fieldVisibility: { profile: 'public', bio: 'public' },
      },
    });
    const stranger = await buildUser(t.database.db, { districtId: outside.id });
    for (const viewer of [agent(t), await signedIn(t, stranger.id)]) {
      const response = await viewer.get(`/api/profiles/${person.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toEqual({
        id: person.id,
        name: person.name,
        roleTitle: 'Librarian',
        district: null,
        school: null,
        bio: 'Public bio',
      });
    }
  });

  it('hides a deactivated person from everyone but the administrators of their district', async () => {
    const { home, partner } = await network();
    const person = await buildUser(t.database.db, { districtId: home.id, status: 'deactivated' });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const admin = await buildUser(t.database.db, { districtId: home.id, role: 'district_admin' });
    const partnerAdmin = await buildUser(t.database.db, { districtId: partner.id, role: 'district_admin' });
    expect((await (await signedIn(t, colleague.id)).get(`/api/profiles/${person.id}`)).statusCode).toBe(404);
    expect((await (await signedIn(t, partnerAdmin.id)).get(`/api/profiles/${person.id}`)).statusCode).toBe(
      404,
    );
    expect((await (await signedIn(t, admin.id)).get(`/api/profiles/${person.id}`)).statusCode).toBe(200);
  });

  it('shows every change to a page it remembers at once, to each viewer as they may see it', async () => {
    const db = t.database.db;
    const { home, partner, school } = await network();
    const person = await buildUser(db, {
      districtId: home.id,
      schoolId: school.id,
      profile: { bio: 'First bio', subjects: ['Art'], fieldVisibility: { bio: 'district' } },
    });
    const colleague = await signedIn(t, (await buildUser(db, { districtId: home.id })).id);
    const partnerTeacher = await signedIn(t, (await buildUser(db, { districtId: partner.id })).id);
    const view = (as: Agent) => as.get(`/api/profiles/${person.id}`);
    for (const as of [colleague, partnerTeacher, colleague, partnerTeacher]) {
      const body = (await view(as)).json();
      // Sent as text without the serializer's check: it holds to the contract, nothing more.
      expect(ProfileResponse.parse(body)).toEqual(body);
    }
    expect((await view(colleague)).json().data.bio).toBe('First bio');
    expect((await view(partnerTeacher)).json().data).not.toHaveProperty('bio');
    // Changes made straight in the database, through no route of Trellis.
    await db.execute(sql`update profiles set bio = 'Second bio', field_visibility = '{}'::jsonb
                          where user_id = ${person.id}`);
    expect((await view(colleague)).json().data.bio).toBe('Second bio');
    expect((await view(partnerTeacher)).json().data.bio).toBe('Second bio');
    await db.execute(sql`update organizations set name = 'Renamed School' where id = ${school.id}`);
    expect((await view(colleague)).json().data.school.name).toBe('Renamed School');
    // The partner district leaves the network: its teachers no longer open the profile.
    await db.execute(sql`delete from network_districts where district_id = ${partner.id}`);
    expect((await view(partnerTeacher)).statusCode).toBe(404);
    expect((await view(colleague)).statusCode).toBe(200);
    await db.execute(sql`update users set status = 'deactivated' where id = ${person.id}`);
    expect((await view(colleague)).statusCode).toBe(404);
  });

  it('answers 404 for an unknown person and 400 for a malformed id', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    expect((await browser.get('/api/profiles/0195f000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const bad = await browser.get('/api/profiles/not-an-id');
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/params/id']);
  });
});

describe('profile photos', () => {
  const jpegWithExif = () =>
    sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Make: 'Spy', Model: 'Tracker' } } })
      .toBuffer();

  it('re-encodes an upload as a small WebP without its metadata and serves it inert', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const original = await jpegWithExif();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const browser = await signedIn(t, user.id);
    const response = await upload(browser, 'photo', 'me.jpg', 'image/jpeg', original);
    expect(response.statusCode).toBe(200);
    expect(response.json().data.photoUrl).toMatch(new RegExp(`^/api/profiles/${user.id}/photo\\?v=`));

    const served = await (await signedIn(t, colleague.id)).get(`/api/profiles/${user.id}/photo`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['content-disposition']).toBe('inline; filename="photo.webp"');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(512);

    const { rows } = await t.database.db.execute<{ key: string }>(
      sql`select key from files where owner_id = ${user.id}`,
    );
    expect(rows).toHaveLength(1);
  });

  it('replaces the previous photo and deletes it', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: '#f00' } })
      .png()
      .toBuffer();
    await upload(browser, 'photo', 'a.png', 'image/png', png);
    const first = (await browser.get('/api/profile')).json().data.photoUrl as string;
    const webp = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00f' } })
      .webp()
      .toBuffer();
    const second = await upload(browser, 'photo', 'b.webp', 'image/webp', webp);
    expect(second.json().data.photoUrl).not.toBe(first);
    const { rows } = await t.database.db.execute<{ key: string }>(
      sql`select key from files where owner_id = ${user.id}`,
    );
    expect(rows).toHaveLength(1);
    const oldKey = `photos/${new URL(first, 'http://x').searchParams.get('v')}.webp`;
    expect(await t.app.storage.get(oldKey)).toBeNull();
    expect(await t.app.storage.get(rows[0].key)).not.toBeNull();

    const removed = await browser.delete('/api/profile/photo');
    expect(removed.statusCode).toBe(204);
    expect((await browser.get('/api/profile')).json().data.photoUrl).toBeNull();
    expect(await t.app.storage.get(rows[0].key)).toBeNull();
    expect((await browser.get(`/api/profiles/${user.id}/photo`)).statusCode).toBe(404);
  });

  it('refuses a file that is not an image, whatever its name says, and stores nothing', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    const html = await upload(
      browser,
      'photo',
      'x.html',
      'text/html',
      Buffer.from('<script>alert(1)</script>'),
    );
    expect(html.statusCode).toBe(400);
    expect(paths(html)).toEqual(['/body/photo']);
    const renamed = await upload(browser, 'photo', 'cat.png', 'image/png', Buffer.from('just some text'));
    expect(renamed.statusCode).toBe(400);
    expect(paths(renamed)).toEqual(['/body/photo']);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(paths(await upload(browser, 'photo', 'a.png', 'image/png', gif))).toEqual(['/body/photo']);
    const wrongField = await upload(browser, 'avatar', 'a.png', 'image/png', Buffer.from('x'));
    expect(paths(wrongField)).toEqual(['/body/photo']);
    const json = await browser.put('/api/profile/photo', { photo: 'data:image/png;base64,AAAA' });
    expect(json.statusCode).toBe(400);
    const { rows } = await t.database.db.execute(sql`select key from files where owner_id = ${user.id}`);
    expect(rows).toHaveLength(0);
    expect((await browser.get('/api/profile')).json().data.photoUrl).toBeNull();
  });

  it('refuses a photo over 5 MB naming the field', async () => {
    const { home } = await network();
    const user = await buildUser(t.database.db, { districtId: home.id });
    const browser = await signedIn(t, user.id);
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 1);
    const response = await upload(browser, 'photo', 'big.jpg', 'image/jpeg', big);
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(paths(response)).toEqual(['/body/photo']);
  });

  it('hides a photo from viewers outside its audience', async () => {
    const { home, partner, outside } = await network();
    const user = await buildUser(t.database.db, {
      districtId: home.id,
      profile: { fieldVisibility: { photo: 'district', profile: 'public' } },
    });
    const browser = await signedIn(t, user.id);
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    await upload(browser, 'photo', 'a.png', 'image/png', png);
    const colleague = await buildUser(t.database.db, { districtId: home.id });
    const partnerTeacher = await buildUser(t.database.db, { districtId: partner.id });
    const stranger = await buildUser(t.database.db, { districtId: outside.id });
    const url = `/api/profiles/${user.id}/photo`;
    expect((await (await signedIn(t, colleague.id)).get(url)).statusCode).toBe(200);
    expect((await (await signedIn(t, partnerTeacher.id)).get(url)).statusCode).toBe(404);
    expect((await (await signedIn(t, stranger.id)).get(url)).statusCode).toBe(404);
    expect((await agent(t).get(url)).statusCode).toBe(404);
    expect(
      (await (await signedIn(t, partnerTeacher.id)).get(`/api/profiles/${user.id}`)).json().data,
    ).not.toHaveProperty('photoUrl');
  });

  it('asks a signed-out visitor to sign in before uploading', async () => {
    const response = await agent(t).request({
      method: 'PUT',
      url: '/api/profile/photo',
      ...multipart('photo', 'a.png', 'image/png', Buffer.from('x')),
    });
    expect(response.statusCode).toBe(401);
  });
});
