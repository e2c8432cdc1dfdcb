import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('API clients of a district', () => {
  it('creates a client, shows its secret once, rotates and retires a secret, and revokes it after confirming so its next request is refused', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Fernbank Schools ${suffix}` });
    await buildSchool(db, district.id, { name: `Cedar School ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ida Marsh${suffix}`,
    });

    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/api-clients');
    await expectPage(page, 'API clients');
    await page.getByText('No API clients yet').waitFor();
    await expectAccessible(page);

    const form = page.getByRole('form', { name: 'Create an API client' });
    await form.getByLabel('Name', { exact: true }).fill(`Roster sync ${suffix}`);
    await form.getByRole('checkbox', { name: /Read the list of schools/ }).check();
    await form.getByRole('button', { name: 'Create API client' }).click();

    const reveal = page.getByRole('region', { name: `Roster sync ${suffix} is ready` });
    await reveal.waitFor();
    await reveal.getByText('Trellis shows it only this once').waitFor();
    await expectAccessible(page);
    const token = (await reveal.locator('dd code').nth(2).textContent()) ?? '';
    expect(token).toMatch(/^trk_[\w-]+\.[\w-]+$/);
    await reveal.getByRole('button', { name: 'Copy bearer token (key.secret)' }).click();
    await reveal
      .getByRole('status')
      .filter({ hasText: /copied|select the text/ })
      .waitFor();

    // The token works for what its scope reaches, even from a page that holds a session cookie.
    const schools = () => page.request.get('/api/schools', { headers: { authorization: `Bearer ${token}` } });
    const answer = await schools();
    expect(answer.status()).toBe(200);
    expect(JSON.stringify(await answer.json())).toContain(`Cedar School ${suffix}`);

    await reveal.getByRole('button', { name: 'I have stored the secret' }).click();
    await expect.poll(() => reveal.count()).toBe(0);
    await expect.poll(() => page.getByText(token.split('.')[1]).count()).toBe(0);

    const item = page.getByRole('listitem').filter({ hasText: `Roster sync ${suffix}` });
    await item.getByText(token.split('.')[0]).waitFor();

    // Rotating shows a new secret once; the old one works until it is retired.
    await item.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('region', { name: `New secret for Roster sync ${suffix}` });
    await rotated.waitFor();
    const newToken = (await rotated.locator('dd code').nth(2).textContent()) ?? '';
    expect(newToken).not.toBe(token);
    const schoolsWith = (t: string) =>
      page.request.get('/api/schools', { headers: { authorization: `Bearer ${t}` } });
    expect((await schoolsWith(newToken)).status()).toBe(200);
    expect((await schoolsWith(token)).status()).toBe(200);
    await rotated.getByRole('button', { name: 'I have stored the secret' }).click();
    await item.getByRole('button', { name: 'Retire previous secret' }).click();
    await page.getByRole('status').filter({ hasText: 'previous secret of' }).waitFor();
    await expect.poll(async () => (await schoolsWith(token)).status()).toBe(401);
    expect((await schoolsWith(newToken)).status()).toBe(200);
    await item.getByRole('button', { name: 'Revoke' }).click();
    const question = item.getByRole('group', { name: `Revoke Roster sync ${suffix}?`, exact: false });
    await question.waitFor();
    await expectAccessible(page);
    await question.getByRole('button', { name: 'Revoke API client' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Roster sync ${suffix} is revoked.` })
      .waitFor();
    await item.getByText('(revoked)').waitFor();
    await expect.poll(async () => (await schoolsWith(newToken)).status()).toBe(401);
  });
});
