import { describe, expect, it } from 'vitest';
import { recordAudit } from '#server/platform/audit.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

async function adminOfNewDistrict(context = t) {
  const district = await buildDistrict(context.database.db);
  const admin = await buildUser(context.database.db, {
    districtId: district.id,
    role: 'district_admin',
    name: 'Ada Admin',
  });
  return { district, admin, browser: await signedIn(context, admin.id) };
}

describe('the audit log', () => {
  it("shows the district's administrative actions newest first, with who did what to whom", async () => {
    const { district, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id, name: 'Tess Teacher' });
    const school = await buildSchool(t.database.db, district.id, { name: 'Willow School' });
    await browser.patch(`/api/staff/${teacher.id}/role`, { role: 'coach' });
    await browser.post(`/api/schools/${school.id}/archive`);
    const other = await adminOfNewDistrict();
    await other.browser.post('/api/schools', { name: 'Not yours' });

    const response = await browser.get('/api/audit');
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data.map((e: { action: string }) => e.action)).toEqual(['school.archived', 'user.role_changed']);
    expect(data[1]).toMatchObject({
      actor: { name: 'Ada Admin' },
      target: { type: 'user', id: teacher.id, name: 'Tess Teacher' },
      details: { from: 'teacher', to: 'coach' },
    });
    expect(data[0].target).toMatchObject({ type: 'school', name: 'Willow School' });
  });

  it('pages with a cursor', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    for (let i = 0; i < 5; i++)
      await recordAudit(t.database.db, {
        actorId: admin.id,
        action: `test.step_${i}`,
        target: { type: 'thing', id: `not-a-uuid-${i}` },
        districtId: district.id,
      });
    const first = (await browser.get('/api/audit?limit=3')).json();
    expect(first.data.map((e: { action: string }) => e.action)).toEqual([
      'test.step_4',
      'test.step_3',
      'test.step_2',
    ]);
    expect(first.data[0].target).toEqual({ type: 'thing', id: 'not-a-uuid-4', name: null });
    const second = (await browser.get(`/api/audit?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((e: { action: string }) => e.action)).toEqual(['test.step_1', 'test.step_0']);
    expect(second.nextCursor).toBeNull();
  });

  it('asks to sign in when signed out, refuses a teacher, names bad input', async () => {
    const { district, browser } = await adminOfNewDistrict();
    expect((await agent(t).get('/api/audit')).statusCode).toBe(401);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    expect((await (await signedIn(t, teacher.id)).get('/api/audit')).statusCode).toBe(403);
    const bad = await browser.get('/api/audit?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/querystring/limit');
    expect((await browser.get(`/api/audit?cursor=${'x'.repeat(600)}`)).statusCode).toBe(400);
  });
});
