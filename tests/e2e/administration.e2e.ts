import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memberships } from '#server/db/schema.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('administering a district', () => {
  it('asks before deactivating, invites pasted names without their quotes, clears a stale school error, reads the audit log in words and leaves a network after confirming', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Quillmoor Schools ${suffix}` });
    const peer = await buildDistrict(db, { name: `Rushwick Unified ${suffix}` });
    const network = await buildNetwork(db, [district.id, peer.id], { name: `Tarn Valley Network ${suffix}` });
    await buildSchool(db, district.id, { name: `Aspen School ${suffix}` });
    await buildSchool(db, district.id, { name: `Birch School ${suffix}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Ana Ruiz${suffix}`,
    });
    const ben = await buildUser(db, { districtId: district.id, name: `Ben Ode${suffix}` });

    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/people');
    await expectPage(page, 'People');

    // Deactivating asks first; cancelling changes nothing.
    await page.getByLabel('Search by name or email').fill(ben.name);
    await page.getByRole('button', { name: 'Search staff' }).click();
    const row = page.getByRole('row').filter({ hasText: ben.email });
    await row.getByRole('button', { name: `Deactivate ${ben.name}` }).click();
    const question = row.getByRole('group', { name: `Deactivate ${ben.name}?`, exact: false });
    await question.waitFor();
    await expectAccessible(page);
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => question.count()).toBe(0);
    await expect.poll(() => row.getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);
    await row.getByRole('button', { name: `Deactivate ${ben.name}` }).click();
    await question.getByRole('button', { name: `Deactivate ${ben.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${ben.name} is deactivated and signed out.` })
      .waitFor();
    await expect.poll(() => row.getByRole('cell', { name: 'Deactivated', exact: true }).count()).toBe(1);

    // Names pasted from a mail program or a spreadsheet keep no quotation marks.
    const invited = `ana.quill.${suffix}@quillmoor.example`;
    const bulk = page.getByRole('form', { name: 'Invite many at once' });
    await bulk.getByLabel('Addresses').fill(`"Lopez, Ines${suffix}" <${invited}>`);
    await bulk.getByRole('button', { name: 'Invite everyone listed' }).click();
    await bulk.getByRole('status').filter({ hasText: '1 invited' }).waitFor();
    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending
      .getByRole('row')
      .filter({ hasText: invited })
      .filter({ hasText: `Lopez, Ines${suffix}` })
      .waitFor();
    await expect.poll(() => pending.getByText(`"Lopez, Ines${suffix}"`).count()).toBe(0);

    // A refused school name, then a rename that works: the old error goes.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Schools' })
      .click();
    await expectPage(page, 'Schools');
    await page.getByLabel('School name').fill(`Aspen School ${suffix}`);
    await page.getByRole('button', { name: 'Add school' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'already has a school with this name' });
    await refused.first().waitFor();
    const birch = page.getByRole('row').filter({ hasText: `Birch School ${suffix}` });
    await birch.getByRole('button', { name: `Rename Birch School ${suffix}` }).click();
    await page.getByLabel(`New name for Birch School ${suffix}`).fill(`Birch Elementary ${suffix}`);
    await page.getByRole('button', { name: 'Save name' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Renamed to Birch Elementary ${suffix}.` })
      .waitFor();
    await expect.poll(() => refused.count()).toBe(0);
    await expectAccessible(page);

    // The audit log says what happened in words, and filters.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await expectPage(page, 'Audit log');
    const log = page.getByRole('table', { name: 'Administrative actions, newest first' });
    await log.getByRole('cell', { name: `${admin.name} deactivated ${ben.name}’s account` }).waitFor();
    await log
      .getByRole('cell', {
        name: `${admin.name} renamed the school Birch School ${suffix} to Birch Elementary ${suffix}`,
      })
      .waitFor();
    await expect.poll(() => log.getByText('user.deactivated').count()).toBe(0);
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('Kind of action').selectOption({ label: 'Schools' });
    await filters.getByRole('button', { name: 'Show entries' }).click();
    await expect
      .poll(() => log.getByRole('cell', { name: `${admin.name} deactivated`, exact: false }).count())
      .toBe(0);
    await log.getByRole('cell', { name: `${admin.name} renamed the school`, exact: false }).waitFor();
    await expect
      .poll(() => filters.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))
      .toBe('/api/audit/export.csv?kind=schools');
    await expectAccessible(page);

    // Taking the district out of a network asks first, then the network is gone for it.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Networks' })
      .click();
    await expectPage(page, 'Networks');
    const section = page.getByRole('region', { name: network.name });
    await section.getByRole('button', { name: `Leave ${network.name}` }).click();
    const leave = section.getByRole('group', {
      name: `Take your district out of ${network.name}?`,
      exact: false,
    });
    await leave.waitFor();
    await expectAccessible(page);
    await leave.getByRole('button', { name: `Take your district out of ${network.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Your district has left ${network.name}.` })
      .waitFor();
    await expect.poll(() => page.getByRole('region', { name: network.name }).count()).toBe(0);
    await expectAccessible(page);

    // On a phone, the audit log's filters and the networks page fit the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/admin/audit');
    await expectPage(page, 'Audit log');
    await expect.poll(() => scrollsSideways(page)).toBe(false);
    await page.goto('/networks');
    await expectPage(page, 'Networks');
    await expect.poll(() => scrollsSideways(page)).toBe(false);
  });

  it('lets a network administrator remove a member district after confirming', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const home = await buildDistrict(db, { name: `Umber Falls ${suffix}` });
    const member = await buildDistrict(db, { name: `Vale Crossing ${suffix}` });
    const network = await buildNetwork(db, [home.id, member.id], { name: `Wren Network ${suffix}` });
    const lead = await buildUser(db, { districtId: home.id, name: `Nia Lead${suffix}` });
    await db
      .insert(memberships)
      .values({ userId: lead.id, organizationId: network.id, role: 'network_admin' });

    const page = await journeys.newPage();
    await login(page, lead);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Networks' }).click();
    await expectPage(page, 'Networks');
    const districts = page.getByRole('list', { name: `Member districts of ${network.name}` });
    await districts.getByRole('listitem').filter({ hasText: member.name }).waitFor();
    await districts.getByRole('button', { name: `Remove ${member.name}` }).click();
    const question = districts.getByRole('group', {
      name: `Remove ${member.name} from ${network.name}?`,
      exact: false,
    });
    await question.waitFor();
    await expectAccessible(page);
    await question.getByRole('button', { name: `Remove ${member.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${member.name} is no longer in ${network.name}.` })
      .waitFor();
    await expect.poll(() => districts.getByRole('listitem').filter({ hasText: member.name }).count()).toBe(0);
    await expectAccessible(page);
  });
});
