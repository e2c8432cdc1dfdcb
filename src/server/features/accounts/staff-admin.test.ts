import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  invitations,
  memberships,
  passwordResets,
  sessions,
  signOnDomains,
  signOnProviders,
  users,
} from '#server/db/schema.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { hashToken } from '#server/platform/secrets.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';
import { buildCommunity, buildThread } from '#server/test/community-builders.ts';

const t = setupTestApp();
const db = () => t.database.db;

async function adminOfNewDistrict() {
  const district = await buildDistrict(db());
  const admin = await buildUser(db(), { districtId: district.id, role: 'district_admin', name: 'Ada Admin' });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

const setSignedIn = (userId: string, daysAgo: number) =>
  db()
    .update(users)
    .set({ lastSignedInAt: new Date(Date.now() - daysAgo * 86_400_000) })
    .where(eq(users.id, userId));

const ids = (response: { json(): { data: Array<{ id: string }> } }) => response.json().data.map((s) => s.id);
const sessionCount = async (userId: string) =>
  (await db().select().from(sessions).where(eq(sessions.userId, userId))).length;
const outbox = () => readOutbox(path.join(t.config.dataDir, 'outbox'), 1000);
const mailsTo = async (email: string) => (await outbox()).filter((m) => m.to.includes(email));

describe('filtering the staff list', () => {
  it('filters by school, role, status and last sign-in in SQL, with the total matching', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const north = await buildSchool(db(), district.id, { name: 'North High' });
    const south = await buildSchool(db(), district.id, { name: 'South High' });
    const amy = await buildUser(db(), { districtId: district.id, name: 'Amy North', schoolId: north.id });
    const ben = await buildUser(db(), {
      districtId: district.id,
      name: 'Ben North',
      schoolId: north.id,
      role: 'coach',
    });
    const cat = await buildUser(db(), { districtId: district.id, name: 'Cat South', schoolId: south.id });
    const dan = await buildUser(db(), {
      districtId: district.id,
      name: 'Dan Both',
      schoolId: south.id,
      otherSchoolIds: [north.id],
    });
    await setSignedIn(amy.id, 2);
    await setSignedIn(cat.id, 45);
    await setSignedIn(admin.id, 0);

    const atNorth = await browser.get(`/api/staff?schoolId=${north.id}`);
    expect(atNorth.statusCode).toBe(200);
    expect(ids(atNorth)).toEqual([amy.id, ben.id, dan.id]);
    expect(atNorth.json().total).toBe(3);

    expect(ids(await browser.get(`/api/staff?schoolId=${north.id}&role=coach`))).toEqual([ben.id]);
    expect(ids(await browser.get('/api/staff?signedIn=never'))).toEqual([ben.id, dan.id]);
    expect(ids(await browser.get('/api/staff?signedIn=recent'))).toEqual([admin.id, amy.id]);
    expect(ids(await browser.get('/api/staff?signedIn=dormant'))).toEqual([cat.id]);

    const listed = (await browser.get(`/api/staff?schoolId=${south.id}&signedIn=dormant`)).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0].lastSignedInAt).not.toBeNull();

    // A page of two still counts everyone matching.
    const page = (await browser.get('/api/staff?limit=2')).json();
    expect(page.data).toHaveLength(2);
    expect(page.total).toBe(5);
  });

  it("finds no one by another district's school, and names a bad filter", async () => {
    const { browser } = await adminOfNewDistrict();
    const other = await buildDistrict(db());
    const theirs = await buildSchool(db(), other.id);
    await buildUser(db(), { districtId: other.id, schoolId: theirs.id });
    const foreign = (await browser.get(`/api/staff?schoolId=${theirs.id}`)).json();
    expect(foreign).toMatchObject({ data: [], total: 0 });

    const bad = await browser.get('/api/staff?signedIn=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('/querystring/signedIn');
  });

  it('records the sign-in time when someone signs in with a password', async () => {
    const district = await buildDistrict(db());
    const person = await buildUser(db(), { districtId: district.id });
    const browser = agent(t);
    const response = await browser.post('/api/session', { email: person.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBeLessThan(300);
    const [row] = await db().select().from(users).where(eq(users.id, person.id));
    expect(row.lastSignedInAt).not.toBeNull();
  });
});

describe('bulk actions on staff', () => {
  it('deactivates many in one go, ends their sessions, audits each, and undoes by reactivating', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const people = await Promise.all(
      [1, 2, 3].map((i) => buildUser(db(), { districtId: district.id, name: `Leaver ${i}` })),
    );
    for (const p of people) await signedIn(t, p.id);
    const response = await browser.post('/api/staff/bulk', {
      action: 'deactivate',
      ids: [...people.map((p) => p.id), admin.id],
    });
    expect(response.statusCode).toBe(200);
    const result = response.json().data;
    expect(result.changed).toBe(3);
    // One cannot deactivate oneself; the admin is skipped with the reason, the rest go ahead.
    expect(result.skipped).toEqual([
      { id: admin.id, name: 'Ada Admin', reason: 'You cannot deactivate your own account.' },
    ]);
    for (const p of people) expect(await sessionCount(p.id)).toBe(0);
    const rows = await db()
      .select()
      .from(users)
      .where(
        inArray(
          users.id,
          people.map((p) => p.id),
        ),
      );
    expect(rows.every((r) => r.status === 'deactivated')).toBe(true);
    const audits = await db()
      .select()
      .from(auditEvents)
      .where(
        inArray(
          auditEvents.targetId,
          people.map((p) => p.id),
        ),
      );
    expect(audits.filter((a) => a.action === 'user.deactivated')).toHaveLength(3);

    expect(result.undo).toEqual([{ action: 'reactivate', ids: people.map((p) => p.id) }]);
    const undone = await browser.post('/api/staff/bulk', result.undo[0]);
    expect(undone.json().data.changed).toBe(3);
    const back = await db()
      .select()
      .from(users)
      .where(
        inArray(
          users.id,
          people.map((p) => p.id),
        ),
      );
    expect(back.every((r) => r.status === 'active')).toBe(true);
  });

  it("refuses the whole batch with 404 when one id is another district's, changing nothing", async () => {
    const { district, browser } = await adminOfNewDistrict();
    const mine = await buildUser(db(), { districtId: district.id, role: 'teacher' });
    const other = await buildDistrict(db());
    const theirs = await buildUser(db(), { districtId: other.id, role: 'teacher' });
    for (const body of [
      { action: 'deactivate', ids: [mine.id, theirs.id] },
      { action: 'change_role', role: 'coach', ids: [mine.id, theirs.id] },
      { action: 'resend_welcome', ids: [theirs.id] },
    ]) {
      const response = await browser.post('/api/staff/bulk', body);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const [me, them] = await Promise.all([
      db().select().from(users).where(eq(users.id, mine.id)),
      db().select().from(memberships).where(eq(memberships.userId, theirs.id)),
    ]);
    expect(me[0].status).toBe('active');
    expect(them.map((m) => m.role)).toEqual(['teacher']);
    expect(await mailsTo(theirs.email)).toHaveLength(0);
  });

  it('changes the role of everyone matching the filters, once the admin confirmed the count', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const school = await buildSchool(db(), district.id);
    const a = await buildUser(db(), { districtId: district.id, schoolId: school.id, name: 'Aa Coachable' });
    const b = await buildUser(db(), { districtId: district.id, schoolId: school.id, name: 'Bb Coachable' });
    const elsewhere = await buildUser(db(), { districtId: district.id });
    const matching = { schoolId: school.id, role: 'teacher' };

    const stale = await browser.post('/api/staff/bulk', {
      action: 'change_role',
      role: 'coach',
      matching,
      expectedCount: 3,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].path).toBe('/body/expectedCount');

    const response = await browser.post('/api/staff/bulk', {
      action: 'change_role',
      role: 'coach',
      matching,
      expectedCount: 2,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      changed: 2,
      undo: [{ action: 'change_role', role: 'teacher', ids: [a.id, b.id] }],
    });
    const roles = await db()
      .select()
      .from(memberships)
      .where(inArray(memberships.userId, [a.id, b.id, elsewhere.id]));
    const districtRole = (id: string) =>
      roles.filter((m) => m.userId === id && m.organizationId === district.id).map((m) => m.role);
    expect(districtRole(a.id)).toEqual(['coach']);
    expect(districtRole(b.id)).toEqual(['coach']);
    expect(districtRole(elsewhere.id)).toEqual(['teacher']);
    const [summary] = await db()
      .select()
      .from(auditEvents)
      .where(
        sql`${auditEvents.action} = 'staff.bulk_changed' and ${auditEvents.districtId} = ${district.id}`,
      );
    expect(summary.details).toMatchObject({ action: 'change_role', changed: 2, role: 'coach' });
    const log = (await browser.get('/api/audit'))
      .json()
      .data.map((e: { description: string }) => e.description);
    expect(log).toContain('Ada Admin made 2 people coach at once');
  });

  it('never leaves a district without an active administrator', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const other = await buildUser(db(), {
      districtId: district.id,
      role: 'district_admin',
      name: 'Bo Admin',
    });
    const response = await browser.post('/api/staff/bulk', { action: 'deactivate', ids: [other.id] });
    expect(response.json().data.changed).toBe(1);
    const demote = await browser.post('/api/staff/bulk', {
      action: 'change_role',
      role: 'teacher',
      ids: [admin.id],
    });
    expect(demote.json().data).toMatchObject({ changed: 0, skipped: [{ id: admin.id }] });
  });

  it('moves people to another school and offers the way back; a foreign school is a bad field', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const from = await buildSchool(db(), district.id, { name: 'Old School' });
    const to = await buildSchool(db(), district.id, { name: 'New School' });
    const people = await Promise.all(
      [1, 2].map((i) => buildUser(db(), { districtId: district.id, schoolId: from.id, name: `Mover ${i}` })),
    );
    const otherSchool = await buildSchool(db(), (await buildDistrict(db())).id);
    const bad = await browser.post('/api/staff/bulk', {
      action: 'move_school',
      schoolId: otherSchool.id,
      ids: people.map((p) => p.id),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/schoolId');

    const moved = await browser.post('/api/staff/bulk', {
      action: 'move_school',
      schoolId: to.id,
      ids: people.map((p) => p.id),
    });
    expect(moved.json().data).toMatchObject({
      changed: 2,
      undo: [{ action: 'move_school', schoolId: from.id, ids: people.map((p) => p.id) }],
    });
    expect(ids(await browser.get(`/api/staff?schoolId=${to.id}`))).toEqual(people.map((p) => p.id));
    expect(ids(await browser.get(`/api/staff?schoolId=${from.id}`))).toEqual([]);
  });

  it('names the missing field of a bad bulk request and changes nothing', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const p = await buildUser(db(), { districtId: district.id });
    const noRole = await browser.post('/api/staff/bulk', { action: 'change_role', ids: [p.id] });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.json().errors.map((e: { path: string }) => e.path)).toContain('/body/role');
    const neither = await browser.post('/api/staff/bulk', { action: 'deactivate' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors.map((e: { path: string }) => e.path)).toContain('/body/ids');
    const notUuid = await browser.post('/api/staff/bulk', { action: 'deactivate', ids: ['x'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().errors[0].path).toMatch(/^\/body\/ids/);
    const [row] = await db().select().from(users).where(eq(users.id, p.id));
    expect(row.status).toBe('active');
  });

  it('is for district administrators only', async () => {
    const district = await buildDistrict(db());
    const teacher = await buildUser(db(), { districtId: district.id });
    expect(
      (await agent(t).post('/api/staff/bulk', { action: 'deactivate', ids: [teacher.id] })).statusCode,
    ).toBe(401);
    const browser = await signedIn(t, teacher.id);
    expect(
      (await browser.post('/api/staff/bulk', { action: 'deactivate', ids: [teacher.id] })).statusCode,
    ).toBe(403);
    expect((await browser.get('/api/staff/export.csv')).statusCode).toBe(403);
  });
});

describe('welcome emails', () => {
  it('resends the welcome to people who never signed in, with a link that sets their password', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const fresh = await buildUser(db(), { districtId: district.id, name: 'Fresh Face' });
    const veteran = await buildUser(db(), { districtId: district.id, name: 'Old Hand' });
    await setSignedIn(veteran.id, 3);
    const response = await browser.post('/api/staff/bulk', {
      action: 'resend_welcome',
      ids: [fresh.id, veteran.id],
    });
    expect(response.json().data).toMatchObject({
      changed: 1,
      skipped: [{ id: veteran.id, reason: 'Has signed in already.' }],
    });
    const mail = await vi.waitFor(async () => {
      const found = await mailsTo(fresh.email);
      if (!found.length) throw new Error('no welcome yet');
      return found[0];
    });
    expect(mail.subject).toBe(`Welcome to ${district.name} on Trellis`);
    const token = decodeURIComponent(mail.text.match(/reset-password\?token=([A-Za-z0-9_%-]+)/)![1]);
    const set = await agent(t).post('/api/password-resets/complete', {
      token,
      password: 'a brand new password',
    });
    expect(set.statusCode).toBeLessThan(300);
    const [row] = await db().select().from(users).where(eq(users.id, fresh.id));
    expect(row.welcomedAt).not.toBeNull();
    expect(row.lastSignedInAt).not.toBeNull();
    expect(await mailsTo(veteran.email)).toHaveLength(0);
  });

  it('tells only people in a domain verified for the district provider to sign in with it; others set a password', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const domain = `welcome-${district.id.slice(-8)}.test`;
    await db()
      .insert(signOnDomains)
      .values({
        districtId: district.id,
        domain,
        txtToken: `token-${district.id}`,
        verifiedAt: new Date(),
        verifiedBy: 'dns',
      });
    await db().insert(signOnProviders).values({
      districtId: district.id,
      kind: 'oidc',
      name: 'District Login',
      issuer: 'https://login.example.test',
      clientId: 'trellis',
      clientSecretEncrypted: '',
    });
    const inDomain = await buildUser(db(), {
      districtId: district.id,
      name: 'In Domain',
      email: `ina@${domain}`,
    });
    const outside = await buildUser(db(), {
      districtId: district.id,
      name: 'Outside',
      email: `out.${district.id}@gmail.test`,
    });
    const sent = await browser.post('/api/staff/bulk', {
      action: 'resend_welcome',
      ids: [inDomain.id, outside.id],
    });
    expect(sent.json().data.changed).toBe(2);
    await vi.waitFor(async () => expect(await mailsTo(outside.email)).toHaveLength(1));
    await vi.waitFor(async () => expect(await mailsTo(inDomain.email)).toHaveLength(1));
    const [insideMail] = await mailsTo(inDomain.email);
    expect(insideMail.text).toContain('Sign in with your district account (District Login)');
    expect(insideMail.text).not.toContain('reset-password');
    const [outsideMail] = await mailsTo(outside.email);
    expect(outsideMail.text).toContain('/reset-password?token=');
  });

  it('sends the welcome again only after an hour, and only the newest link sets a password', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const slow = await buildUser(db(), { districtId: district.id, name: 'Slow Reader' });
    const resend = () => browser.post('/api/staff/bulk', { action: 'resend_welcome', ids: [slow.id] });
    const tokens = async () =>
      (await mailsTo(slow.email)).map((m) =>
        decodeURIComponent(m.text.match(/reset-password\?token=([A-Za-z0-9_%-]+)/)![1]),
      );
    expect((await resend()).json().data.changed).toBe(1);
    await vi.waitFor(async () => expect(await tokens()).toHaveLength(1));
    const again = (await resend()).json().data;
    expect(again).toMatchObject({
      changed: 0,
      skipped: [
        { id: slow.id, reason: 'Welcomed less than an hour ago: wait an hour before sending it again.' },
      ],
    });
    await db()
      .update(users)
      .set({ welcomedAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(users.id, slow.id));
    expect((await resend()).json().data.changed).toBe(1);
    await vi.waitFor(async () => expect(await tokens()).toHaveLength(2));
    // The first email's link stopped working when the second was sent; the second's works.
    const unused = await db()
      .select({ tokenHash: passwordResets.tokenHash })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, slow.id), isNull(passwordResets.usedAt)));
    expect(unused).toHaveLength(1);
    const found = await tokens();
    const newest = found.find((token) => hashToken(token) === unused[0].tokenHash)!;
    const older = found.find((token) => token !== newest)!;
    const complete = (token: string) =>
      agent(t).post('/api/password-resets/complete', { token, password: 'a brand new password' });
    expect((await complete(older)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await complete(newest)).statusCode).toBeLessThan(300);
  });

  it('welcomes at once when the district chooses so, and not before its launch date', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const imported = await buildUser(db(), { districtId: district.id, name: 'Imported Ida' });
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scheduled = await browser.put('/api/staff/welcome', { mode: 'launch', launchAt: later });
    expect(scheduled.statusCode).toBe(200);
    // The signed-in administrator has a session: only Ida is still to be welcomed.
    expect(scheduled.json().data).toMatchObject({ mode: 'launch', notWelcomed: 1, singleSignOn: false });
    await t.app.jobs.drain({ names: ['accounts.welcome'] });
    expect(await mailsTo(imported.email)).toHaveLength(0);

    const now = await browser.put('/api/staff/welcome', { mode: 'immediately' });
    expect(now.statusCode).toBe(200);
    await t.app.jobs.drain({ names: ['accounts.welcome'] });
    await vi.waitFor(async () => expect(await mailsTo(imported.email)).toHaveLength(1));
    expect((await mailsTo(imported.email))[0].text).toContain('/reset-password?token=');
    // Welcomed once: the next run sends nothing more.
    await t.app.jobs.drain({ names: ['accounts.welcome'] });
    expect(await mailsTo(imported.email)).toHaveLength(1);
    expect((await browser.get('/api/staff/welcome')).json().data.notWelcomed).toBe(0);
  });

  it('never welcomes, nor lists as never signed in, someone who set a password long ago and has no session left', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const longStanding = await buildUser(db(), { districtId: district.id, name: 'Long Standing' });
    const active = await buildUser(db(), { districtId: district.id, name: 'Active Only' });
    const newcomer = await buildUser(db(), { districtId: district.id, name: 'New Comer' });
    const setAt = new Date(Date.now() - 400 * 86_400_000);
    await db()
      .update(users)
      .set({ passwordChangedAt: setAt, lastSignedInAt: null })
      .where(eq(users.id, longStanding.id));
    await db().execute(
      sql`insert into statements (id, actor_id, verb, object_type, object_id, district_id, body, stored)
          values (gen_random_uuid(), ${active.id}, 'viewed', 'resource', 'r1', ${district.id}, '{}', now() - interval '200 days')`,
    );
    // The sign-in times as 0043 left them: filled from live sessions only.
    await db()
      .update(users)
      .set({ lastSignedInAt: null })
      .where(inArray(users.id, [longStanding.id, active.id]));
    const migration = await readFile(
      path.join(import.meta.dirname, '../../db/migrations/0049_signed_in_from_evidence.sql'),
      'utf8',
    );
    for (const statement of migration.split('--> statement-breakpoint'))
      await db().execute(sql.raw(statement));

    const never = ids(await browser.get('/api/staff?signedIn=never'));
    expect(never).toContain(newcomer.id);
    expect(never).not.toContain(longStanding.id);
    expect(never).not.toContain(active.id);
    const [row] = await db().select().from(users).where(eq(users.id, longStanding.id));
    expect(row.lastSignedInAt?.getTime()).toBe(setAt.getTime());

    // Even without a sign-in time, the welcome job leaves alone anyone who used Trellis.
    await db()
      .update(users)
      .set({ lastSignedInAt: null })
      .where(inArray(users.id, [longStanding.id, active.id]));
    await browser.put('/api/staff/welcome', { mode: 'immediately' });
    await t.app.jobs.drain({ names: ['accounts.welcome'] });
    await vi.waitFor(async () => expect(await mailsTo(newcomer.email)).toHaveLength(1));
    expect(await mailsTo(longStanding.email)).toHaveLength(0);
    expect(await mailsTo(active.email)).toHaveLength(0);
  });

  it('welcomes again on the next run anyone whose welcome mail failed', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const unlucky = await buildUser(db(), { districtId: district.id, name: 'Unlucky Una' });
    const send = t.app.mailer.send.bind(t.app.mailer);
    const spy = vi.spyOn(t.app.mailer, 'send').mockImplementation(async (message) => {
      if (message.to.includes(unlucky.email)) throw new Error('mail server down');
      return send(message);
    });
    try {
      await browser.put('/api/staff/welcome', { mode: 'immediately' });
      await t.app.jobs.drain({ names: ['accounts.welcome'] });
      const [failed] = await db().select().from(users).where(eq(users.id, unlucky.id));
      expect(failed.welcomedAt).toBeNull();
    } finally {
      spy.mockRestore();
    }
    await browser.put('/api/staff/welcome', { mode: 'immediately' });
    await t.app.jobs.drain({ names: ['accounts.welcome'] });
    await vi.waitFor(async () => expect(await mailsTo(unlucky.email)).toHaveLength(1));
    const [row] = await db().select().from(users).where(eq(users.id, unlucky.id));
    expect(row.welcomedAt).not.toBeNull();
  });

  it('asks for the launch date of a launch, naming the field', async () => {
    const { browser } = await adminOfNewDistrict();
    const response = await browser.put('/api/staff/welcome', { mode: 'launch' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/launchAt');
    expect((await browser.get('/api/staff/welcome')).json().data.mode).toBe('off');
  });
});

describe('exporting staff as CSV', () => {
  it('exports the filtered list with formula-like cells kept as text', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const school = await buildSchool(db(), district.id, { name: 'Export School' });
    await buildUser(db(), {
      districtId: district.id,
      schoolId: school.id,
      name: '=HYPERLINK("http://x","y")',
    });
    await buildUser(db(), { districtId: district.id, name: 'Not Here' });
    const response = await browser.get(`/api/staff/export.csv?schoolId=${school.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Name,Email,Roles,Schools,Status,Last signed in (UTC),Welcomed (UTC),Rostered');
    expect(lines).toHaveLength(2);
    expect(lines[1].startsWith(`"'=HYPERLINK(""http://x"",""y"")"`)).toBe(true);
    expect(lines[1]).toContain('Export School');
    expect(response.body).not.toContain('Not Here');
    const audited = await db().select().from(auditEvents).where(eq(auditEvents.districtId, district.id));
    expect(audited.find((a) => a.action === 'staff.exported')?.details).toEqual({
      filters: { schoolId: school.id },
    });
    const log = (await browser.get('/api/audit')).json();
    expect(JSON.stringify(log)).toContain('exported the staff list as CSV (filtered by school)');
  });
});

describe("a network's adoption", () => {
  it('shows each member district its staff, sign-ins, activity, communities and posts to the network admin only', async () => {
    const a = await buildDistrict(db(), { name: 'Aardvark District' });
    const b = await buildDistrict(db(), { name: 'Badger District' });
    const network = await buildNetwork(db(), [a.id, b.id]);
    const networkAdmin = await buildUser(db(), { districtId: a.id });
    await db()
      .insert(memberships)
      .values({ userId: networkAdmin.id, organizationId: network.id, role: 'network_admin' });
    const alice = await buildUser(db(), { districtId: a.id });
    await buildUser(db(), { districtId: a.id, status: 'deactivated' });
    await setSignedIn(alice.id, 1);
    const bob = await buildUser(db(), { districtId: b.id });
    await setSignedIn(bob.id, 90);
    const community = await buildCommunity(db(), {
      createdBy: alice.id,
      districtId: a.id,
      members: [{ userId: alice.id }],
    });
    await buildThread(db(), { communityId: community.id, authorId: alice.id });

    const response = await (await signedIn(t, networkAdmin.id)).get(`/api/networks/${network.id}/adoption`);
    expect(response.statusCode).toBe(200);
    // The network admin's own session (in use now) makes them active recently too.
    expect(response.json().data).toEqual([
      {
        id: a.id,
        name: 'Aardvark District',
        staff: 2,
        signedIn: 1,
        activeRecently: 2,
        communities: 1,
        posts: 1,
      },
      {
        id: b.id,
        name: 'Badger District',
        staff: 1,
        signedIn: 1,
        activeRecently: 0,
        communities: 0,
        posts: 0,
      },
    ]);

    const member = await signedIn(t, bob.id);
    expect((await member.get(`/api/networks/${network.id}/adoption`)).statusCode).toBe(403);
    const outsider = await signedIn(
      t,
      (await buildUser(db(), { districtId: (await buildDistrict(db())).id })).id,
    );
    expect((await outsider.get(`/api/networks/${network.id}/adoption`)).statusCode).toBe(404);
  });
});

describe('resending invitations in bulk', () => {
  it("sends several pending invitations again with fresh links, and refuses a batch holding another district's", async () => {
    const { browser } = await adminOfNewDistrict();
    const addresses = ['one', 'two'].map(
      (n) => `${n}.${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`,
    );
    const created = [];
    for (const email of addresses)
      created.push((await browser.post('/api/invitations', { email, role: 'teacher' })).json().data);
    await vi.waitFor(async () => {
      for (const email of addresses) expect(await mailsTo(email)).toHaveLength(1);
    });

    const other = await adminOfNewDistrict();
    const foreignEmail = `foreign.${Date.now()}@example.test`;
    const foreign = (
      await other.browser.post('/api/invitations', { email: foreignEmail, role: 'teacher' })
    ).json().data;
    const refused = await browser.post('/api/invitations/resend', { ids: [created[0].id, foreign.id] });
    expect(refused.statusCode).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await mailsTo(addresses[0])).toHaveLength(1);

    // Sent within the hour: left alone, with the reason.
    const tooSoon = await browser.post('/api/invitations/resend', { ids: created.map((c) => c.id) });
    expect(tooSoon.json().data).toMatchObject({
      resent: 0,
      skipped: [
        { reason: 'Sent less than an hour ago: wait an hour before sending it again.' },
        { reason: 'Sent less than an hour ago: wait an hour before sending it again.' },
      ],
    });
    await db()
      .update(invitations)
      .set({ lastSentAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(
        inArray(
          invitations.id,
          created.map((c) => c.id),
        ),
      );
    const resent = await browser.post('/api/invitations/resend', { ids: created.map((c) => c.id) });
    expect(resent.statusCode).toBe(200);
    expect(resent.json().data).toEqual({ resent: 2, skipped: [] });
    await vi.waitFor(async () => {
      for (const email of addresses) expect(await mailsTo(email)).toHaveLength(2);
    });

    const empty = await browser.post('/api/invitations/resend', { ids: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/ids');
  });
});
