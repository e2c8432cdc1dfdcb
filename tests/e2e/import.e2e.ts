import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { writeRosterBundle } from '../support/oneroster.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('importing staff from a OneRoster bundle', () => {
  it('previews an import, applies it, shows the imported staff among the district’s people, finds nothing to change the second time, and deactivates someone the roster drops only when confirmed', async () => {
    const suffix = randomUUID().slice(0, 6);
    const district = await buildDistrict(journeys.database.db);
    const admin = await buildUser(journeys.database.db, { districtId: district.id, role: 'district_admin' });
    const bundle = writeRosterBundle({
      district: { sourcedId: 'org-district', name: 'Juniper Valley Schools' },
      schools: [{ sourcedId: 'org-juniper-elem', name: `Juniper Elementary ${suffix}` }],
      people: [
        {
          sourcedId: 'usr-1',
          givenName: 'Odalys',
          familyName: `Quintero${suffix}`,
          email: `odalys.${suffix}@juniper.example`,
          role: 'teacher',
          orgSourcedId: 'org-juniper-elem',
        },
        {
          sourcedId: 'usr-2',
          givenName: 'Teodor',
          familyName: `Lindqvist${suffix}`,
          email: `teodor.${suffix}@juniper.example`,
          role: 'administrator',
          orgSourcedId: 'org-juniper-elem',
        },
        {
          sourcedId: 'usr-s-1',
          givenName: 'Student',
          familyName: 'Row',
          email: `student.${suffix}@students.juniper.example`,
          role: 'student',
          orgSourcedId: 'org-juniper-elem',
        },
      ],
    });
    try {
      const page = await journeys.newPage();
      await login(page, admin);
      await page.goto('/admin/import');
      await expectPage(page, 'Import staff');

      await page.getByLabel('Separate CSV files').check();
      await page.getByLabel('manifest.csv', { exact: true }).setInputFiles(bundle.manifest);
      await page.getByLabel('orgs.csv', { exact: true }).setInputFiles(bundle.orgs);
      await page.getByLabel('users.csv', { exact: true }).setInputFiles(bundle.users);
      await page.getByRole('button', { name: 'Preview import' }).click();

      // The dry run: what would be created, with the student row counted and never shown.
      await page.getByRole('heading', { name: 'Preview of the import' }).waitFor();
      const staff = page.getByRole('table', { name: 'Staff to create, update, deactivate or skip' });
      await expect.poll(() => staff.getByRole('row').count()).toBe(3);
      for (const name of [`Odalys Quintero${suffix}`, `Teodor Lindqvist${suffix}`]) {
        const row = staff.getByRole('row', { name: new RegExp(name) });
        await expect.poll(() => row.getByText('Create', { exact: true }).count()).toBe(1);
      }
      await expect.poll(() => page.getByText('1 student and guardian rows skipped').count()).toBe(1);
      await expect.poll(() => page.getByText(`student.${suffix}`).count()).toBe(0);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Apply import' }).click();
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Import applied' }).textContent())
        .toContain('2 staff created');
      await page.getByRole('heading', { name: 'Applied import' }).waitFor();
      await expectAccessible(page);

      // The imported staff are now the district's people.
      await page.goto('/admin/people');
      await expectPage(page, 'People');
      await page.getByLabel('Name or email').fill(suffix);
      await page.getByRole('button', { name: 'Search staff' }).click();
      const people = page.getByRole('table', { name: 'Staff of your district' });
      for (const name of [`Odalys Quintero${suffix}`, `Teodor Lindqvist${suffix}`])
        await people.getByRole('row', { name: new RegExp(name) }).waitFor();
      await expect.poll(() => people.getByRole('row').count()).toBe(3);
      await expect.poll(() => people.getByText(`student.${suffix}`).count()).toBe(0);
      await expectAccessible(page);

      // The same files again: a preview with nothing to do.
      await page.goto('/admin/import');
      await expectPage(page, 'Import staff');
      await page.getByLabel('Separate CSV files').check();
      await page.getByLabel('manifest.csv', { exact: true }).setInputFiles(bundle.manifest);
      await page.getByLabel('orgs.csv', { exact: true }).setInputFiles(bundle.orgs);
      await page.getByLabel('users.csv', { exact: true }).setInputFiles(bundle.users);
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByText('No staff changes.').waitFor();
      await expect.poll(() => page.getByText('No school changes.').count()).toBe(1);
      await expectAccessible(page);

      // The history tells an applied import from a preview that created no one.
      const history = page.getByRole('table', { name: 'Recent imports' });
      await history.getByRole('row', { name: /Preview, not applied.*would create 0 staff/ }).waitFor();
      await history.getByRole('row', { name: /Applied.*2 staff created/ }).waitFor();

      // A bulk users.csv without Odalys: the preview shows her deactivation, applied only when confirmed.
      const without = writeRosterBundle({
        district: { sourcedId: 'org-district', name: 'Juniper Valley Schools' },
        schools: [{ sourcedId: 'org-juniper-elem', name: `Juniper Elementary ${suffix}` }],
        people: [
          {
            sourcedId: 'usr-2',
            givenName: 'Teodor',
            familyName: `Lindqvist${suffix}`,
            email: `teodor.${suffix}@juniper.example`,
            role: 'administrator',
            orgSourcedId: 'org-juniper-elem',
          },
        ],
      });
      try {
        await page.getByLabel('manifest.csv', { exact: true }).setInputFiles(without.manifest);
        await page.getByLabel('orgs.csv', { exact: true }).setInputFiles(without.orgs);
        await page.getByLabel('users.csv', { exact: true }).setInputFiles(without.users);
        await page.getByRole('button', { name: 'Preview import' }).click();
        const gone = page
          .getByRole('table', { name: 'Staff to create, update, deactivate or skip' })
          .getByRole('row', { name: new RegExp(`Odalys Quintero${suffix}`) });
        await gone.getByText('Deactivate', { exact: true }).waitFor();
        await gone.getByText('(not in users.csv)').waitFor();
        await page.getByRole('button', { name: 'Apply import' }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: 'Tick the box to confirm deactivating the 1 person' })
          .waitFor();
        await expectAccessible(page);
        await page.getByLabel(/Deactivate the 1 person no longer in the roster/).check();
        await page.getByRole('button', { name: 'Apply import' }).click();
        await expect
          .poll(() => page.getByRole('status').filter({ hasText: 'Import applied' }).textContent())
          .toContain('1 deactivated');
      } finally {
        rmSync(without.dir, { recursive: true, force: true });
      }
    } finally {
      rmSync(bundle.dir, { recursive: true, force: true });
    }
  });
});
