/**
 * A district admin's micro-credential from start to finish: a CASE framework imported, a credential
 * defined on it and published, awarded to a cohort; a holder lists herself and shares her portfolio;
 * a colleague finds her on the credential's page, in the directory and on her profile.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  type BuildUserOptions,
  buildDistrict,
  buildSchool,
  buildUser,
  uniqueWord,
} from '#server/test/builders.ts';
import { repoRoot } from '../support/trellis-process.ts';
import { expectAccessible, expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

const CASE_PACKAGE = path.join(
  repoRoot,
  'src/server/features/credentials/frameworks/fixtures/discourse-practices.case.json',
);
const FRAMEWORK_TITLE = 'Classroom Discourse Practices';

/** The last part of the page's address: the id of the framework or credential it shows. */
const idInAddress = (page: Page) => {
  const id = new URL(page.url()).pathname.split('/').pop() ?? '';
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id;
};

/** The terms and definitions of a description list, as "term: definition" lines. */
const describedPairs = (list: Locator) =>
  list.evaluate((dl) =>
    [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`),
  );

/** The statements of a competency list's own items (not those nested below them). */
const statementsOf = (list: Locator) =>
  list.evaluate((ul) =>
    [...ul.children].map((li) => li.querySelector('.competency-node__statement')?.textContent?.trim()),
  );

/** Fails with a clear message when an earlier journey did not leave what this one starts from. */
function fromEarlier<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`An earlier journey did not get as far as ${what}.`);
  return value;
}

describe('a district admin runs a micro-credential from framework to holders', () => {
  const tag = randomUUID().slice(0, 6);
  const db = () => journeys.database.db;
  // People and places the journeys share, made once before the first one.
  let world:
    | {
        districtId: string;
        districtName: string;
        admin: { id: string; email: string; name: string };
        assessor: { id: string; name: string };
        holder: { id: string; email: string; name: string };
        cohort: Array<{ id: string; email: string; name: string }>;
        colleague: { id: string; email: string; name: string };
      }
    | undefined;
  let frameworkId: string | undefined;
  let credential: { id: string; title: string } | undefined;

  const setUp = async () => {
    if (world) return world;
    const district = await buildDistrict(db(), { name: `Cedar Valley Schools ${tag}` });
    const school = await buildSchool(db(), district.id, { name: `Cedar Middle ${tag}` });
    const person = (name: string, extra: Partial<BuildUserOptions> = {}) =>
      buildUser(db(), { districtId: district.id, schoolId: school.id, name, ...extra });
    const admin = await person(`Dana Admin${tag}`, { role: 'district_admin' });
    const assessor = await person(`Rosa ${uniqueWord()}`, { role: 'coach' });
    const holder = await person(`Mei Holder${tag}`, {
      profile: { openToMentoring: true, roleTitle: 'Grade 7 science teacher' },
    });
    const second = await person(`Omar Second${tag}`);
    const third = await person(`Lena Third${tag}`);
    const colleague = await person(`Theo Colleague${tag}`);
    world = {
      districtId: district.id,
      districtName: district.name,
      admin,
      assessor,
      holder,
      cohort: [holder, second, third],
      colleague,
    };
    return world;
  };

  it('imports a CASE framework from a file and shows its nested competencies', async () => {
    const { admin, districtName } = await setUp();
    const page = await journeys.signedIn(admin);
    await page.goto('/frameworks/import');
    await expectPage(page, 'Import a framework from CASE');
    await expect.poll(() => page.getByLabel('Owned by').inputValue()).not.toBe('');
    await expect
      .poll(() => page.getByLabel('Owned by').locator('option:checked').textContent())
      .toBe(`${districtName} (district)`);

    await page.getByLabel('CASE package (.json)').setInputFiles(CASE_PACKAGE);
    await page.getByRole('button', { name: 'Import framework' }).click();
    const result = page.locator('.import-counts');
    await result.waitFor();
    await expect
      .poll(() => describedPairs(result))
      .toEqual([
        'Created: 7',
        'Updated: 0',
        'Unchanged: 0',
        'Removed: 0',
        'Kept (aligned to a credential): 0',
      ]);
    await page.getByText(`Imported ${FRAMEWORK_TITLE}.`).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: FRAMEWORK_TITLE }).click();
    await expectPage(page, FRAMEWORK_TITLE);
    frameworkId = idInAddress(page);
    await page.getByText('7 competencies').waitFor();
    await page.getByText('Imported from CASE').waitFor();
    await page.getByText('By Prairie Schools Teaching Collaborative · Version 1.0').waitFor();

    // Domains at the top in their codes' order, competencies nested under them, and one level deeper.
    const root = page.locator('.competency-tree__root');
    await expect
      .poll(() => statementsOf(root))
      .toEqual(['CDP.1 Opening conversations', 'CDP.2 Responding to student ideas']);
    const opening = root.locator(':scope > li').nth(0).locator(':scope > ul');
    await expect
      .poll(() => statementsOf(opening))
      .toEqual([
        'CDP.1.1 Poses open questions that have more than one reasonable answer.',
        'CDP.1.2 Gives students time to think, alone or with a partner, before anyone answers.',
      ]);
    const responding = root.locator(':scope > li').nth(1).locator(':scope > ul');
    await expect
      .poll(() => statementsOf(responding))
      .toEqual([
        'CDP.2.1 Asks a student to say more about their reasoning before judging it.',
        "CDP.2.2 Invites other students to build on, question or restate a classmate's idea.",
      ]);
    await expect
      .poll(() => statementsOf(responding.locator(':scope > li').nth(1).locator(':scope > ul')))
      .toEqual(['CDP.2.2.a Uses sentence frames so every student can join the exchange.']);

    // Private until its admins publish it: the public CASE address answers 404 to anyone outside.
    const publicCase = `/api/public/frameworks/${frameworkId}/case`;
    const stranger = await journeys.newPage();
    await expect.poll(async () => (await stranger.request.get(publicCase)).status()).toBe(404);
    const publishing = page.getByRole('region', { name: 'Public CASE addresses' });
    await publishing.getByRole('status').filter({ hasText: 'Private' }).waitFor();
    const publish = publishing.getByRole('checkbox', { name: 'Publish this framework to anyone' });
    await expect.poll(() => publish.isChecked()).toBe(false);
    await publish.click();
    await publishing.getByRole('status').filter({ hasText: 'Published' }).waitFor();
    await expect.poll(() => publish.isChecked()).toBe(true);
    await expect.poll(async () => (await stranger.request.get(publicCase)).status()).toBe(200);
    await expectAccessible(page);
  });

  it('defines a micro-credential with a competency, a prompt, a rubric and an assessor, and publishes it', async () => {
    const { admin, assessor, districtId } = await setUp();
    const definedHere = async () => {
      const { rows } = await db().execute<{ n: number }>(
        sql`select count(*)::int as n from micro_credentials where issuer_org_id = ${districtId}`,
      );
      return rows[0].n;
    };
    fromEarlier(frameworkId, 'importing the framework');
    const title = `Productive talk moves ${tag}`;
    const page = await journeys.signedIn(admin);
    await page.goto('/micro-credentials/new');
    await expectPage(page, 'New micro-credential');

    // Sent without a title, the form names the field and nothing is saved.
    await page
      .getByLabel('Description')
      .fill('Recognises teachers who get every student talking about their thinking.');
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    const titleField = page.getByLabel('Title', { exact: true });
    await page.getByText('Give the credential a title.').waitFor();
    await expect.poll(() => titleField.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/micro-credentials/new');
    await expect.poll(() => definedHere()).toBe(0);
    await expectAccessible(page);

    await titleField.fill(title);
    await page.getByLabel('Criteria').fill('Show two lessons where students explain and build on ideas.');

    const picker = page.getByRole('group', { name: 'Competencies it recognises' });
    await picker.getByLabel('Find competencies by code or words').fill('reasoning before judging');
    const choice = picker.getByRole('checkbox', { name: /CDP\.2\.1 Asks a student to say more/ });
    await choice.check();
    await picker.getByRole('list', { name: 'Chosen (1)' }).getByText('CDP.2.1').waitFor();
    await expectAccessible(page);

    await page
      .getByLabel('Prompt 1: what to ask')
      .fill('Describe a discussion where a student revised an idea.');

    await page.getByLabel('Criterion 1 name').fill('Questioning');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion 2 name').fill('Building on ideas');
    const descriptors: Record<string, string[]> = {
      Questioning: [
        'Mostly closed questions',
        'Open questions most lessons',
        'Open questions students pose too',
      ],
      'Building on ideas': [
        'Teacher evaluates answers',
        'Students add to each other',
        'Students revise their ideas',
      ],
    };
    for (const [criterion, texts] of Object.entries(descriptors))
      for (const [i, level] of ['Developing', 'Proficient', 'Exemplary'].entries())
        await page.getByLabel(`${criterion} at ${level}`).fill(texts[i]);

    const assessors = page.getByRole('group', { name: 'Assessors' });
    await assessors.getByLabel('Find a person by name').fill(assessor.name);
    await assessors.getByRole('button', { name: 'Find people' }).click();
    await assessors.getByRole('button', { name: `Add ${assessor.name} as an assessor` }).click();
    await assessors.getByRole('checkbox', { name: `Lead assessor (${assessor.name})` }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await expectPage(page, title);
    const id = idInAddress(page);
    await page.getByText('Micro-credential · draft').waitFor();
    await expect.poll(() => definedHere()).toBe(1);

    await page.getByRole('button', { name: 'Publish this micro-credential' }).click();
    await page.getByText('Published: colleagues can now earn it.').waitFor();
    await expectAccessible(page);

    // Read back from the server: published, aligned, its rubric and its assessor.
    await page.reload();
    await expectPage(page, title);
    await page.getByText('Micro-credential', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Publish this micro-credential' }).count())
      .toBe(0);
    const competencies = page.getByRole('region', { name: 'Competencies' });
    await competencies
      .getByText('Asks a student to say more about their reasoning before judging it.')
      .waitFor();
    await competencies.getByRole('link', { name: FRAMEWORK_TITLE }).waitFor();

    const rubric = page.getByRole('table', { name: new RegExp(`How evidence for “${title}” is judged`) });
    const rows = await rubric
      .locator('tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim())),
      );
    expect(rows).toEqual([
      ['Criterion', 'Developing', 'Proficient (passing)', 'Exemplary'],
      ['Questioning', ...descriptors.Questioning],
      ['Building on ideas', ...descriptors['Building on ideas']],
    ]);
    await page
      .getByRole('region', { name: 'Evidence asked for' })
      .getByText('Describe a discussion where a student revised an idea.')
      .waitFor();
    await page
      .getByRole('region', { name: 'Assessors' })
      .getByRole('link', { name: assessor.name })
      .waitFor();
    credential = { id, title };
  });

  it('awards the credential to a cohort pasted as email addresses', async () => {
    const { admin, cohort } = await setUp();
    const { id, title } = fromEarlier(credential, 'publishing the credential');
    const page = await journeys.signedIn(admin);
    await page.goto(`/micro-credentials/${id}`);
    await expectPage(page, title);
    await page.getByText('earned by 0 people').waitFor();

    const form = page.getByRole('region', { name: 'Award to a cohort' });
    // A bad row is skipped with its reason, never blocking the others; nothing is issued before confirming.
    await form
      .getByLabel('Email addresses')
      .fill(
        `${cohort[0].email}\n${cohort[1].email.toUpperCase()}, not-an-address\n${cohort[2].email}\n` +
          `nobody.${tag}@elsewhere.test\n${cohort[0].email}`,
      );
    await form.getByText('6 rows to check.').waitFor();
    await form.getByRole('button', { name: 'Check addresses' }).click();
    const report = form.locator('.cohort-award__report');
    await report.getByText('3 people will be awarded the credential. 3 rows are skipped:').waitFor();
    await report.getByText('Row 3: not-an-address is not an email address').waitFor();
    await report
      .getByText(`Row 5: nobody.${tag}@elsewhere.test is not active staff the issuer can award`)
      .waitFor();
    await report.getByText(/^Row 6: .* is listed already$/).waitFor();
    await form.getByRole('group', { name: /^Award the credential to 3 people\?/ }).waitFor();
    await expectAccessible(page);
    const award = form.getByRole('button', { name: 'Award 3 people' });
    await expect.poll(() => award.getAttribute('class')).toBe('button');
    await award.click();
    await form.getByRole('status').filter({ hasText: 'Done: 3 awarded, 0 already held it.' }).waitFor();
    await expect
      .poll(() => form.getByRole('progressbar', { name: 'Awarding' }).getAttribute('value'))
      .toBe('3');
    await expectAccessible(page);

    await page.reload();
    await expectPage(page, title);
    await page.getByText('earned by 3 people').waitFor();

    // The issuer sees whom it awarded: find, export, and revoke with a confirmation.
    const awards = page.getByRole('region', { name: 'Awarded to' });
    const table = awards.getByRole('table', { name: 'People this credential was awarded to' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await awards.getByLabel('Find by name or email').fill(cohort[2].name);
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('rowheader', { name: cohort[2].name }).waitFor();
    const csv = awards.getByRole('link', { name: 'Download CSV' });
    await expect
      .poll(() => csv.getAttribute('href'))
      .toBe(
        `/api/micro-credentials/${id}/awards.csv?q=${encodeURIComponent(cohort[2].name).replaceAll('%20', '+')}`,
      );
    const exported = await page.request.get(`/api/micro-credentials/${id}/awards.csv`);
    expect(exported.status()).toBe(200);
    expect((await exported.text()).trimEnd().split('\r\n')).toHaveLength(4);

    await table.getByRole('checkbox', { name: `Choose ${cohort[2].name}` }).check();
    await awards.getByRole('button', { name: 'Revoke 1 credential…' }).click();
    const confirmRevoke = awards.getByRole('group', { name: /^Revoke .*’s credential\?/ });
    await confirmRevoke.getByLabel('Reason').fill('Awarded to the wrong cohort');
    await confirmRevoke.getByRole('button', { name: 'Revoke 1 credential' }).click();
    await awards.getByRole('status').filter({ hasText: 'Revoked 1 credential.' }).waitFor();
    await table
      .getByRole('row', { name: new RegExp(cohort[2].name) })
      .getByText('Revoked')
      .first()
      .waitFor();
    await expectAccessible(page);
  });

  it('a holder lists herself for mentoring, makes her portfolio public and can share to LinkedIn', async () => {
    const { holder } = await setUp();
    const { title } = fromEarlier(credential, 'awarding the credential');
    const page = await journeys.signedIn(holder);
    await page.goto('/my-credentials');
    await expectPage(page, 'My credentials');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await card.getByText('Active').waitFor();
    await card.getByText(/^Issued by Cedar Valley Schools/).waitFor();

    const listed = card.getByRole('checkbox', {
      name: "List me on this credential's page as someone open to mentoring",
    });
    await expect.poll(() => listed.isChecked()).toBe(false);
    // The box shows the server's answer: it is ticked once the choice is saved.
    await listed.click();
    await expect.poll(() => listed.isChecked()).toBe(true);
    await expect.poll(() => listed.isDisabled()).toBe(false);

    const linkedIn = card.getByRole('link', { name: /Add to LinkedIn/ });
    const share = new URL((await linkedIn.getAttribute('href')) ?? '');
    expect(`${share.origin}${share.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(share.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
    expect(share.searchParams.get('name')).toBe(title);
    expect(share.searchParams.get('organizationName')).toMatch(/^Cedar Valley Schools/);
    expect(share.searchParams.get('certUrl')).toMatch(/\/credentials\/[0-9a-f-]{36}$/);

    const portfolio = page.getByRole('checkbox', { name: 'Make my portfolio public' });
    await page.getByText('Your portfolio is private.').waitFor();
    await portfolio.click();
    const address = page.getByRole('status').getByRole('link', { name: /\/portfolio\// });
    await address.waitFor();
    await expect.poll(() => portfolio.isChecked()).toBe(true);
    await expectAccessible(page);
    const portfolioPath = (await address.getAttribute('href')) ?? '';
    expect(portfolioPath).toBe(`/portfolio/${holder.id}`);

    // Anyone, signed in or not, sees the credential on it.
    const stranger = await journeys.newPage();
    await stranger.goto(portfolioPath);
    await expectPage(stranger, holder.name);
    await stranger.getByText('Grade 7 science teacher').waitFor();
    await stranger.getByRole('heading', { name: title }).getByRole('link', { name: title }).waitFor();
    await expect.poll(() => stranger.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });

  it('a colleague finds the holder on the credential’s page, in the directory and on her profile', async () => {
    const { colleague, holder, cohort } = await setUp();
    const { id, title } = fromEarlier(credential, 'the holder listing herself');
    const page = await journeys.signedIn(colleague);
    await page.goto(`/micro-credentials/${id}`);
    await expectPage(page, title);
    const holders = page.getByRole('region', { name: 'People who hold this and are open to mentoring' });
    await holders.getByRole('link', { name: holder.name }).waitFor();
    // Only the holder who chose to be listed: the other two of the cohort did not.
    await expect.poll(() => holders.getByRole('listitem').count()).toBe(1);
    await expect.poll(() => holders.getByRole('link', { name: cohort[1].name }).count()).toBe(0);
    await expect.poll(() => page.getByRole('region', { name: 'Award to a cohort' }).count()).toBe(0);

    await page.goto('/directory');
    await expectPage(page, 'Directory');
    await page.getByLabel('Holds credential').selectOption({ label: title });
    await page.getByRole('button', { name: 'Search the directory' }).click();
    await page.waitForURL((url) => url.searchParams.get('credentialId') === id);
    await page.getByRole('status').filter({ hasText: '1 person shown.' }).waitFor();
    const found = page.getByRole('article').filter({ has: page.getByRole('link', { name: holder.name }) });
    await found.getByText('Open to mentoring').waitFor();
    await expectAccessible(page);

    await found.getByRole('link', { name: holder.name }).click();
    await expectPage(page, holder.name);
    const credentials = page.getByRole('region', { name: 'Credentials' });
    await credentials.getByRole('link', { name: title }).waitFor();
    await credentials.getByText(/^Issued by Cedar Valley Schools/).waitFor();
  });
});
