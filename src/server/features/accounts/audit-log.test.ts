import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships } from '#server/db/schema.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

async function district(name = 'Ana Ruiz') {
  const org = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, { districtId: org.id, role: 'district_admin', name });
  return { org, admin, browser: await signedIn(t, admin.id) };
}

/** Moves an entry's time, to test date ranges. */
const backdate = (action: string, districtId: string, at: string) =>
  t.database.db.execute(
    sql`update audit_events set at = ${at}::timestamptz where action = ${action} and district_id = ${districtId}`,
  );

describe('the audit log in words', () => {
  it('says who did what to whom, with people, schools and networks by name', async () => {
    const { org, browser } = await district('Ana Ruiz');
    const ben = await buildUser(t.database.db, { districtId: org.id, name: 'Ben Ode' });
    const school = await buildSchool(t.database.db, org.id, { name: 'Willow School' });
    expect((await browser.patch(`/api/staff/${ben.id}/role`, { role: 'coach' })).statusCode).toBe(200);
    expect((await browser.post(`/api/staff/${ben.id}/deactivate`)).statusCode).toBe(200);
    expect((await browser.patch(`/api/schools/${school.id}`, { name: 'Willow Elementary' })).statusCode).toBe(
      200,
    );
    expect(
      (await browser.post('/api/invitations', { email: 'cal@example.test', role: 'principal' })).statusCode,
    ).toBe(201);
    const network = await buildNetwork(t.database.db, [org.id], { name: 'Prairie Network' });
    expect((await browser.delete(`/api/networks/${network.id}/districts/${org.id}`)).statusCode).toBe(204);

    const response = await browser.get('/api/audit');
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((e: { description: string }) => e.description)).toEqual([
      'Ana Ruiz took this district out of the network Prairie Network'.replace('this district', org.name),
      'Ana Ruiz invited cal@example.test as a principal',
      'Ana Ruiz renamed the school Willow School to Willow Elementary',
      'Ana Ruiz deactivated Ben Ode’s account',
      'Ana Ruiz changed Ben Ode’s role from teacher to coach',
    ]);
    expect(response.json().data.map((e: { kind: string }) => e.kind)).toEqual([
      'networks',
      'invitations',
      'schools',
      'staff',
      'staff',
    ]);
  });

  it('never shows an internal action name, even for an action without its own sentence', async () => {
    const { org, admin, browser } = await district('Dee Admin');
    await recordAudit(t.database.db, {
      actorId: admin.id,
      action: 'widget.frobnicated',
      target: { type: 'widget', id: 'w-1' },
      districtId: org.id,
    });
    const [entry] = (await browser.get('/api/audit')).json().data;
    expect(entry.description).toBe('Dee Admin frobnicated a widget');
  });
});

describe('filtering the audit log', () => {
  it('filters by who, by kind of action and by a range of days, both ends included', async () => {
    const { org, admin, browser } = await district('Fay Admin');
    const other = await buildUser(t.database.db, {
      districtId: org.id,
      role: 'district_admin',
      name: 'Gus Admin',
    });
    const otherBrowser = await signedIn(t, other.id);
    await browser.post('/api/schools', { name: 'Aspen School' });
    await otherBrowser.post('/api/schools', { name: 'Birch School' });
    const teacher = await buildUser(t.database.db, { districtId: org.id });
    await otherBrowser.post(`/api/staff/${teacher.id}/deactivate`);
    await backdate('school.created', org.id, '2026-03-01T12:00:00Z');
    await backdate('user.deactivated', org.id, '2026-03-03T23:59:00Z');

    const actions = async (query: string) =>
      (await browser.get(`/api/audit?${query}`)).json().data.map((e: { action: string }) => e.action);
    expect(await actions(`actorId=${admin.id}`)).toEqual(['school.created']);
    expect(await actions(`actorId=${other.id}`)).toEqual(['user.deactivated', 'school.created']);
    expect(await actions('kind=staff')).toEqual(['user.deactivated']);
    expect(await actions('kind=schools')).toEqual(['school.created', 'school.created']);
    expect(await actions('from=2026-03-02&to=2026-03-03')).toEqual(['user.deactivated']);
    expect(await actions('from=2026-03-01&to=2026-03-01')).toEqual(['school.created', 'school.created']);
    expect(await actions('to=2026-02-28')).toEqual([]);

    const actors = (await browser.get('/api/audit/actors')).json().data;
    expect(actors.map((a: { name: string }) => a.name)).toEqual(['Fay Admin', 'Gus Admin']);
  });

  it('names a bad filter', async () => {
    const { browser } = await district();
    for (const [query, path] of [
      ['kind=everything', '/querystring/kind'],
      ['from=2026-02-30', '/querystring/from'],
      ['from=yesterday', '/querystring/from'],
      // PostgreSQL has no year 0: a day it cannot read is refused before it is asked.
      ['from=0000-01-01', '/querystring/from'],
      ['to=0000-12-31', '/querystring/to'],
      ['actorId=nobody', '/querystring/actorId'],
      ['from=2026-03-02&to=2026-03-01', '/querystring/to'],
    ]) {
      const response = await browser.get(`/api/audit?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path, query).toBe(path);
      expect((await browser.get(`/api/audit/export.csv?${query}`)).statusCode, query).toBe(400);
    }
  });
});

describe('exporting the audit log', () => {
  it('streams the filtered log as a CSV attachment, defusing cells a spreadsheet would run', async () => {
    const { org, admin, browser } = await district('=HYPERLINK("http://evil.test","x")');
    const teacher = await buildUser(t.database.db, { districtId: org.id, name: 'Ben, "B" Ode' });
    await browser.patch(`/api/staff/${teacher.id}/role`, { role: 'coach' });
    await browser.post('/api/schools', { name: '+Plus School' });
    // Enough entries for the export to read several batches.
    for (let i = 0; i < 1_100; i++)
      await recordAudit(t.database.db, {
        actorId: admin.id,
        action: 'invitation.resent',
        target: { type: 'invitation', id: null },
        districtId: org.id,
        details: { email: `person${i}@example.test` },
      });

    const response = await browser.get('/api/audit/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('When (UTC),Who,What happened,Kind,Action,Target');
    expect(lines).toHaveLength(1 + 1_100 + 2 + 1);
    expect(lines.at(-1)).toBe('');
    const role = lines.find((l) => l.includes('user.role_changed'));
    expect(role).toContain(
      `"'=HYPERLINK(""http://evil.test"",""x"")","'=HYPERLINK(""http://evil.test"",""x"") changed`,
    );
    expect(role).toContain(
      'Ben, ""B"" Ode’s role from teacher to coach",staff,user.role_changed,"Ben, ""B"" Ode"',
    );
    expect(lines.find((l) => l.includes('school.created'))).toMatch(/,'\+Plus School$/);

    const filtered = await browser.get('/api/audit/export.csv?kind=staff');
    expect(
      filtered.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean),
    ).toHaveLength(2);
  });

  it('asks to sign in, refuses a teacher and a network administrator who is no district admin', async () => {
    const { org } = await district();
    expect((await agent(t).get('/api/audit/export.csv')).statusCode).toBe(401);
    const teacher = await buildUser(t.database.db, { districtId: org.id });
    await t.database.db.insert(memberships).values({
      userId: teacher.id,
      organizationId: (await buildNetwork(t.database.db, [org.id])).id,
      role: 'network_admin',
    });
    const browser = await signedIn(t, teacher.id);
    expect((await browser.get('/api/audit/export.csv')).statusCode).toBe(403);
    expect((await browser.get('/api/audit/actors')).statusCode).toBe(403);
  });
});

describe('each district’s own log', () => {
  it('never shows one district’s entries, actors or export to another district’s administrator', async () => {
    const mine = await district('Mia Mine');
    const theirs = await district('Theo Theirs');
    await theirs.browser.post('/api/schools', { name: 'Their Secret School' });
    await mine.browser.post('/api/schools', { name: 'My School' });

    const list = (await mine.browser.get('/api/audit')).json().data;
    expect(list.map((e: { description: string }) => e.description)).toEqual([
      'Mia Mine added the school My School',
    ]);
    expect((await mine.browser.get(`/api/audit?actorId=${theirs.admin.id}`)).json().data).toEqual([]);
    const actors = (await mine.browser.get('/api/audit/actors')).json().data;
    expect(actors.map((a: { name: string }) => a.name)).toEqual(['Mia Mine']);
    const csv = (await mine.browser.get('/api/audit/export.csv')).body;
    expect(csv).toContain('My School');
    expect(csv).not.toContain('Their Secret School');
    expect(csv).not.toContain('Theo Theirs');
  });
});
