import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, setupJourneys, TEST_PASSWORD } from './fixtures.ts';

const journeys = setupJourneys();

describe('settings: password and devices', () => {
  it('shows where a teacher is signed in, signs out another device, and changes the password', async () => {
    const district = await buildDistrict(journeys.database.db);
    const teacher = await buildUser(journeys.database.db, { districtId: district.id });
    const phone = await journeys.newPage({
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    });
    await login(phone, teacher);
    const tablet = await journeys.newPage();
    await login(tablet, teacher);
    const laptop = await journeys.newPage({ viewport: { width: 375, height: 800 } });
    await login(laptop, teacher);

    // A narrow window: the navigation is behind the Menu button.
    await laptop.getByRole('button', { name: 'Menu' }).click();
    await laptop.getByRole('link', { name: 'Settings' }).click();
    await expectPage(laptop, 'Settings');
    const devices = laptop.getByRole('table', { name: 'Where you’re signed in' });
    await expect.poll(() => devices.getByRole('row').count()).toBe(4);
    await expect.poll(() => devices.getByText('This device').count()).toBe(1);

    await laptop.getByRole('button', { name: 'Sign out of Safari on iPhone' }).click();
    await expect.poll(() => devices.getByRole('row').count()).toBe(3);
    await expect
      .poll(() => laptop.getByRole('main').getByRole('status').first().textContent())
      .toContain('Signed out of Safari on iPhone');
    await expectAccessible(laptop);
    await phone.reload();
    await expectPage(phone, 'Sign in to Trellis');

    // A mismatch is caught before anything is sent; a wrong current password is named by the server.
    await laptop.getByLabel('Current password').fill('not my password at all');
    await laptop.getByLabel('New password', { exact: true }).fill('a fresh and long password');
    await laptop.getByLabel('Confirm new password').fill('a different long password');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => laptop.getByRole('alert').first().textContent()).toContain('do not match');
    await laptop.getByLabel('Confirm new password').fill('a fresh and long password');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => laptop.getByRole('alert').first().textContent())
      .toContain('not your current password');
    await expectAccessible(laptop);

    await laptop.getByLabel('Current password').fill(TEST_PASSWORD);
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => laptop.getByRole('main').getByRole('status').first().textContent())
      .toContain('Your password is changed');
    await expect.poll(() => devices.getByRole('row').count()).toBe(2);
    await expectAccessible(laptop);
    await tablet.reload();
    await expectPage(tablet, 'Sign in to Trellis');
  });
});
