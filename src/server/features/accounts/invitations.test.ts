import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { auditEvents, invitations, memberships, profiles, statements, users } from '#server/db/schema.ts';
import { type OutboxMessage, readOutbox } from '#server/platform/mail.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { VERBS } from '#server/platform/statements.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { INVALID_INVITATION } from './admin-service.ts';

const t = setupTestApp();
const PASSWORD = 'a long enough passphrase';

async function adminOfNewDistrict() {
  const district = await buildDistrict(t.database.db);
  const admin = await buildUser(t.database.db, {
    districtId: district.id,
    role: 'district_admin',
    name: 'Ada Admin',
  });
  return { district, admin, browser: await signedIn(t, admin.id) };
}

const freshEmail = () =>
  `new.${newToken()
    .slice(0, 10)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}@example.test`;

const outbox = () => readOutbox(path.join(t.config.dataDir, 'outbox'), 1000);

/** The invitation email sent to an address; mail goes out after the answer, so wait for it. */
async function mailTo(email: string, after = 0): Promise<OutboxMessage> {
  return vi.waitFor(
    async () => {
      const found = (await outbox()).filter((m) => m.to.includes(email));
      if (found.length <= after) throw new Error(`no new mail to ${email} yet`);
      return found[0];
    },
    { timeout: 3_000, interval: 25 },
  );
}

function tokenFrom(message: OutboxMessage): string {
  const match = message.text.match(/\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/);
  if (!match) throw new Error(`no invitation link in: ${message.text}`);
  return decodeURIComponent(match[1]);
}

/** Waits long enough for a mail that should not come to have arrived. */
async function expectNoMailTo(email: string) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await outbox()).filter((m) => m.to.includes(email))).toHaveLength(0);
}

/** An invitation written straight to the database, with a known token. */
async function storedInvitation(
  districtId: string,
  invitedBy: string,
  overrides: Partial<typeof invitations.$inferInsert> = {},
) {
  const token = newToken();
  const [row] = await t.database.db
    .insert(invitations)
    .values({
      districtId,
      email: freshEmail(),
      role: 'teacher',
      tokenHash: hashToken(token),
      invitedBy,
      expiresAt: new Date(Date.now() + 86_400_000),
      ...overrides,
    })
    .returning();
  return { token, row };
}

describe('inviting one person', () => {
  it('stores the invitation with a hashed token and emails a link to accept it within 7 days', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const school = await buildSchool(t.database.db, district.id);
    const email = freshEmail();
    const response = await browser.post('/api/invitations', {
      email: email.toUpperCase(),
      name: 'Grace Hopper',
      role: 'coach',
      schoolId: school.id,
    });
    expect(response.statusCode).toBe(201);
    const data = response.json().data;
    expect(data).toMatchObject({
      email,
      name: 'Grace Hopper',
      role: 'coach',
      school: { id: school.id, name: school.name },
      invitedBy: { name: 'Ada Admin' },
      expired: false,
    });
    const message = await mailTo(email);
    expect(message.subject).toContain(district.name);
    expect(message.text).toContain(`${t.config.PUBLIC_URL}/invitations/accept?token=`);
    const token = tokenFrom(message);
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, data.id));
    expect(row.tokenHash).toBe(hashToken(token));
    const lifetime = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(lifetime).toBeGreaterThan(7 * 86_400_000 - 5_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 86_400_000 + 5_000);
    const [statement] = await t.database.db.select().from(statements).where(eq(statements.objectId, data.id));
    expect(statement.verb).toBe(VERBS.invited);
  });

  it('asks to sign in when signed out', async () => {
    const response = await agent(t).post('/api/invitations', { email: freshEmail(), role: 'teacher' });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a teacher', async () => {
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const browser = await signedIn(t, teacher.id);
    const response = await browser.post('/api/invitations', { email: freshEmail(), role: 'teacher' });
    expect(response.statusCode).toBe(403);
    expect((await browser.get('/api/invitations')).statusCode).toBe(403);
  });

  it('names each bad field, refuses roles beyond the district and unknown fields', async () => {
    const { browser } = await adminOfNewDistrict();
    const response = await browser.post('/api/invitations', {
      email: 'not an email',
      role: 'platform_admin',
      extra: 1,
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/email', '/body/role']));
  });

  it("refuses another district's school as if it did not exist", async () => {
    const { browser } = await adminOfNewDistrict();
    const other = await buildDistrict(t.database.db);
    const theirs = await buildSchool(t.database.db, other.id);
    const response = await browser.post('/api/invitations', {
      email: freshEmail(),
      role: 'teacher',
      schoolId: theirs.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/schoolId');
  });

  it('tells the admin when the address already belongs to their own staff', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    const response = await browser.post('/api/invitations', { email: teacher.email, role: 'teacher' });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors[0].path).toBe('/body/email');
    expect(response.json().detail).toMatch(/member/);
  });

  it('tells the admin when their district already invited the address', async () => {
    const { browser } = await adminOfNewDistrict();
    const email = freshEmail();
    expect((await browser.post('/api/invitations', { email, role: 'teacher' })).statusCode).toBe(201);
    const again = await browser.post('/api/invitations', { email, role: 'coach' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/pending invitation/);
  });

  it("answers an address of another district's account exactly as a new one, and stores and sends nothing", async () => {
    const { browser } = await adminOfNewDistrict();
    const elsewhere = await buildDistrict(t.database.db);
    const theirs = await buildUser(t.database.db, { districtId: elsewhere.id });
    const fresh = freshEmail();
    const known = await browser.post('/api/invitations', { email: theirs.email, role: 'teacher' });
    const unknown = await browser.post('/api/invitations', { email: fresh, role: 'teacher' });
    expect(known.statusCode).toBe(unknown.statusCode);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(known.json().data)).toEqual(shape(unknown.json().data));
    expect(known.json().data.email).toBe(theirs.email);
    await mailTo(fresh);
    await expectNoMailTo(theirs.email);
    // A stored row would make the address one of this district's (its mail, its resend link).
    const stored = await t.database.db
      .select()
      .from(invitations)
      .where(sql`lower(${invitations.email}) = ${theirs.email.toLowerCase()}`);
    expect(stored).toHaveLength(0);
  });

  it('invites an address another district has also invited, as a real invitation of its own', async () => {
    const { browser } = await adminOfNewDistrict();
    const other = await adminOfNewDistrict();
    const email = freshEmail();
    expect((await other.browser.post('/api/invitations', { email, role: 'teacher' })).statusCode).toBe(201);
    await mailTo(email);
    const response = await browser.post('/api/invitations', { email, role: 'teacher' });
    expect(response.statusCode).toBe(201);
    const pending = (await browser.get('/api/invitations'))
      .json()
      .data.map((i: { email: string }) => i.email);
    expect(pending).toContain(email);
    await expect.poll(async () => (await outbox()).filter((m) => m.to.includes(email)).length).toBe(2);
  });

  it('stores and returns HTML in a name as plain text', async () => {
    const { browser } = await adminOfNewDistrict();
    const name = '<script>alert(1)</script>';
    const response = await browser.post('/api/invitations', { email: freshEmail(), name, role: 'teacher' });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.name).toBe(name);
    expect(response.headers['content-type']).toContain('application/json');
  });

  it('refuses a name that is too long', async () => {
    const { browser } = await adminOfNewDistrict();
    const response = await browser.post('/api/invitations', {
      email: freshEmail(),
      name: 'x'.repeat(500),
      role: 'teacher',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/name');
  });
});

describe('inviting many people at once', () => {
  it('reports each row and creates every valid new one', async () => {
    const { district, browser } = await adminOfNewDistrict();
    const member = await buildUser(t.database.db, { districtId: district.id });
    const elsewhere = await buildUser(t.database.db, { districtId: (await buildDistrict(t.database.db)).id });
    const pendingEmail = freshEmail();
    await browser.post('/api/invitations', { email: pendingEmail, role: 'teacher' });
    const a = freshEmail();
    const b = freshEmail();
    const response = await browser.post('/api/invitations/bulk', {
      role: 'teacher',
      rows: [
        a,
        `${b}, Barbara Liskov`,
        member.email,
        pendingEmail,
        'nonsense',
        { email: elsewhere.email },
        a,
      ],
    });
    expect(response.statusCode).toBe(200);
    const { results, counts } = response.json().data;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'invited',
      'invited',
      'already_member',
      'already_invited',
      'invalid',
      'invited',
      'already_invited',
    ]);
    expect(counts).toEqual({ invited: 3, already_member: 1, already_invited: 2, invalid: 1 });
    await mailTo(a);
    await mailTo(b);
    await expectNoMailTo(elsewhere.email);
    expect(
      await t.database.db
        .select()
        .from(invitations)
        .where(sql`lower(${invitations.email}) = ${elsewhere.email.toLowerCase()}`),
    ).toHaveLength(0);
    const [withName] = await t.database.db
      .select()
      .from(invitations)
      .where(sql`lower(${invitations.email}) = ${b}`);
    expect(withName.name).toBe('Barbara Liskov');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'invitation.bulk_created'));
    expect(audit.some((e) => e.districtId === district.id)).toBe(true);
  });

  it('refuses more than 500 rows, naming the list', async () => {
    const { browser } = await adminOfNewDistrict();
    const rows = Array.from({ length: 501 }, (_, i) => `person${i}@example.test`);
    const response = await browser.post('/api/invitations/bulk', { role: 'teacher', rows });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/rows');
  });

  it('accepts 500 rows in one go', async () => {
    const { browser } = await adminOfNewDistrict();
    const prefix = newToken()
      .slice(0, 6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x');
    const rows = Array.from({ length: 500 }, (_, i) => `bulk${prefix}${i}@example.test`);
    const response = await browser.post('/api/invitations/bulk', { role: 'teacher', rows });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.counts.invited).toBe(500);
  });

  it('asks to sign in when signed out', async () => {
    const response = await agent(t).post('/api/invitations/bulk', { role: 'teacher', rows: ['a@b.test'] });
    expect(response.statusCode).toBe(401);
  });
});

describe('pending invitations', () => {
  it('lists only the district’s open invitations, newest first, a page at a time', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const other = await adminOfNewDistrict();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await storedInvitation(district.id, admin.id)).row.id);
    await storedInvitation(district.id, admin.id, { revokedAt: new Date() });
    await storedInvitation(other.district.id, other.admin.id);
    const first = (await browser.get('/api/invitations?limit=2')).json();
    expect(first.data.map((i: { id: string }) => i.id)).toEqual([made[2], made[1]]);
    const second = (await browser.get(`/api/invitations?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((i: { id: string }) => i.id)).toEqual([made[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give out', async () => {
    const { browser } = await adminOfNewDistrict();
    const response = await browser.get('/api/invitations?cursor=garbage');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/querystring/cursor');
  });

  it('resends with a new link and a new week; the old link stops working', async () => {
    const { browser } = await adminOfNewDistrict();
    const email = freshEmail();
    const created = (await browser.post('/api/invitations', { email, role: 'teacher' })).json().data;
    const oldToken = tokenFrom(await mailTo(email));
    const resent = await browser.post(`/api/invitations/${created.id}/resend`);
    expect(resent.statusCode).toBe(200);
    expect(new Date(resent.json().data.lastSentAt).getTime()).toBeGreaterThanOrEqual(
      new Date(created.lastSentAt).getTime(),
    );
    const newToken_ = tokenFrom(await mailTo(email, 1));
    expect(newToken_).not.toBe(oldToken);
    expect((await agent(t).get(`/api/invitations/lookup?token=${oldToken}`)).statusCode).toBe(404);
    expect((await agent(t).get(`/api/invitations/lookup?token=${newToken_}`)).statusCode).toBe(200);
  });

  it('revokes an invitation so its link no longer works', async () => {
    const { district, admin, browser } = await adminOfNewDistrict();
    const { token, row } = await storedInvitation(district.id, admin.id);
    expect((await browser.delete(`/api/invitations/${row.id}`)).statusCode).toBe(204);
    expect((await agent(t).get(`/api/invitations/lookup?token=${token}`)).statusCode).toBe(404);
    expect((await browser.delete(`/api/invitations/${row.id}`)).statusCode).toBe(404);
    const list = (await browser.get('/api/invitations')).json().data;
    expect(list).toHaveLength(0);
  });

  it("answers 404 for another district's invitation", async () => {
    const { browser } = await adminOfNewDistrict();
    const other = await adminOfNewDistrict();
    const { row } = await storedInvitation(other.district.id, other.admin.id);
    expect((await browser.post(`/api/invitations/${row.id}/resend`)).statusCode).toBe(404);
    expect((await browser.delete(`/api/invitations/${row.id}`)).statusCode).toBe(404);
    const [still] = await t.database.db.select().from(invitations).where(eq(invitations.id, row.id));
    expect(still.revokedAt).toBeNull();
  });

  it('names a malformed id', async () => {
    const { browser } = await adminOfNewDistrict();
    const response = await browser.delete('/api/invitations/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/params/id');
  });
});

describe('accepting an invitation', () => {
  it('shows the district, address and name for a usable link', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const { token, row } = await storedInvitation(district.id, admin.id, { name: 'Katherine' });
    const response = await agent(t).get(`/api/invitations/lookup?token=${encodeURIComponent(token)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({
      districtName: district.name,
      email: row.email,
      name: 'Katherine',
    });
  });

  it('gives one answer for an unknown, expired, used or revoked link', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const expired = await storedInvitation(district.id, admin.id, { expiresAt: new Date(Date.now() - 1000) });
    const used = await storedInvitation(district.id, admin.id, { acceptedAt: new Date() });
    const revoked = await storedInvitation(district.id, admin.id, { revokedAt: new Date() });
    for (const token of [newToken(), expired.token, used.token, revoked.token]) {
      const response = await agent(t).get(`/api/invitations/lookup?token=${token}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(INVALID_INVITATION);
    }
  });

  it('creates the account with its role and school, records it, and signs the person in', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const school = await buildSchool(t.database.db, district.id);
    const { token, row } = await storedInvitation(district.id, admin.id, {
      role: 'principal',
      schoolId: school.id,
    });
    const browser = agent(t);
    const response = await browser.post('/api/invitations/accept', {
      token,
      name: 'Mary Jackson',
      password: PASSWORD,
    });
    expect(response.statusCode).toBe(201);
    const userId = response.json().data.userId;
    const me = (await browser.get('/api/session')).json().data.user;
    expect(me).toMatchObject({ id: userId, email: row.email, districtId: district.id, roles: ['principal'] });
    const [profile] = await t.database.db.select().from(profiles).where(eq(profiles.userId, userId));
    expect(profile.schoolId).toBe(school.id);
    const [invitation] = await t.database.db.select().from(invitations).where(eq(invitations.id, row.id));
    expect(invitation.acceptedAt).not.toBeNull();
    expect(invitation.acceptedUserId).toBe(userId);
    const recorded = await t.database.db.select().from(statements).where(eq(statements.actorId, userId));
    expect(recorded.map((s) => s.verb).sort()).toEqual([VERBS.accepted, VERBS.registered].sort());
    expect(recorded.find((s) => s.verb === VERBS.accepted)?.objectType).toBe('invitation');
    // The password works for signing in later.
    const again = await agent(t).post('/api/session', { email: row.email, password: PASSWORD });
    expect(again.statusCode).toBe(204);
    // Colleagues find the newcomer in the directory before they have edited their profile.
    const found = await browser.get('/api/directory?q=Mary%20Jackson');
    expect(found.json().data.map((p: { id: string }) => p.id)).toContain(userId);
  });

  it('works once: a second use fails and changes nothing', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const { token } = await storedInvitation(district.id, admin.id);
    const first = await agent(t).post('/api/invitations/accept', {
      token,
      name: 'First',
      password: PASSWORD,
    });
    expect(first.statusCode).toBe(201);
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(users);
    const second = await agent(t).post('/api/invitations/accept', {
      token,
      name: 'Second',
      password: PASSWORD,
    });
    expect(second.statusCode).toBe(404);
    expect(second.json().detail).toBe(INVALID_INVITATION);
    const after = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(users);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses an expired or revoked link', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const expired = await storedInvitation(district.id, admin.id, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await storedInvitation(district.id, admin.id, { revokedAt: new Date() });
    for (const { token, row } of [expired, revoked]) {
      const response = await agent(t).post('/api/invitations/accept', {
        token,
        name: 'X',
        password: PASSWORD,
      });
      expect(response.statusCode).toBe(404);
      const made = await t.database.db.select().from(users).where(eq(users.email, row.email));
      expect(made).toHaveLength(0);
    }
  });

  it('never turns a link into a second account for an address that already has one', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const existing = await buildUser(t.database.db, { districtId: (await buildDistrict(t.database.db)).id });
    const { token } = await storedInvitation(district.id, admin.id, { email: existing.email });
    expect((await agent(t).get(`/api/invitations/lookup?token=${token}`)).statusCode).toBe(404);
    const response = await agent(t).post('/api/invitations/accept', { token, name: 'X', password: PASSWORD });
    expect(response.statusCode).toBe(404);
    const rows = await t.database.db.select().from(memberships).where(eq(memberships.userId, existing.id));
    expect(rows.map((m) => m.organizationId)).not.toContain(district.id);
  });

  it('names a short password, an empty name and unknown fields', async () => {
    const response = await agent(t).post('/api/invitations/accept', {
      token: 'x',
      name: '',
      password: 'short',
      role: 'district_admin',
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/name', '/body/password']));
  });

  it('refuses a password over 128 characters', async () => {
    const response = await agent(t).post('/api/invitations/accept', {
      token: 'x',
      name: 'Someone',
      password: 'p'.repeat(129),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/password');
  });

  it('keeps a name with HTML as inert text', async () => {
    const { district, admin } = await adminOfNewDistrict();
    const { token } = await storedInvitation(district.id, admin.id);
    const name = '<img src=x onerror=alert(1)>';
    const browser = agent(t);
    const response = await browser.post('/api/invitations/accept', { token, name, password: PASSWORD });
    expect(response.statusCode).toBe(201);
    expect((await browser.get('/api/session')).json().data.user.name).toBe(name);
  });
});

describe('invitation rate limits', () => {
  it('puts the lookup and accept endpoints under the per-address limit', async () => {
    const routes = t.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('lookup');
    const lookup = await agent(t).get('/api/invitations/lookup?token=abc');
    expect(lookup.headers['x-ratelimit-limit']).toBe(String(t.config.AUTH_RATE_LIMIT_PER_MINUTE));
    const accept = await agent(t).post('/api/invitations/accept', {
      token: 'abc',
      name: 'X',
      password: PASSWORD,
    });
    expect(accept.headers['x-ratelimit-limit']).toBe(String(t.config.AUTH_RATE_LIMIT_PER_MINUTE));
  });
});
