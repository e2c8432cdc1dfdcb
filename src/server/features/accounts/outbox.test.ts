import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations } from '#server/db/schema.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { agent, setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

// The outbox page exists only when the operator turns it on.
const t = setupTestApp({ DEV_OUTBOX: '1' });
// `npm start` as the README says: development, no SMTP, nothing turned on.
const byDefault = setupTestApp({ NODE_ENV: 'development' });
const production = setupTestApp({ NODE_ENV: 'production', DEV_OUTBOX: '1' });

let counter = 0;
const freshEmail = () => `outbox.${Date.now().toString(36)}.${counter++}@example.test`;

async function adminOfNewDistrict(context: TestContext = t) {
  const district = await buildDistrict(context.database.db);
  const admin = await buildUser(context.database.db, {
    districtId: district.id,
    role: 'district_admin',
    name: 'Ada Admin',
  });
  return { district, admin, browser: await signedIn(context, admin.id) };
}

/** Waits until Trellis has written `count` messages to an address (mail goes out after the answer). */
async function mailArrived(email: string, count = 1, context: TestContext = t) {
  await expect
    .poll(
      async () =>
        (await readOutbox(path.join(context.config.dataDir, 'outbox'), 1000)).filter((m) =>
          m.to.includes(email),
        ).length,
      { timeout: 3000, interval: 25 },
    )
    .toBeGreaterThanOrEqual(count);
}

const shownTo = async (browser: Awaited<ReturnType<typeof signedIn>>) => {
  const response = await browser.get('/api/dev/outbox');
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<{ to: string; subject: string; text: string }>;
};

describe('the development outbox', () => {
  it('does not exist on a default start, even for an administrator, and the web app is told so', async () => {
    const { browser } = await adminOfNewDistrict(byDefault);
    expect((await browser.get('/api/dev/outbox')).statusCode).toBe(404);
    expect((await browser.get('/api/session')).json().data.development).toBe(false);
    const enabled = await adminOfNewDistrict();
    expect((await enabled.browser.get('/api/session')).json().data.development).toBe(true);
  });

  it('does not exist in production, even when turned on', async () => {
    const { browser } = await adminOfNewDistrict(production);
    expect((await browser.get('/api/dev/outbox')).statusCode).toBe(404);
    expect((await browser.get('/api/session')).json().data.development).toBe(false);
  });

  it('does not exist for a teacher or a signed-out visitor', async () => {
    const district = await buildDistrict(t.database.db);
    const teacher = await buildUser(t.database.db, { districtId: district.id });
    expect((await (await signedIn(t, teacher.id)).get('/api/dev/outbox')).statusCode).toBe(404);
    expect((await agent(t).get('/api/dev/outbox')).statusCode).toBe(404);
  });

  it("shows an administrator their district's pending invitations and their own mail", async () => {
    const { admin, browser } = await adminOfNewDistrict();
    const email = freshEmail();
    expect((await browser.post('/api/invitations', { email, role: 'teacher' })).statusCode).toBe(201);
    expect((await agent(t).post('/api/password-resets', { email: admin.email })).statusCode).toBe(202);
    await mailArrived(email);
    await mailArrived(admin.email);
    const shown = await shownTo(browser);
    const invitation = shown.find((m) => m.to.includes(email));
    expect(invitation?.subject).toMatch(/invited/);
    expect(invitation?.text).toContain('/invitations/accept?token=');
    expect(shown.find((m) => m.to.includes(admin.email))?.text).toContain('/reset-password?token=');
  });

  it("never lets an administrator take over another district's account through a pretend invitation", async () => {
    const attacker = await adminOfNewDistrict();
    const victim = await adminOfNewDistrict();
    // Answered like a real invitation, so it reveals nothing...
    const invited = await attacker.browser.post('/api/invitations', {
      email: victim.admin.email,
      role: 'teacher',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().data.email).toBe(victim.admin.email);
    // ...but nothing is stored: the address never becomes one of the attacker's district.
    const stored = await t.database.db
      .select()
      .from(invitations)
      .where(sql`lower(${invitations.email}) = ${victim.admin.email.toLowerCase()}`);
    expect(stored).toHaveLength(0);
    // A reset link for the victim lands in the outbox, and the attacker cannot read it.
    expect((await agent(t).post('/api/password-resets', { email: victim.admin.email })).statusCode).toBe(202);
    await mailArrived(victim.admin.email);
    expect((await shownTo(attacker.browser)).map((m) => m.to).join()).not.toContain(victim.admin.email);
    // The victim reads their own mail.
    expect((await shownTo(victim.browser)).map((m) => m.to).join()).toContain(victim.admin.email);
  });

  it("never shows mail to a colleague's account, or to an address another district also invited", async () => {
    const { district, browser } = await adminOfNewDistrict();
    const other = await adminOfNewDistrict();
    const colleague = await buildUser(t.database.db, { districtId: district.id });
    expect((await agent(t).post('/api/password-resets', { email: colleague.email })).statusCode).toBe(202);
    const shared = freshEmail();
    expect(
      (await other.browser.post('/api/invitations', { email: shared, role: 'teacher' })).statusCode,
    ).toBe(201);
    expect((await browser.post('/api/invitations', { email: shared, role: 'teacher' })).statusCode).toBe(201);
    await mailArrived(colleague.email);
    await mailArrived(shared, 2);
    const mine = (await shownTo(browser)).map((m) => m.to).join();
    expect(mine).not.toContain(colleague.email);
    // Both districts' links are in mail to that address: neither district reads it.
    expect(mine).not.toContain(shared);
    expect((await shownTo(other.browser)).map((m) => m.to).join()).not.toContain(shared);
  });

  it('stops showing an invitation once it is revoked', async () => {
    const { browser } = await adminOfNewDistrict();
    const email = freshEmail();
    const invited = await browser.post('/api/invitations', { email, role: 'teacher' });
    await mailArrived(email);
    expect((await shownTo(browser)).map((m) => m.to).join()).toContain(email);
    expect((await browser.delete(`/api/invitations/${invited.json().data.id}`)).statusCode).toBe(204);
    const [row] = await t.database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invited.json().data.id));
    expect(row.revokedAt).not.toBeNull();
    expect((await shownTo(browser)).map((m) => m.to).join()).not.toContain(email);
  });
});
