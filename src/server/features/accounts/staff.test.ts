import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, sessions } from '#server/db/schema.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';

const t = setupTestApp();

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, {
    districtId: district.id,
    role: 'district_admin',
    name: 'Ada Admin',
  });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

const sessionCount = async (userId: string) =>
  (await t.database.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

const auditFor = (targetId: string) =>
  t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId));

describe('listing staff', () => {
  it("lists the district's staff by name with role, school and status, and no one else's", async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const school = await buildSchool(t.database.db, district.id);
    const zed = await buildUser(t.database.db, {
      districtId: district.id,
      name: 'Zed Teacher',
      schoolId: school.id,
    });
    const bea = await buildUser(t.database.db, { districtId: district.id, name: 'Bea Coach', role: 'coach' });
    const other = await buildDistrict(t.database.db);
    await buildUser(t.database.db, { districtId: other.id, name: 'Aaron Elsewhere' });
    const response = await browser.get('/api/staff');
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data.map((s: { id: string }) => s.id)).toEqual([admin.id, bea.id, zed.id]);
    expect(data[2]).toMatchObject({
      name: 'Zed Teacher',
      email: zed.email,
      roles: ['teacher'],
      school: { id: school.id, name: school.name },
      status: 'active',
      abilities: { changeRole: true, deactivate: true, reactivate: false },
    });
    // One cannot deactivate oneself, and the list says so.
    expect(data[0].abilities.deactivate).toBe(false);
  });

  it('searches by name or email and filters by role and status', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const pat = await buildUser(t.database.db, { districtId: district.id, name: 'Pat Percent_%' });
    const coach = await buildUser(t.database.db, { districtId: district.id, name: 'Quinn', role: 'coach' });
    const gone = await buildUser(t.database.db, {
      districtId: district.id,
      name: 'Gone',
      status: 'deactivated',
    });
    const ids = async (query: string) =>
      (await browser.get(`/api/staff?${query}`)).json().data.map((s: { id: string }) => s.id);
    expect(await ids('q=percent_%25')).toEqual([pat.id]);
    expect(await ids(`q=${encodeURIComponent(coach.email.slice(0, 8))}`)).toContain(coach.id);
    expect(await ids('role=coach')).toEqual([coach.id]);
    expect(await ids('status=deactivated')).toEqual([gone.id]);
    expect(await ids('q=nobody-by-this-name')).toEqual([]);
  });

  it('pages by name with a cursor', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const names = ['Beth', 'Beth', 'Cora', 'Dan'];
    const made = [];
    for (const name of names) made.push(await buildUser(t.database.db, { districtId: district.id, name }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const page = (await browser.get(`/api/staff?${query}`)).json();
      seen.push(...page.data.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([admin.id, ...made.map((u) => u.id)]));
  });

  it('asks to sign in when signed out, refuses a teacher, and names bad filters', async () => {
    const { district, browser } = await adminOfNewDistrict();
    expect((await agent(t).get('/api/staff')).statusCode).toBe(401);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    expect((await (await signedIn(t, teacher.id)).get('/api/staff')).statusCode).toBe(403);
    const bad = await browser.get('/api/staff?role=platform_admin&limit=1000&extra=1');
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/querystring/role', '/querystring/limit']));
    expect((await browser.get('/api/staff?cursor=nope')).statusCode).toBe(400);
  });

  it('returns names with HTML as plain text', async () => {
    const { district, browser } = await adminOfNewDistrict();
    await buildUser(t.database.db, { districtId: district.id, name: '<b onmouseover=alert(1)>x</b>' });
    const data = (await browser.get('/api/staff?q=onmouseover')).json().data;
    expect(data[0].name).toBe('<b onmouseover=alert(1)>x</b>');
  });
});

describe('changing a role', () => {
  it('gives the new role, records it in the audit log and ends that person’s sessions', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const theirs = await signedIn(t, teacher.id);
    const response = await browser.patch(`/api/staff/${teacher.id}/role`, { role: 'coach' });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.roles).toEqual(['coach']);
    expect(await sessionCount(teacher.id)).toBe(0);
    expect((await theirs.get('/api/session')).json().data).toBeNull();
    const [event] = await auditFor(teacher.id);
    expect(event).toMatchObject({
      action: 'user.role_changed',
      actorId: admin.id,
      districtId: district.id,
      details: { from: 'teacher', to: 'coach' },
    });
    // Signing in again carries the new role.
    const fresh = agent(t);
    await fresh.post('/api/session', { email: teacher.email, password: TEST_PASSWORD });
    expect((await fresh.get('/api/session')).json().data.user.roles).toEqual(['coach']);
  });

  it('rotates an admin’s own session when they change their own role', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const oldCookie = browser.cookie;
    const response = await browser.patch(`/api/staff/${admin.id}/role`, { role: 'principal' });
    expect(response.statusCode).toBe(200);
    expect(browser.cookie).not.toBe(oldCookie);
    expect((await browser.get('/api/session')).json().data.user.roles).toEqual(['principal']);
    expect(await sessionCount(admin.id)).toBe(1);
  });

  it('refuses to remove the last active administrator', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    await buildUser(t.database.db, {
      districtId: district.id,
      role: 'district_admin',
      status: 'deactivated',
    });
    const response = await browser.patch(`/api/staff/${admin.id}/role`, { role: 'teacher' });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors[0].path).toBe('/body/role');
    expect((await browser.get('/api/session')).json().data.user.roles).toEqual(['district_admin']);
    expect(await auditFor(admin.id)).toHaveLength(0);
  });

  it("answers 404 for another district's person and changes nothing", async () => {
    const { browser } = await adminOfNewDistrict();
    const elsewhere = await buildUser(t.database.db, { districtId: (await buildDistrict(t.database.db)).id });
    const response = await browser.patch(`/api/staff/${elsewhere.id}/role`, { role: 'district_admin' });
    expect(response.statusCode).toBe(404);
    const session = await signedIn(t, elsewhere.id);
    expect((await session.get('/api/session')).json().data.user.roles).toEqual(['teacher']);
  });

  it('refuses roles beyond the district, a teacher, and a signed-out caller', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const bad = await browser.patch(`/api/staff/${teacher.id}/role`, { role: 'platform_admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/role');
    const asTeacher = await signedIn(t, teacher.id);
    expect(
      (await asTeacher.patch(`/api/staff/${teacher.id}/role`, { role: 'district_admin' })).statusCode,
    ).toBe(403);
    expect((await agent(t).patch(`/api/staff/${teacher.id}/role`, { role: 'coach' })).statusCode).toBe(401);
  });
});

describe('deactivating and reactivating', () => {
  it('deactivates an account, signs it out everywhere and records it; reactivation lets it sign in again', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    await signedIn(t, teacher.id);
    const off = await browser.post(`/api/staff/${teacher.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json().data).toMatchObject({
      status: 'deactivated',
      abilities: { reactivate: true, deactivate: false },
    });
    expect(await sessionCount(teacher.id)).toBe(0);
    const signIn = () => agent(t).post('/api/session', { email: teacher.email, password: TEST_PASSWORD });
    expect((await signIn()).statusCode).toBe(401);
    const on = await browser.post(`/api/staff/${teacher.id}/reactivate`);
    expect(on.statusCode).toBe(200);
    expect(on.json().data.status).toBe('active');
    expect((await signIn()).statusCode).toBe(204);
    const actions = (await auditFor(teacher.id)).map((e) => e.action).sort();
    expect(actions).toEqual(['user.deactivated', 'user.reactivated']);
  });

  it('refuses to let an admin deactivate themselves', async () => {
    const { admin, browser } = await adminOfNewDistrict();
    const response = await browser.post(`/api/staff/${admin.id}/deactivate`);
    expect(response.statusCode).toBe(409);
    expect((await browser.get('/api/session')).json().data.user.id).toBe(admin.id);
  });

  it("answers 404 for another district's person", async () => {
    const { browser } = await adminOfNewDistrict();
    const elsewhere = await buildUser(t.database.db, { districtId: (await buildDistrict(t.database.db)).id });
    expect((await browser.post(`/api/staff/${elsewhere.id}/deactivate`)).statusCode).toBe(404);
    expect((await browser.post(`/api/staff/${elsewhere.id}/reactivate`)).statusCode).toBe(404);
    expect(
      await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, elsewhere.id))),
    ).toHaveLength(0);
  });

  it('refuses a teacher and a signed-out caller, and names a malformed id', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const other = await buildUser(t.database.db, { districtId: district.id });
    expect((await (await signedIn(t, teacher.id)).post(`/api/staff/${other.id}/deactivate`)).statusCode).toBe(
      403,
    );
    expect((await agent(t).post(`/api/staff/${other.id}/deactivate`)).statusCode).toBe(401);
    const bad = await browser.post('/api/staff/123/deactivate');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/params/id');
  });
});
