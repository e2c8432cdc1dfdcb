import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { startTestProvider, type TestProvider } from '#server/test/oidc-provider.ts';
import {
  expectAccessible,
  expectPage,
  linkIn,
  login,
  scrollsSideways,
  setupJourneys,
  waitForMail,
} from './fixtures.ts';

const journeys = setupJourneys();
let op: TestProvider;

beforeAll(async () => {
  // Another site than Trellis (127.0.0.1), as a district's provider is: the way back is cross-site.
  op = await startTestProvider({ host: 'localhost' });
});
afterAll(async () => {
  await op?.close();
});

describe('single sign-on', () => {
  it('an admin verifies a domain and connects a provider, and a teacher signs in with one click through the provider’s pages', async () => {
    const suffix = randomUUID().slice(0, 6);
    const domain = `maple${suffix}.test`;
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Maple Valley Schools ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ada Admin${suffix}`,
      email: `ada@${domain}`,
    });
    const teacher = await buildUser(db, {
      districtId: district.id,
      name: `Tom Teacher${suffix}`,
      email: `tom@${domain}`,
    });
    const baseUrl = inject('baseUrl');
    const clientId = `maple-${suffix}`;
    const clientSecret = `secret-${randomUUID()}`;
    op.addClient({
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [`${baseUrl}/api/sso/callback`],
      post_logout_redirect_uris: [`${baseUrl}/sign-in`],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const subject = `tom-${suffix}`;
    op.setAccount(subject, { email: teacher.email, email_verified: true, name: teacher.name });

    // The administrator: nothing connected yet, then a provider, then a domain proven by mail.
    const adminPage = await journeys.newPage();
    await login(adminPage, admin);
    await adminPage.goto('/admin/sign-on');
    await expectPage(adminPage, 'Single sign-on');
    await adminPage.getByText('Not connected: staff sign in with their Trellis password.').waitFor();

    const connect = adminPage.getByRole('form', { name: 'Connect a provider' });
    await connect.getByLabel('Provider').selectOption('oidc');
    await connect.getByLabel('Button name').fill('Maple Login');
    await connect.getByLabel('Issuer').fill('http://127.0.0.1:9/not-there');
    await connect.getByLabel('Client id').fill(clientId);
    await connect.getByLabel('Client secret').fill(clientSecret);
    await connect.getByRole('button', { name: 'Connect provider' }).click();
    // An unreachable issuer is named next to its field, and nothing is connected.
    await connect.locator('.field--invalid').filter({ hasText: 'could not be reached' }).waitFor();
    await expectAccessible(adminPage);
    await connect.getByLabel('Issuer').fill(op.issuer);
    await connect.getByRole('button', { name: 'Connect provider' }).click();
    await adminPage.getByText('Maple Login is connected').waitFor();
    const provider = adminPage.getByRole('listitem').filter({ hasText: 'Maple Login' });
    await provider.getByText('Set (stored encrypted; never shown again)').waitFor();
    await provider.getByText(`${baseUrl}/api/sso/callback`).waitFor();
    expect(await adminPage.content()).not.toContain(clientSecret);

    const claim = adminPage.getByRole('form', { name: 'Claim a domain' });
    await claim.getByLabel('Domain').fill(domain);
    await claim.getByRole('button', { name: 'Claim domain' }).click();
    const claimed = adminPage.getByRole('listitem').filter({ hasText: `${domain} — not verified yet` });
    await claimed.getByText(`_trellis-verification.${domain}`).waitFor();
    await claimed.getByRole('button', { name: 'Send confirmation mail' }).click();
    await claimed.getByText(`Sent to admin@${domain}`).waitFor();
    await expectAccessible(adminPage);

    const mail = await waitForMail(`admin@${domain}`);
    await adminPage.goto(linkIn(mail, '/sign-on/confirm-domain'));
    await expectPage(adminPage, 'Confirm your district’s domain');
    await adminPage.getByRole('button', { name: 'Confirm the domain' }).click();
    await adminPage.getByText(`${domain} is confirmed`).waitFor();
    await adminPage.goto('/admin/sign-on');
    await expectPage(adminPage, 'Single sign-on');
    await adminPage.getByText(`${domain} — verified by mail`).waitFor();
    // The passwords switch is described by its hint, so a screen reader hears the way in it keeps.
    const passwords = adminPage.getByRole('checkbox', {
      name: 'Staff may also sign in with a Trellis password',
    });
    const hintId = await passwords.getAttribute('aria-describedby');
    expect(hintId).toBeTruthy();
    await expect
      .poll(() => adminPage.locator(`[id="${hintId}"]`).textContent())
      .toContain('District administrators always keep their password');
    // On a phone, the long issuer and redirect addresses wrap instead of widening the page.
    await adminPage.setViewportSize({ width: 375, height: 800 });
    expect(await scrollsSideways(adminPage)).toBe(false);
    await expectAccessible(adminPage);

    // The teacher: an address of the district, one click, the provider's own pages, and back in.
    const page = await journeys.newPage();
    await page.goto('/sign-in');
    await expectPage(page, 'Sign in to Trellis');
    await page.getByLabel('Email').fill(teacher.email);
    const button = page.getByRole('link', { name: 'Sign in with Maple Login' });
    await button.waitFor();
    await expectAccessible(page);
    await button.click();

    await page.waitForURL((url) => url.href.startsWith(op.issuer));
    await page.locator('input[name="login"]').fill(subject);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('nav[aria-label="Main"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).origin).toBe(new URL(baseUrl).origin);
    const session = await (await page.request.get('/api/session')).json();
    expect(session.data.user).toMatchObject({ id: teacher.id, email: teacher.email });

    // Signing out ends the Trellis session and offers the provider's own sign-out.
    const menu = page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectPage(page, 'You are signed out of Trellis');
    const offer = page.getByRole('link', { name: 'sign out of Maple Login too' });
    await expect.poll(() => offer.getAttribute('href')).toContain(`${op.issuer}/session/end`);
    expect((await (await page.request.get('/api/session')).json()).data).toBeNull();
  });

  it('explains a refused sign-in in words, with the way back', async () => {
    const page = await journeys.newPage();
    await page.goto('/sign-on/problem?reason=unknown_person');
    await expectPage(page, 'Signing in');
    await page.getByRole('heading', { name: 'Ask your administrator for access' }).waitFor();
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await expectPage(page, 'Sign in to Trellis');
  });
});
