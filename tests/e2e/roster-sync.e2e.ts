import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import {
  type OneRosterProvider,
  org,
  person,
  startOneRosterProvider,
} from '../support/oneroster-provider.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();
const suffix = randomUUID().slice(0, 6);
const domain = `juniper-${suffix}.example`;
let provider: OneRosterProvider;

beforeAll(async () => {
  // The district's student information system: a real OneRoster 1.2 REST server with OAuth 2.
  provider = await startOneRosterProvider({
    maxPageSize: 2,
    orgs: [
      org({ sourcedId: 'jv-district', name: 'Juniper Valley Schools', type: 'district' }),
      org({
        sourcedId: 'jv-elm',
        name: `Juniper Elementary ${suffix}`,
        type: 'school',
        parent: 'jv-district',
      }),
      org({ sourcedId: 'jv-high', name: `Juniper High ${suffix}`, type: 'school', parent: 'jv-district' }),
    ],
    users: [
      person({
        sourcedId: 'jv-1',
        givenName: 'Odalys',
        familyName: `Quintero${suffix}`,
        email: `odalys@${domain}`,
        role: 'teacher',
        orgs: ['jv-elm', 'jv-high'],
      }),
      person({
        sourcedId: 'jv-2',
        givenName: 'Teodor',
        familyName: `Lindqvist${suffix}`,
        email: `teodor@${domain}`,
        role: 'administrator',
        orgs: ['jv-high'],
      }),
      person({
        sourcedId: 'jv-s1',
        givenName: 'Student',
        familyName: 'Record',
        email: `student@${domain}`,
        role: 'student',
        orgs: ['jv-elm'],
      }),
    ],
  });
});
afterAll(async () => {
  await provider?.close();
});

describe('syncing the roster from a OneRoster REST API', () => {
  it('connects the source, previews the first sync, syncs, and reads the history', async () => {
    const district = await buildDistrict(journeys.database.db);
    const admin = await buildUser(journeys.database.db, { districtId: district.id, role: 'district_admin' });
    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/roster-sync');
    await expectPage(page, 'Roster sync');

    // A bad address is refused next to its field; nothing is connected.
    await page.getByLabel('OneRoster base URL').fill('sis.example');
    await page.getByLabel('Token URL').fill(provider.tokenUrl);
    await page.getByLabel('Client id').fill(provider.clientId);
    await page.getByLabel('Client secret').fill(provider.clientSecret);
    await page.getByRole('button', { name: 'Connect source' }).click();
    await page.getByText('baseUrl must be an http(s) URL').waitFor();
    await expectAccessible(page);

    await page.getByLabel('OneRoster base URL').fill(provider.baseUrl);
    await page.getByLabel('Grace period (days)').fill('10');
    await page.getByRole('button', { name: 'Connect source' }).click();
    await page.getByRole('status').filter({ hasText: 'Source connected.' }).waitFor();
    // The secret is never shown again.
    await expect.poll(() => page.getByLabel('Client secret').inputValue()).toBe('');
    await expect.poll(() => page.content()).not.toContain(provider.clientSecret);

    // The first sync as a dry run: the diff, with the student counted and never shown.
    await page.getByRole('button', { name: 'Preview sync' }).click();
    await page.getByRole('heading', { name: /Preview of the sync: Previewed/ }).waitFor({ timeout: 30_000 });
    const staff = page.getByRole('table', { name: 'Staff to create, update, deactivate or skip' });
    for (const name of [`Odalys Quintero${suffix}`, `Teodor Lindqvist${suffix}`])
      await staff
        .getByRole('row', { name: new RegExp(name) })
        .getByText('Create', { exact: true })
        .waitFor();
    await staff
      .getByRole('row', { name: new RegExp(`Odalys Quintero${suffix}`) })
      .getByText(`Juniper Elementary ${suffix}, Juniper High ${suffix}`)
      .waitFor();
    await page.getByText('2 students and guardians skipped (never stored)').waitFor();
    await expect.poll(() => page.getByText(`student@${domain}`).count()).toBe(0);
    await expectAccessible(page);

    // The sync itself, carried out by the background job.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('heading', { name: /^Sync: Applied/ }).waitFor({ timeout: 30_000 });
    await page.getByText('2 new', { exact: true }).waitFor();
    await expectAccessible(page);

    // The history: the preview and the sync, newest first.
    const history = page.getByRole('table', { name: 'History' });
    await history.getByRole('row', { name: /Full sync, by .*Applied.*2 new/ }).waitFor();
    await history
      .getByRole('row', { name: /Preview, by .*Previewed \(nothing changed\).*would deactivate 0/ })
      .waitFor();
    await expect.poll(() => page.getByText(/Syncing every night since/).count()).toBe(1);
    await expectAccessible(page);
  });
});
