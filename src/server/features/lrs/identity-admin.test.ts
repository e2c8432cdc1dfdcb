import { describe, expect, it } from 'vitest';
import { signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { lrsClient, setupLrs } from './test-lrs.ts';

/**
 * The unmatched identities page and the LRS settings (decision 050): statements whose actor matched
 * no one are listed by identity, an administrator maps one to a staff member (the earlier statements
 * reach that person's learning log at once, later ones match as they arrive), and unmaps it.
 */
const world = setupLrs();

const completed = (actor: Record<string, unknown>, title: string) => ({
  actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  object: {
    objectType: 'Activity',
    id: `http://lms.example.org/courses/${crypto.randomUUID()}`,
    definition: { name: { 'en-US': title } },
  },
  result: { completion: true, duration: 'PT1H30M' },
});

async function logTitles(userId: string): Promise<string[]> {
  const teacher = await signedIn(world.t, userId);
  const response = await teacher.get('/api/learning/entries?limit=100');
  expect(response.statusCode).toBe(200);
  return (response.json().data as Array<{ title: string }>).map((e) => e.title).sort();
}

describe('Unmatched identities', () => {
  it('lists unmatched identities, maps one to a teacher with their earlier statements, matches later ones and unmaps', async () => {
    const lrs = await lrsClient(world);
    const db = world.t.database.db;
    const teacher = await buildUser(db, { districtId: lrs.districtId, name: 'Maya Ortiz' });
    const admin = await signedIn(world.t, lrs.adminId);
    const personal = { name: 'Maya (home)', mbox: `mailto:maya.${crypto.randomUUID()}@home.example` };
    const lmsAccount = { account: { homePage: 'https://lms.example.org', name: 'maya-4411' } };

    const first = await lrs.call('POST', '/statements', {
      body: [
        completed(personal, 'Reading workshop'),
        completed(personal, 'Math talks'),
        completed(lmsAccount, 'LMS course'),
      ],
    });
    expect(first.status).toBe(200);
    const matchedByEmail = await lrs.call('POST', '/statements', {
      body: completed({ mbox: `mailto:${teacher.email}` }, 'Known by email'),
    });
    expect(matchedByEmail.status).toBe(200);
    expect(await logTitles(teacher.id)).toEqual(['Known by email']);

    const listed = await admin.get('/api/lrs/unmatched-identities');
    expect(listed.statusCode).toBe(200);
    const identities = listed.json().data as Array<{
      key: string;
      label: string;
      name: string | null;
      statements: number;
      tools: Array<{ id: string }>;
      lastSeen: string;
    }>;
    expect(identities.map((i) => i.label).sort()).toEqual(
      ['https://lms.example.org: maya-4411', personal.mbox.slice('mailto:'.length)].sort(),
    );
    const home = identities.find((i) => i.key === `mbox:${personal.mbox}`)!;
    expect(home.statements).toBe(2);
    expect(home.name).toBe('Maya (home)');
    expect(home.tools.map((t) => t.id)).toEqual([lrs.id]);
    expect(Date.parse(home.lastSeen)).toBeGreaterThan(Date.now() - 60_000);

    // Paging: one at a time.
    const page = await admin.get('/api/lrs/unmatched-identities?limit=1');
    expect(page.json().data).toHaveLength(1);
    const next = await admin.get(`/api/lrs/unmatched-identities?limit=1&cursor=${page.json().nextCursor}`);
    expect(next.json().data).toHaveLength(1);
    expect(next.json().data[0].key).not.toBe(page.json().data[0].key);
    expect(next.json().nextCursor).toBeNull();

    const mapped = await admin.post('/api/lrs/identity-links', { key: home.key, userId: teacher.id });
    expect(mapped.statusCode).toBe(201);
    expect(mapped.json()).toMatchObject({
      matched: 2,
      logged: 2,
      data: { key: home.key, person: { id: teacher.id } },
    });
    expect(await logTitles(teacher.id)).toEqual(['Known by email', 'Math talks', 'Reading workshop']);
    expect(
      (await admin.get('/api/lrs/unmatched-identities')).json().data.map((i: { key: string }) => i.key),
    ).toEqual([`account:https://lms.example.org maya-4411`]);

    // A later statement of the mapped identity matches at once.
    await lrs.call('POST', '/statements', { body: completed(personal, 'Edcamp') });
    expect(await logTitles(teacher.id)).toContain('Edcamp');

    // Mapping twice, or an identity that matches by itself, is a conflict.
    expect(
      (await admin.post('/api/lrs/identity-links', { key: home.key, userId: teacher.id })).statusCode,
    ).toBe(409);
    expect(
      (
        await admin.post('/api/lrs/identity-links', {
          key: `mbox:mailto:${teacher.email}`,
          userId: teacher.id,
        })
      ).statusCode,
    ).toBe(409);

    const links = await admin.get('/api/lrs/identity-links');
    expect(links.json().data).toHaveLength(1);
    const linkId = links.json().data[0].id as string;

    const audit = await world.t.database.pool.query(
      `select action, details from audit_events where district_id = $1 and action like 'lrs_identity.%' order by at, id`,
      [lrs.districtId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['lrs_identity.mapped']);

    const unmapped = await admin.delete(`/api/lrs/identity-links/${linkId}`);
    expect(unmapped.statusCode).toBe(200);
    expect(unmapped.json()).toEqual({ unmatched: 3 });
    expect(await logTitles(teacher.id)).toEqual(['Known by email']);
    const after = (await admin.get('/api/lrs/unmatched-identities')).json().data as Array<{
      key: string;
      statements: number;
    }>;
    expect(after.find((i) => i.key === home.key)?.statements).toBe(3);
    expect((await admin.delete(`/api/lrs/identity-links/${linkId}`)).statusCode).toBe(404);
    const audit2 = await world.t.database.pool.query(
      `select action from audit_events where district_id = $1 and action like 'lrs_identity.%' order by at, id`,
      [lrs.districtId],
    );
    expect(audit2.rows.map((r) => r.action)).toEqual(['lrs_identity.mapped', 'lrs_identity.unmapped']);
  });

  it('matches accounts on the home page the district sets, including statements stored before', async () => {
    const lrs = await lrsClient(world);
    const db = world.t.database.db;
    const teacher = await buildUser(db, { districtId: lrs.districtId });
    const admin = await signedIn(world.t, lrs.adminId);
    await lrs.call('POST', '/statements', {
      body: completed(
        { account: { homePage: 'https://canvas.example.org', name: teacher.email } },
        'Canvas course',
      ),
    });
    expect(await logTitles(teacher.id)).toEqual([]);
    const settings = await admin.get('/api/lrs/settings');
    expect(settings.json().data).toEqual({
      endpoint: 'http://trellis.test/xapi/',
      trellisHomePage: 'http://trellis.test',
      homePage: null,
    });
    const bad = await admin.put('/api/lrs/settings', { homePage: 'ftp://canvas.example.org' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/homePage/);
    const saved = await admin.put('/api/lrs/settings', { homePage: 'https://canvas.example.org/' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.homePage).toBe('https://canvas.example.org/');
    expect(await logTitles(teacher.id)).toEqual(['Canvas course']);
    expect((await admin.get('/api/lrs/unmatched-identities')).json().data).toEqual([]);
  });

  it('keeps each district to its own identities and people, and the page to administrators', async () => {
    const lrs = await lrsClient(world);
    const other = await lrsClient(world);
    const db = world.t.database.db;
    const stranger = await buildUser(db, { districtId: other.districtId });
    const teacher = await buildUser(db, { districtId: lrs.districtId });
    const admin = await signedIn(world.t, lrs.adminId);
    const otherAdmin = await signedIn(world.t, other.adminId);
    const who = { mbox: `mailto:someone.${crypto.randomUUID()}@elsewhere.example` };
    await lrs.call('POST', '/statements', { body: completed(who, 'Only here') });

    expect((await otherAdmin.get('/api/lrs/unmatched-identities')).json().data).toEqual([]);
    const key = `mbox:${who.mbox}`;
    const cross = await admin.post('/api/lrs/identity-links', { key, userId: stranger.id });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().errors[0].path).toBe('/body/userId');
    expect(
      (await admin.post('/api/lrs/identity-links', { key: 'nonsense', userId: teacher.id })).statusCode,
    ).toBe(400);

    const teacherSession = await signedIn(world.t, teacher.id);
    expect((await teacherSession.get('/api/lrs/unmatched-identities')).statusCode).toBe(403);
    expect(
      (await teacherSession.post('/api/lrs/identity-links', { key, userId: teacher.id })).statusCode,
    ).toBe(403);

    // Another district's administrator cannot unmap this district's link.
    const link = await admin.post('/api/lrs/identity-links', { key, userId: teacher.id });
    expect(link.statusCode).toBe(201);
    expect((await otherAdmin.delete(`/api/lrs/identity-links/${link.json().data.id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get('/api/lrs/identity-links')).json().data).toEqual([]);
    const unrelated = await buildDistrict(db);
    expect(unrelated.id).not.toBe(lrs.districtId);
  });
});
