import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onePagePdf } from '#server/db/seed/resources-demo.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { expectAccessible, expectPage, PIXEL_PNG, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** The resource's id from its page's address. */
const resourceIdOf = (page: Page) => {
  const id = new URL(page.url()).pathname.split('/')[2];
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id;
};

/** Calls Trellis's API from the signed-in page, as the web app does (with the session's CSRF token). */
async function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([m, p, b]) => {
      const session = await (await fetch('/api/session')).json();
      const response = await fetch(`/api${p}`, {
        method: m,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.data.csrfToken },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      if (!response.ok) throw new Error(`${m} ${p}: ${response.status} ${await response.text()}`);
      return (await response.json()).data;
    },
    [method, path, body] as const,
  ) as Promise<T>;
}

describe('a performance task spreads across a network', () => {
  it('a coach shares a bundle to a network community; a teacher of another district tries, remixes and brings it home; her colleague sees it; the spread shows both districts', async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const aspen = await buildDistrict(db, { name: `Aspen Ridge Schools ${tag}` });
    const birch = await buildDistrict(db, { name: `Birch Hollow Unified ${tag}` });
    const network = await buildNetwork(db, [aspen.id, birch.id], { name: `Prairie Math Network ${tag}` });
    const aspenSchool = await buildSchool(db, aspen.id, { name: `Aspen Elementary ${tag}` });
    const birchSchool = await buildSchool(db, birch.id, { name: `Birch Lane Elementary ${tag}` });
    const coach = await buildUser(db, {
      districtId: aspen.id,
      schoolId: aspenSchool.id,
      role: 'coach',
      name: `Imani Coach${tag}`,
    });
    const teacher = await buildUser(db, {
      districtId: birch.id,
      schoolId: birchSchool.id,
      name: `Noor Teacher${tag}`,
    });
    const colleague = await buildUser(db, {
      districtId: birch.id,
      schoolId: birchSchool.id,
      name: `Theo Colleague${tag}`,
    });
    const community = await buildCommunity(db, {
      createdBy: coach.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: network.id,
      name: `Fraction Tasks ${tag}`,
      members: [
        { userId: coach.id, role: 'facilitator' },
        { userId: teacher.id, role: 'member' },
      ],
    });
    const title = `Fraction number lines ${tag}`;
    const remixTitle = `Fraction number lines for grade 4 ${tag}`;

    // The coach shares the bundle through the form: a PDF task, a PNG rubric and a text analysis.
    const coachPage = await journeys.signedIn(coach);
    await coachPage.goto('/resources/new');
    await expectPage(coachPage, 'Share a resource');
    await coachPage.getByLabel('Kind').selectOption({ label: 'Performance task' });
    await coachPage.getByLabel('Title').fill(title);
    await coachPage
      .getByLabel('Summary')
      .fill('Students place fractions with unlike denominators on a number line and defend where.');
    await coachPage.getByRole('checkbox', { name: 'Mathematics' }).check();
    await coachPage.getByRole('checkbox', { name: '3-5' }).check();
    await coachPage.getByRole('checkbox', { name: '6-8' }).check();
    await coachPage.getByLabel('Competencies or standards').fill('fractions, performance assessment');
    await coachPage.locator('input[type=file]').setInputFiles([
      {
        name: 'number-line-task.pdf',
        mimeType: 'application/pdf',
        buffer: onePagePdf(['Fraction number lines', 'Place your fraction on the class number line.']),
      },
      { name: 'rubric.png', mimeType: 'image/png', buffer: PIXEL_PNG },
      {
        name: 'analysis.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('What we saw: most groups placed benchmark fractions first.\n'),
      },
    ]);
    await expect.poll(() => coachPage.getByText('Uploaded', { exact: true }).count()).toBe(3);
    await coachPage.getByLabel('Commentary on number-line-task.pdf').fill('The task as students see it.');
    await coachPage.getByLabel('Commentary on rubric.png').fill('The four-level rubric we scored with.');
    await coachPage.getByLabel('Commentary on analysis.txt').fill('My analysis of the class’s work.');
    await coachPage.getByLabel('Licence').selectOption('cc-by-sa');
    await coachPage.getByLabel('Who can see it').selectOption({ label: `Community: ${community.name}` });
    await expectAccessible(coachPage);
    await coachPage.getByRole('button', { name: 'Share resource' }).click();
    await expectPage(coachPage, title);
    const resourceId = resourceIdOf(coachPage);
    await coachPage.getByText('The four-level rubric we scored with.').waitFor();
    await coachPage.getByRole('img', { name: 'Preview of rubric.png' }).waitFor();
    await coachPage.getByRole('img', { name: 'First page of number-line-task.pdf' }).waitFor();
    // She brings it home to her own school too, so it has reached her district.
    await coachPage.getByRole('button', { name: 'Bring this resource home' }).click();
    await coachPage.getByRole('radio', { name: `My school, ${aspenSchool.name}` }).check();
    await coachPage.getByLabel('Note for colleagues').fill('Our network’s fraction task: try it in unit 3.');
    await expectAccessible(coachPage);
    await coachPage.getByRole('button', { name: 'Bring home', exact: true }).click();
    await coachPage
      .getByRole('status')
      .filter({ hasText: `Brought home to ${aspenSchool.name}.` })
      .waitFor();

    // A teacher of the other district, in the same community, opens it and sees the PDF's preview.
    const teacherPage = await journeys.signedIn(teacher);
    await teacherPage.goto(`/resources/${resourceId}`);
    await expectPage(teacherPage, title);
    await teacherPage.getByRole('img', { name: 'First page of number-line-task.pdf' }).waitFor();
    await teacherPage.getByText('The only page.').waitFor();
    await teacherPage.getByRole('link', { name: 'Download analysis.txt' }).waitFor();

    // She reports trying it through the quality panel.
    await teacherPage.getByRole('button', { name: 'I tried it: report what happened' }).click();
    const tryForm = teacherPage.getByRole('form', { name: 'Report trying it' });
    await tryForm.getByLabel('Grade band').selectOption('3-5');
    await tryForm.getByLabel('Subject').selectOption('Mathematics');
    await tryForm.getByLabel('Context (optional)').fill('Grade 4, 24 students.');
    await tryForm.getByLabel('What happened', { exact: true }).fill('Every group argued about 3/4 and 2/3.');
    await tryForm
      .getByLabel('What students produced (optional)')
      .fill('Most groups placed all fractions; a third justified with a model.');
    await expectAccessible(teacherPage);
    await tryForm.getByRole('button', { name: 'Save report' }).click();
    await teacherPage.getByText('Thank you: your report is saved.').waitFor();
    await teacherPage.getByText('1 teacher report of trying it with a class.').waitFor();
    await teacherPage.getByText('Every group argued about 3/4 and 2/3.').waitFor();
    await expectAccessible(teacherPage);

    // She remixes it for grade 4: a copy of her own, which she then edits.
    await teacherPage.getByRole('link', { name: 'Remix', exact: true }).click();
    await expectPage(teacherPage, `Remix “${title}”`);
    await teacherPage.getByLabel('Title of your remix').fill(remixTitle);
    // Her school is wider than the original's community: a remix reaches no further than its source.
    await teacherPage.getByLabel('Who can see it').selectOption({ label: `My school: ${birchSchool.name}` });
    await teacherPage.getByRole('button', { name: 'Remix and adapt' }).click();
    await teacherPage.getByRole('alert').filter({ hasText: 'must not reach further' }).first().waitFor();
    await teacherPage.getByLabel('Who can see it').selectOption({ label: `Community: ${community.name}` });
    await teacherPage.getByRole('button', { name: 'Remix and adapt' }).click();
    await expectPage(teacherPage, `Edit “${remixTitle}”`);
    const remixId = resourceIdOf(teacherPage);
    expect(remixId).not.toBe(resourceId);
    await teacherPage
      .getByLabel('Summary')
      .fill('Grade 4 students place fractions with like denominators first, then unlike ones.');
    await teacherPage.getByRole('checkbox', { name: '6-8' }).uncheck();
    await teacherPage.getByLabel('What changed').fill('Adapted for grade 4');
    await teacherPage.getByRole('button', { name: 'Save as a new version' }).click();
    await expectPage(teacherPage, remixTitle);
    await teacherPage.getByText('Grade 4 students place fractions with like denominators first').waitFor();
    await teacherPage.getByText('— Adapted for grade 4', { exact: false }).first().waitFor();
    await teacherPage.getByRole('link', { name: title, exact: true }).first().click();

    // Back on the original, which lists her remix, she brings it home to her school with a note.
    await expectPage(teacherPage, title);
    await teacherPage
      .getByRole('region', { name: 'Remixes' })
      .getByRole('link', { name: remixTitle })
      .waitFor();
    await teacherPage.getByRole('button', { name: 'Bring this resource home' }).click();
    await teacherPage.getByRole('radio', { name: `My school, ${birchSchool.name}` }).check();
    const note = `Worked in my grade 4 class; start with the paper strips ${tag}.`;
    await teacherPage.getByLabel('Note for colleagues').fill(note);
    await teacherPage.getByRole('button', { name: 'Bring home', exact: true }).click();
    await teacherPage
      .getByRole('status')
      .filter({ hasText: `Brought home to ${birchSchool.name}.` })
      .waitFor();
    await expectAccessible(teacherPage);

    // A colleague at her school, not in the community, sees it in her home feed and opens it.
    const colleaguePage = await journeys.signedIn(colleague);
    await colleaguePage.goto('/');
    await expectPage(colleaguePage, `Welcome, ${colleague.name}`);
    const entry = colleaguePage.locator('article.feed-item--home').filter({ hasText: note });
    await entry.waitFor();
    await expect
      .poll(() => entry.textContent())
      .toContain(`${teacher.name} brought home ${title} to ${birchSchool.name}`);
    await entry.getByRole('link', { name: title }).click();
    await expectPage(colleaguePage, title);
    await colleaguePage.getByRole('img', { name: 'First page of number-line-task.pdf' }).waitFor();

    // The coach's spread view names both districts: hers with its school, the partner district's.
    await coachPage.goto(`/resources/${resourceId}/spread`);
    await expectPage(coachPage, `How “${title}” has spread`);
    const where = coachPage.getByRole('table', { name: 'Where it has gone' });
    const aspenRow = where
      .getByRole('row')
      .filter({ has: coachPage.getByRole('rowheader', { name: aspen.name }) });
    const birchRow = where
      .getByRole('row')
      .filter({ has: coachPage.getByRole('rowheader', { name: birch.name }) });
    await aspenRow.waitFor();
    await birchRow.waitFor();
    await expect.poll(() => aspenRow.textContent()).toContain(aspenSchool.name);
    // Birch Hollow: brought home 1, tried 1, remixed 1, reviewed 0.
    await expect
      .poll(() => birchRow.getByRole('cell').allTextContents())
      .toEqual(expect.arrayContaining(['1 school']));
    await expect
      .poll(async () => (await birchRow.locator('td.numeric').allTextContents()).map(Number))
      .toEqual([1, 1, 1, 0]);
    await coachPage.getByText('Reached 2 schools in 2 districts.').waitFor();
  });
});

describe('finding resources in the library', () => {
  it('searches with words and facets kept in the address, suggests more like this, refuses a no-derivatives remix, shows changes and hides a private resource and its file', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const word = `quillwort${tag}`;
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const owner = await buildUser(db, { districtId: district.id, name: `Rosa Sharer${tag}` });
    const teacher = await buildUser(db, { districtId: district.id, name: `Sam Finder${tag}` });
    const shared = { ownerId: owner.id, districtId: district.id, audience: 'district' as const };
    const estimation = await buildResource(db, {
      ...shared,
      kind: 'lesson',
      title: `Estimation routines ${word}`,
      summary: `Daily estimation routines for number sense ${word}.`,
      gradeBands: ['3-5'],
    });
    await buildResource(db, {
      ...shared,
      kind: 'lesson',
      title: `Estimation with ratios ${word}`,
      summary: `Estimation routines with ratios ${word}.`,
      gradeBands: ['6-8'],
    });
    await buildResource(db, {
      ...shared,
      kind: 'performance_task',
      title: `Estimation jar task ${word}`,
      summary: `A performance task on estimation ${word}.`,
      gradeBands: ['3-5'],
    });
    const noDerivatives = await buildResource(db, {
      ...shared,
      title: `Number talk prompts ${tag}`,
      licence: 'cc-by-nd',
    });

    // The owner edits one resource into a second version and keeps another, with a file, private.
    const ownerPage = await journeys.signedIn(owner);
    await callApi(ownerPage, 'PATCH', `/resources/${estimation.id}`, {
      title: `Estimation routines ${word}`,
      summary: `Daily estimation routines that build number sense and reasoning ${word}.`,
      changeNote: 'Added reasoning',
    });
    const file = await ownerPage.evaluate(async (text) => {
      const session = await (await fetch('/api/session')).json();
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/plain' }), 'private-notes.txt');
      const response = await fetch('/api/resource-files', {
        method: 'POST',
        headers: { 'x-csrf-token': session.data.csrfToken },
        body: form,
      });
      return (await response.json()).data as { id: string };
    }, 'My own notes, not yet ready to share.\n');
    const secret = await callApi<{ id: string }>(ownerPage, 'POST', '/resources', {
      kind: 'lesson',
      title: `Draft lesson ${tag}`,
      licence: 'cc-by',
      audience: 'private',
      audienceId: null,
      items: [{ type: 'file', fileId: file.id, commentary: 'Draft notes' }],
    });
    const fileUrl = `/api/resources/${secret.id}/files/${file.id}`;
    expect((await ownerPage.request.get(fileUrl)).status()).toBe(200);

    // A teacher searches the library with words, then narrows by a facet; the address keeps both.
    const page = await journeys.signedIn(teacher);
    await page.goto('/resources');
    await expectPage(page, 'Library');
    await page.getByLabel('Search by title, summary or alignment').fill(word);
    await page.getByRole('button', { name: 'Search the library' }).click();
    const status = page.getByRole('status').filter({ hasText: /match/ });
    await status.filter({ hasText: '3 resources match.' }).waitFor();
    const kinds = page.getByRole('group', { name: 'Kind' });
    const grades = page.getByRole('group', { name: 'Grade band' });
    await kinds.getByRole('checkbox', { name: 'Lesson (2)' }).waitFor();
    await grades.getByRole('checkbox', { name: 'Grades 3-5 (2)' }).waitFor();
    await expectAccessible(page);
    // The box is drawn from the address, which changes in a transition: click, then wait for it.
    await kinds.getByRole('checkbox', { name: 'Lesson (2)' }).click();
    await status.filter({ hasText: '2 resources match.' }).waitFor();
    await grades.getByRole('checkbox', { name: 'Grades 3-5 (1)' }).waitFor();
    await grades.getByRole('checkbox', { name: 'Grades 6-8 (1)' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: `Estimation jar task ${word}` }).count()).toBe(0);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe(word);
    expect(url.searchParams.getAll('kind')).toEqual(['lesson']);
    await page.reload();
    await expectPage(page, 'Library');
    await status.filter({ hasText: '2 resources match.' }).waitFor();
    await expect.poll(() => kinds.getByRole('checkbox', { name: /^Lesson/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Remove filter Kind: Lesson' }).waitFor();
    await expect.poll(() => page.getByLabel('Search by title, summary or alignment').inputValue()).toBe(word);

    // She opens one: its page suggests more like it, and shows what changed between its versions.
    await page.getByRole('link', { name: `Estimation routines ${word}` }).click();
    await expectPage(page, `Estimation routines ${word}`);
    const more = page.getByRole('region', { name: 'More like this' });
    await more.getByRole('link', { name: `Estimation with ratios ${word}` }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'what changed', exact: true }).click();
    await expectPage(page, 'What changed from version 1 to version 2');
    await page.locator('ins').first().waitFor();
    await expect
      .poll(() => page.locator('ins').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('reasoning')]));
    await expect
      .poll(() => page.locator('del').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('for')]));
    await page.getByText('“Added reasoning”', { exact: false }).waitFor();

    // A resource whose licence forbids derivatives cannot be remixed, and the page says why.
    await page.goto(`/resources/${noDerivatives.id}`);
    await expectPage(page, noDerivatives.title);
    await page
      .getByText('Remix is not available. Its licence, CC BY-ND 4.0, does not allow others to adapt it')
      .waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Remix', exact: true }).count()).toBe(0);
    await page.goto(`/resources/${noDerivatives.id}/remix`);
    await expectPage(page, 'This resource cannot be remixed');
    await expect.poll(() => page.getByRole('button', { name: 'Remix and adapt' }).count()).toBe(0);

    // Someone else's private resource is not found, and neither is its file.
    await page.goto(`/resources/${secret.id}`);
    await expectPage(page, 'Resource not found');
    await expect.poll(() => page.getByText(`Draft lesson ${tag}`).count()).toBe(0);
    expect((await page.request.get(fileUrl)).status()).toBe(404);
    expect((await page.request.get(`${fileUrl}?inline=1`)).status()).toBe(404);
  });
});
