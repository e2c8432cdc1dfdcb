import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import {
  expectAccessible,
  expectPage,
  linkIn,
  login,
  setupJourneys,
  TEST_PASSWORD,
  waitForMail,
} from './fixtures.ts';

const journeys = setupJourneys();

describe('signing in and out', () => {
  it('signs a teacher in and out, and refuses a wrong password with a message', async () => {
    const district = await buildDistrict(journeys.database.db);
    const teacher = await buildUser(journeys.database.db, { districtId: district.id });
    const page = await journeys.newPage();

    // A signed-out visitor is sent to sign in, and back to where they were going afterwards.
    await page.goto('/directory');
    await expectPage(page, 'Sign in to Trellis');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/directory');

    await page.getByLabel('Email').fill(teacher.email);
    await page.getByLabel('Password', { exact: true }).fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('do not match an active account');
    await expectAccessible(page);

    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/directory');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectPage(page, 'Sign in to Trellis');
    // Signed out for real: the pages behind sign-in send the visitor back to sign in.
    await page.goto('/profile');
    await expectPage(page, 'Sign in to Trellis');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });
});

describe('resetting a forgotten password', () => {
  it('emails a link that sets a new password and signs the person in', async () => {
    const district = await buildDistrict(journeys.database.db);
    const teacher = await buildUser(journeys.database.db, { districtId: district.id });
    const newPassword = 'a brand new garden of passwords';
    const page = await journeys.newPage();

    await page.goto('/sign-in');
    await expectPage(page, 'Sign in to Trellis');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expectPage(page);
    await page.getByLabel('Email').fill(teacher.email);
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('If an account exists');
    await expectAccessible(page);

    const link = linkIn(await waitForMail(teacher.email), '/reset-password');
    await page.goto(link);
    await expectPage(page);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expectPage(page);

    // The old password no longer works; the new one does.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectPage(page, 'Sign in to Trellis');
    await page.getByLabel('Email').fill(teacher.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('do not match an active account');
    await login(page, teacher, newPassword);
  });
});
