import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, memberships, organizations, profiles, users } from '#server/db/schema.ts';
import { agent, signedIn, setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

const t = setupTestApp();

/** A district with two schools, a teacher at the first, an admin, and a school-only resource at each school. */
async function world() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const north = await buildSchool(db, district.id, { name: 'North Elementary' });
  const south = await buildSchool(db, district.id, { name: 'South Middle' });
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const teacher = await buildUser(db, { districtId: district.id, schoolId: north.id });
  const northAuthor = await buildUser(db, { districtId: district.id, schoolId: north.id });
  const southAuthor = await buildUser(db, { districtId: district.id, schoolId: south.id });
  const northOnly = await buildResource(db, {
    ownerId: northAuthor.id,
    districtId: district.id,
    schoolId: north.id,
    audience: 'school',
    audienceId: north.id,
    title: 'North staff-room routines',
  });
  const southOnly = await buildResource(db, {
    ownerId: southAuthor.id,
    districtId: district.id,
    schoolId: south.id,
    audience: 'school',
    audienceId: south.id,
    title: 'South staff-room routines',
  });
  return { district, north, south, admin, teacher, northOnly, southOnly };
}

/** The schools a person is a member of. */
const schoolsOf = async (userId: string) =>
  (
    await t.database.db
      .select({ id: memberships.organizationId })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(and(eq(memberships.userId, userId), eq(organizations.kind, 'school')))
  ).map((r) => r.id);

describe('school membership', () => {
  it("refuses a teacher's own school change on the profile, so they cannot read another school's school-only resource", async () => {
    const w = await world();
    const browser = await signedIn(t, w.teacher.id);
    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(404);

    const res = await browser.patch('/api/profile', { schoolId: w.south.id, bio: 'Moving schools' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('schoolId');
    // Nothing changed: not the school, not the other field sent with it.
    const [profile] = await t.database.db.select().from(profiles).where(eq(profiles.userId, w.teacher.id));
    expect(profile.schoolId).toBe(w.north.id);
    expect(profile.bio).toBeNull();
    expect(await schoolsOf(w.teacher.id)).toEqual([w.north.id]);

    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(404);
    expect((await browser.get(`/api/resources/${w.northOnly.id}`)).statusCode).toBe(200);
    // Nor can they share to a school they do not belong to.
    const share = await browser.post('/api/resources', {
      kind: 'lesson',
      title: 'Into South',
      summary: 'x',
      licence: 'cc-by',
      audience: 'school',
      audienceId: w.south.id,
    });
    expect(share.statusCode).toBe(400);
    expect(share.json().errors).toEqual([
      { path: '/body/audienceId', message: 'must be a school you belong to' },
    ]);
  });

  it("shows a person assigned to two schools both schools' school-only items, in reads, lists and the audience picker", async () => {
    const w = await world();
    const adminBrowser = await signedIn(t, w.admin.id);
    const assigned = await adminBrowser.put(`/api/staff/${w.teacher.id}/schools`, {
      schoolIds: [w.north.id, w.south.id],
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().data).toMatchObject({
      userId: w.teacher.id,
      rostered: false,
      schools: [
        { id: w.north.id, name: 'North Elementary' },
        { id: w.south.id, name: 'South Middle' },
      ],
    });

    const browser = await signedIn(t, w.teacher.id);
    expect((await browser.get(`/api/resources/${w.northOnly.id}`)).statusCode).toBe(200);
    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(200);
    const library = (await browser.get('/api/resources?q=staff-room')).json();
    expect(library.data.map((r: { id: string }) => r.id).sort()).toEqual(
      [w.northOnly.id, w.southOnly.id].sort(),
    );
    const options = (await browser.get('/api/resources/audience-options')).json().data;
    expect(options.school).toEqual({ id: w.north.id, name: 'North Elementary' });
    expect(options.schools.map((s: { id: string }) => s.id).sort()).toEqual([w.north.id, w.south.id].sort());
    // The staff table shows both, main school first; the audit log says who changed what.
    const staff = (await adminBrowser.get('/api/staff')).json().data;
    expect(staff.find((p: { id: string }) => p.id === w.teacher.id)).toMatchObject({
      school: { id: w.north.id },
      schools: [{ id: w.north.id }, { id: w.south.id }],
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, w.teacher.id), eq(auditEvents.action, 'user.schools_changed')));
    expect(audit.details).toMatchObject({
      from: ['North Elementary'],
      to: ['North Elementary', 'South Middle'],
      source: 'admin',
    });

    // Their profile names both schools, the main one first.
    const shown = (await adminBrowser.get(`/api/profiles/${w.teacher.id}`)).json().data;
    expect(shown.schools.map((s: { name: string }) => s.name)).toEqual(['North Elementary', 'South Middle']);

    // The directory finds them in each school, by filter and by the school's name.
    const directory = async (query: string) =>
      (await browser.get(`/api/directory?limit=50&${query}`)).json().data.map((p: { id: string }) => p.id);
    expect(await directory(`schoolId=${w.south.id}`)).toContain(w.teacher.id);
    expect(await directory('q=South')).toContain(w.teacher.id);

    // Taking the first school away ends its school-only items and makes the other the main school.
    await adminBrowser.put(`/api/staff/${w.teacher.id}/schools`, { schoolIds: [w.south.id] });
    expect((await browser.get(`/api/resources/${w.northOnly.id}`)).statusCode).toBe(404);
    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(200);
    const [profile] = await t.database.db.select().from(profiles).where(eq(profiles.userId, w.teacher.id));
    expect(profile.schoolId).toBe(w.south.id);
  });

  it('brings a resource home to any of the schools one belongs to, and to no other', async () => {
    const w = await world();
    await (await signedIn(t, w.admin.id)).put(`/api/staff/${w.teacher.id}/schools`, {
      schoolIds: [w.north.id, w.south.id],
    });
    const other = await buildSchool(t.database.db, w.district.id);
    const shared = await buildResource(t.database.db, {
      ownerId: w.admin.id,
      districtId: w.district.id,
      audience: 'district',
    });
    const browser = await signedIn(t, w.teacher.id);
    const targets = (await browser.get(`/api/resources/${shared.id}/home-shares`)).json().data;
    expect(targets.schools.map((s: { id: string }) => s.id).sort()).toEqual([w.north.id, w.south.id].sort());
    const refused = await browser.post(`/api/resources/${shared.id}/home-shares`, {
      targetKind: 'school',
      targetId: other.id,
      note: 'For the other school',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/targetId');
    const home = await browser.post(`/api/resources/${shared.id}/home-shares`, {
      targetKind: 'school',
      targetId: w.south.id,
      note: 'For South',
    });
    expect(home.statusCode).toBe(201);
    expect(home.json().data.target).toMatchObject({ kind: 'school', id: w.south.id });
  });

  it('lets only a district admin of the person’s district assign schools, and only open schools of it', async () => {
    const w = await world();
    const url = `/api/staff/${w.teacher.id}/schools`;
    expect((await agent(t).put(url, { schoolIds: [] })).statusCode).toBe(401);
    expect((await (await signedIn(t, w.teacher.id)).put(url, { schoolIds: [w.south.id] })).statusCode).toBe(
      403,
    );
    const elsewhere = await buildDistrict(t.database.db);
    const otherAdmin = await buildUser(t.database.db, { districtId: elsewhere.id, role: 'district_admin' });
    expect((await (await signedIn(t, otherAdmin.id)).put(url, { schoolIds: [] })).statusCode).toBe(404);

    const admin = await signedIn(t, w.admin.id);
    const foreignSchool = await buildSchool(t.database.db, elsewhere.id);
    const foreign = await admin.put(url, { schoolIds: [w.south.id, foreignSchool.id] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('/body/schoolIds/1');
    const twice = await admin.put(url, { schoolIds: [w.south.id, w.south.id] });
    expect(twice.statusCode).toBe(400);
    expect(await schoolsOf(w.teacher.id)).toEqual([w.north.id]);

    // None: district-wide.
    const none = await admin.put(url, { schoolIds: [] });
    expect(none.json().data.schools).toEqual([]);
    const [profile] = await t.database.db.select().from(profiles).where(eq(profiles.userId, w.teacher.id));
    expect(profile.schoolId).toBeNull();
  });

  it('lets a teacher request a change that a district admin approves, and shows it pending until then', async () => {
    const w = await world();
    const browser = await signedIn(t, w.teacher.id);
    const asked = await browser.post('/api/profile/school-requests', {
      schoolIds: [w.north.id, w.south.id],
      note: 'I teach music at both',
    });
    expect(asked.statusCode).toBe(201);
    const own = (await browser.get('/api/profile/schools')).json().data;
    expect(own).toMatchObject({
      rostered: false,
      schools: [{ id: w.north.id }],
      request: { status: 'pending', schools: [{ id: w.north.id }, { id: w.south.id }] },
    });
    // Pending is not granted.
    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(404);

    expect((await browser.get('/api/school-requests')).statusCode).toBe(403);
    const admin = await signedIn(t, w.admin.id);
    const pending = (await admin.get('/api/school-requests')).json().data;
    expect(pending).toEqual([
      expect.objectContaining({
        id: asked.json().data.id,
        person: { id: w.teacher.id, name: w.teacher.name },
        note: 'I teach music at both',
        currentSchools: [{ id: w.north.id, name: 'North Elementary' }],
      }),
    ]);
    const approved = await admin.post(`/api/school-requests/${asked.json().data.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data.status).toBe('approved');
    expect((await browser.get(`/api/resources/${w.southOnly.id}`)).statusCode).toBe(200);
    expect((await admin.get('/api/school-requests')).json().data).toEqual([]);
    expect((await admin.post(`/api/school-requests/${asked.json().data.id}/decline`)).statusCode).toBe(409);
  });

  it('declines a request without changing anything, and keeps requests within the district', async () => {
    const w = await world();
    const browser = await signedIn(t, w.teacher.id);
    const asked = await browser.post('/api/profile/school-requests', { schoolIds: [w.south.id] });
    const elsewhere = await buildDistrict(t.database.db);
    const otherAdmin = await signedIn(
      t,
      (await buildUser(t.database.db, { districtId: elsewhere.id, role: 'district_admin' })).id,
    );
    expect((await otherAdmin.post(`/api/school-requests/${asked.json().data.id}/approve`)).statusCode).toBe(
      404,
    );
    expect((await otherAdmin.get('/api/school-requests')).json().data).toEqual([]);

    const declined = await (await signedIn(t, w.admin.id)).post(
      `/api/school-requests/${asked.json().data.id}/decline`,
    );
    expect(declined.json().data.status).toBe('declined');
    expect(await schoolsOf(w.teacher.id)).toEqual([w.north.id]);
    expect((await browser.get('/api/profile/schools')).json().data.request.status).toBe('declined');
  });

  it('refuses requests from rostered staff, whose schools the roster decides', async () => {
    const w = await world();
    await t.database.db.update(users).set({ sourcedId: 'T-100' }).where(eq(users.id, w.teacher.id));
    const browser = await signedIn(t, w.teacher.id);
    expect((await browser.get('/api/profile/schools')).json().data.rostered).toBe(true);
    const asked = await browser.post('/api/profile/school-requests', { schoolIds: [w.south.id] });
    expect(asked.statusCode).toBe(409);
    const foreign = await signedIn(
      t,
      (await buildUser(t.database.db, { districtId: w.district.id, schoolId: w.north.id })).id,
    );
    const bad = await foreign.post('/api/profile/school-requests', { schoolIds: [crypto.randomUUID()] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/schoolIds/0');
  });
});
