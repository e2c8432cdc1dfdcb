import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { passwordResets, sessions, users } from '#server/db/schema.ts';
import { type OutboxMessage, readOutbox } from '#server/platform/mail.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, TEST_PASSWORD } from '#server/test/builders.ts';

const t = setupTestApp();
const NEW_PASSWORD = 'a brand new passphrase';

async function newUser(options: { status?: 'active' | 'deactivated' } = {}) {
  const district = await buildDistrict(t.database.db);
  return buildUser(t.database.db, { districtId: district.id, ...options });
}

/** The reset email sent to an address; mail goes out after the answer, so wait for it. */
async function resetMailTo(email: string): Promise<OutboxMessage> {
  return vi.waitFor(
    async () => {
      const outbox = await readOutbox(path.join(t.config.dataDir, 'outbox'), 500);
      const message = outbox.find((m) => m.to.includes(email));
      if (!message) throw new Error(`no mail to ${email} yet`);
      return message;
    },
    { timeout: 3_000, interval: 25 },
  );
}

function tokenFrom(message: OutboxMessage): string {
  const match = message.text.match(/\/reset-password\?token=([A-Za-z0-9_%-]+)/);
  if (!match) throw new Error(`no reset link in: ${message.text}`);
  return decodeURIComponent(match[1]);
}

/** A reset token written straight to the database. */
async function resetToken(userId: string, overrides: { expiresAt?: Date; usedAt?: Date } = {}) {
  const token = newToken();
  await t.database.db.insert(passwordResets).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3_600_000),
    usedAt: overrides.usedAt ?? null,
  });
  return token;
}

async function canSignIn(email: string, password: string) {
  const response = await agent(t).post('/api/session', { email, password });
  return response.statusCode === 204;
}

describe('asking for a password reset', () => {
  it('emails a link to the reset page and stores only the hash of its token', async () => {
    const user = await newUser();
    const response = await agent(t).post('/api/password-resets', { email: user.email.toUpperCase() });
    expect(response.statusCode).toBe(202);
    const message = await resetMailTo(user.email);
    expect(message.subject).toMatch(/reset/i);
    expect(message.text).toContain(`${t.config.PUBLIC_URL}/reset-password?token=`);
    const token = tokenFrom(message);
    const rows = await t.database.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashToken(token));
    expect(rows[0].tokenHash).not.toBe(token);
    const lifetime = rows[0].expiresAt.getTime() - rows[0].createdAt.getTime();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000 + 1_000);
  });

  it('answers an unknown or deactivated address exactly as a known one, and sends nothing', async () => {
    const known = await newUser();
    const deactivated = await newUser({ status: 'deactivated' });
    const answers = await Promise.all(
      [known.email, 'nobody-here@example.test', deactivated.email].map((email) =>
        agent(t).post('/api/password-resets', { email }),
      ),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(202);
      expect(answer.body).toBe(answers[0].body);
      expect(answer.headers['content-type']).toBe(answers[0].headers['content-type']);
    }
    expect(answers[0].json().data.message).toMatch(/If an account exists for that address/);
    await resetMailTo(known.email);
    const outbox = await readOutbox(path.join(t.config.dataDir, 'outbox'), 500);
    expect(outbox.some((m) => m.to.includes('nobody-here@example.test'))).toBe(false);
    expect(outbox.some((m) => m.to.includes(deactivated.email))).toBe(false);
    const stored = await t.database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, deactivated.id));
    expect(stored).toHaveLength(0);
  });

  it('names a bad email and rejects unknown fields', async () => {
    const response = await agent(t).post('/api/password-resets', { email: 'not an email', admin: true });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/body/email');
  });

  it('refuses a reset request posted from another site', async () => {
    const response = await agent(t).request({
      method: 'POST',
      url: '/api/password-resets',
      payload: { email: 'a@example.test' },
      headers: { origin: 'https://evil.example' },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('completing a password reset', () => {
  it('sets the new password, signs out every other session and signs the person in here', async () => {
    const user = await newUser();
    const laptop = await signedIn(t, user.id);
    const phone = await signedIn(t, user.id);
    await agent(t).post('/api/password-resets', { email: user.email });
    const token = tokenFrom(await resetMailTo(user.email));

    const browser = agent(t);
    const response = await browser.post('/api/password-resets/complete', { token, password: NEW_PASSWORD });
    expect(response.statusCode).toBe(204);
    expect((await browser.get('/api/session')).json().data.user.id).toBe(user.id);
    expect((await laptop.get('/api/session')).json().data).toBeNull();
    expect((await phone.get('/api/session')).json().data).toBeNull();
    const remaining = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(remaining).toHaveLength(1);

    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(false);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row.passwordChangedAt).toBeInstanceOf(Date);
  });

  it('accepts a token only once', async () => {
    const user = await newUser();
    const token = await resetToken(user.id);
    const first = await agent(t).post('/api/password-resets/complete', { token, password: NEW_PASSWORD });
    expect(first.statusCode).toBe(204);
    const second = await agent(t).post('/api/password-resets/complete', {
      token,
      password: 'yet another passphrase',
    });
    expect(second.statusCode).toBe(400);
    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
  });

  it('accepts only one of two concurrent uses of the same token', async () => {
    const user = await newUser();
    const token = await resetToken(user.id);
    const answers = await Promise.all([
      agent(t).post('/api/password-resets/complete', { token, password: 'first concurrent pass' }),
      agent(t).post('/api/password-resets/complete', { token, password: 'second concurrent pass' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([204, 400]);
  });

  it('voids the other links of the same person once one is used', async () => {
    const user = await newUser();
    const older = await resetToken(user.id);
    const newer = await resetToken(user.id);
    expect(
      (await agent(t).post('/api/password-resets/complete', { token: newer, password: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    const reuse = await agent(t).post('/api/password-resets/complete', {
      token: older,
      password: 'an attacker passphrase',
    });
    expect(reuse.statusCode).toBe(400);
  });

  it('refuses expired, used, unknown tokens and deactivated accounts with one answer, changing nothing', async () => {
    const user = await newUser();
    const other = await newUser({ status: 'deactivated' });
    const keep = await signedIn(t, user.id);
    const tokens = [
      await resetToken(user.id, { expiresAt: new Date(Date.now() - 1_000) }),
      await resetToken(user.id, { usedAt: new Date() }),
      newToken(),
      await resetToken(other.id),
    ];
    const answers = [];
    for (const token of tokens)
      answers.push(await agent(t).post('/api/password-resets/complete', { token, password: NEW_PASSWORD }));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json().errors).toEqual([
        { path: '/body/token', message: answers[0].json().errors[0].message },
      ]);
      expect(answer.json().detail).toBe(answers[0].json().detail);
      expect(answer.cookies).toHaveLength(0);
    }
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true);
    expect((await keep.get('/api/session')).json().data.user.id).toBe(user.id);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row.passwordChangedAt).toBeNull();
  });

  it('requires a password of 12 to 128 characters and leaves the token usable', async () => {
    const user = await newUser();
    const token = await resetToken(user.id);
    for (const password of ['short pass', 'x'.repeat(129)]) {
      const response = await agent(t).post('/api/password-resets/complete', { token, password });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain('/body/password');
    }
    const ok = await agent(t).post('/api/password-resets/complete', { token, password: 'x'.repeat(128) });
    expect(ok.statusCode).toBe(204);
  });

  it('names a missing token and rejects unknown fields', async () => {
    const response = await agent(t).post('/api/password-resets/complete', {
      password: NEW_PASSWORD,
      userId: 'someone',
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/body/token');
  });
});

describe('changing one\u2019s password', () => {
  it('requires a session', async () => {
    const response = await agent(t).put('/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(401);
  });

  it('changes the password and signs out every other session but this one', async () => {
    const user = await newUser();
    const here = await signedIn(t, user.id);
    const elsewhere = await signedIn(t, user.id);
    const stranger = await newUser();
    const strangerSession = await signedIn(t, stranger.id);
    const pendingReset = await resetToken(user.id);

    const response = await here.put('/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(204);
    expect((await here.get('/api/session')).json().data.user.id).toBe(user.id);
    expect((await elsewhere.get('/api/session')).json().data).toBeNull();
    expect((await strangerSession.get('/api/session')).json().data.user.id).toBe(stranger.id);
    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(false);
    // A reset link asked for before the change no longer works.
    const late = await agent(t).post('/api/password-resets/complete', {
      token: pendingReset,
      password: 'an attacker passphrase',
    });
    expect(late.statusCode).toBe(400);
  });

  it('refuses a wrong current password, naming the field, and changes nothing', async () => {
    const user = await newUser();
    const here = await signedIn(t, user.id);
    const elsewhere = await signedIn(t, user.id);
    const response = await here.put('/api/password', {
      currentPassword: 'not my password at all',
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ path: '/body/currentPassword', message: expect.any(String) }]);
    expect((await elsewhere.get('/api/session')).json().data.user.id).toBe(user.id);
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true);
  });

  it('names a too-short new password, a wrong type and unknown fields', async () => {
    const user = await newUser();
    const here = await signedIn(t, user.id);
    const short = await here.put('/api/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/newPassword']);
    const wrong = await here.put('/api/password', {
      currentPassword: 5,
      newPassword: NEW_PASSWORD,
      extra: 1,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { path: string }) => e.path)).toContain('/body/currentPassword');
  });

  it('refuses a change without the CSRF token', async () => {
    const user = await newUser();
    const here = await signedIn(t, user.id);
    const response = await here.request({
      method: 'PUT',
      url: '/api/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(response.statusCode).toBe(403);
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true);
  });
});
