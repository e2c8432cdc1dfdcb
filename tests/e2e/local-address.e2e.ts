/**
 * Trellis under a local PUBLIC_URL (the journeys run at http://127.0.0.1:<port>): the pages where
 * credentials are defined and awarded warn that credentials issued now would be bound to it.
 */
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('a local PUBLIC_URL', () => {
  it('is named on the page where a district admin defines a micro-credential, and not to a teacher', async () => {
    const district = await buildDistrict(journeys.database.db);
    const admin = await buildUser(journeys.database.db, { districtId: district.id, role: 'district_admin' });
    const page = await journeys.signedIn(admin);
    await page.goto('/micro-credentials/new');
    const warning = page.getByRole('complementary', { name: /set up with a local address/ });
    await warning.waitFor();
    await expectPage(page, 'New micro-credential');
    await expect.poll(() => warning.textContent()).toContain('PUBLIC_URL');

    const teacher = await buildUser(journeys.database.db, { districtId: district.id });
    const teacherPage = await journeys.signedIn(teacher);
    await teacherPage.goto('/micro-credentials/new');
    await teacherPage
      .getByText('Only district and network administrators define micro-credentials.')
      .waitFor();
    await expect
      .poll(() => teacherPage.getByRole('complementary', { name: /local address/ }).count())
      .toBe(0);
  });
});
