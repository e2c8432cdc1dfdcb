import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '#server/db/schema.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

describe('listing schools', () => {
  it("shows anyone signed in their own district's open schools by name", async () => {
    const { district } = await adminOfNewDistrict();
    const b = await buildSchool(t.database.db, district.id, { name: 'Birch Elementary' });
    const a = await buildSchool(t.database.db, district.id, { name: 'Aspen Middle' });
    const closed = await buildSchool(t.database.db, district.id, { name: 'Closed High' });
    await t.database.db.execute(`update organizations set archived_at = now() where id = '${closed.id}'`);
    await buildSchool(t.database.db, (await buildDistrict(t.database.db)).id, { name: 'Elsewhere' });
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    const response = await browser.get('/api/schools?includeArchived=true');
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((s: { id: string }) => s.id)).toEqual([a.id, b.id]);
    expect(response.json().abilities).toEqual({ manage: false });
  });

  it('includes archived schools for an admin who asks', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const open = await buildSchool(t.database.db, district.id, { name: 'Open' });
    const closed = await buildSchool(t.database.db, district.id, { name: 'Closed' });
    await browser.post(`/api/schools/${closed.id}/archive`);
    const without = (await browser.get('/api/schools')).json();
    expect(without.data.map((s: { id: string }) => s.id)).toEqual([open.id]);
    expect(without.abilities).toEqual({ manage: true });
    const all = (await browser.get('/api/schools?includeArchived=true')).json().data;
    expect(all.map((s: { id: string }) => s.id)).toEqual([closed.id, open.id]);
    expect(all[0].archivedAt).not.toBeNull();
  });

  it('asks to sign in when signed out and names a bad flag', async () => {
    expect((await agent(t).get('/api/schools')).statusCode).toBe(401);
    const { browser } = await adminOfNewDistrict();
    const bad = await browser.get('/api/schools?includeArchived=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/includeArchived');
  });
});

describe('managing schools', () => {
  it("finds a school's staff by the school's new name once it is renamed", async () => {
    const { district, browser } = await adminOfNewDistrict();
    const school = await buildSchool(t.database.db, district.id, { name: 'Quarry Road Elementary' });
    const teacher = await buildUser(t.database.db, { districtId: district.id, schoolId: school.id });
    expect((await browser.patch(`/api/schools/${school.id}`, { name: 'Zephyr Elementary' })).statusCode).toBe(
      200,
    );
    const found = (await browser.get('/api/directory?q=Zephyr')).json().data.map((p: { id: string }) => p.id);
    expect(found).toContain(teacher.id);
  });

  it('adds, renames, archives and unarchives a school, each in the audit log', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const created = await browser.post('/api/schools', { name: '  Cedar High  ' });
    expect(created.statusCode).toBe(201);
    const school = created.json().data;
    expect(school).toMatchObject({ name: 'Cedar High', archivedAt: null });
    const renamed = await browser.patch(`/api/schools/${school.id}`, { name: 'Cedar Senior High' });
    expect(renamed.json().data.name).toBe('Cedar Senior High');
    const archived = await browser.post(`/api/schools/${school.id}/archive`);
    expect(archived.json().data.archivedAt).not.toBeNull();
    const unarchived = await browser.post(`/api/schools/${school.id}/unarchive`);
    expect(unarchived.json().data.archivedAt).toBeNull();
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, school.id));
    expect(events.map((e) => e.action).sort()).toEqual(
      ['school.archived', 'school.created', 'school.renamed', 'school.unarchived'].sort(),
    );
    expect(events.every((e) => e.actorId === admin.id && e.districtId === district.id)).toBe(true);
    expect(events.find((e) => e.action === 'school.renamed')?.details).toEqual({
      from: 'Cedar High',
      to: 'Cedar Senior High',
    });
  });

  it('keeps names unique within a district, ignoring case, but not across districts', async () => {
    const { district, browser } = await adminOfNewDistrict();
    await buildSchool(t.database.db, district.id, { name: 'Maple Elementary' });
    const other = await buildSchool(t.database.db, district.id, { name: 'Oak Elementary' });
    const duplicate = await browser.post('/api/schools', { name: 'maple elementary' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].path).toBe('/body/name');
    const renameClash = await browser.patch(`/api/schools/${other.id}`, { name: 'MAPLE ELEMENTARY' });
    expect(renameClash.statusCode).toBe(409);
    const elsewhere = await adminOfNewDistrict();
    expect((await elsewhere.browser.post('/api/schools', { name: 'Maple Elementary' })).statusCode).toBe(201);
  });

  it("answers 404 for another district's school and changes nothing", async () => {
    const { browser } = await adminOfNewDistrict();
    const theirs = await buildSchool(t.database.db, (await buildDistrict(t.database.db)).id, {
      name: 'Theirs',
    });
    expect((await browser.patch(`/api/schools/${theirs.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await browser.post(`/api/schools/${theirs.id}/archive`)).statusCode).toBe(404);
    expect((await browser.post(`/api/schools/${theirs.id}/unarchive`)).statusCode).toBe(404);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, theirs.id));
    expect(events).toHaveLength(0);
  });

  it('refuses a teacher and a signed-out caller', async () => {
    const { district } = await adminOfNewDistrict();
    const school = await buildSchool(t.database.db, district.id);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    expect((await browser.post('/api/schools', { name: 'New' })).statusCode).toBe(403);
    expect((await browser.patch(`/api/schools/${school.id}`, { name: 'New' })).statusCode).toBe(403);
    expect((await browser.post(`/api/schools/${school.id}/archive`)).statusCode).toBe(403);
    expect((await agent(t).post('/api/schools', { name: 'New' })).statusCode).toBe(401);
  });

  it('names an empty, oversized or control-character name and unknown fields', async () => {
    const { browser } = await adminOfNewDistrict();
    for (const body of [
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'bad\u0007bell' },
      { name: 'ok', extra: 1 },
    ]) {
      const response = await browser.post('/api/schools', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toMatch(/^\/body/);
    }
  });

  it('stores and returns HTML in a name as plain text', async () => {
    const { browser } = await adminOfNewDistrict();
    const name = '<script>alert("x")</script> Academy';
    const response = await browser.post('/api/schools', { name });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.name).toBe(name);
  });
});
