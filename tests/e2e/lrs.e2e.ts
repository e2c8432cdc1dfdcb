import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** An xAPI statement of completed learning, as a district's LMS sends it. */
const completed = (actor: Record<string, unknown>, title: string) => ({
  actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  object: {
    objectType: 'Activity',
    id: `https://lms.example.org/courses/${randomUUID()}`,
    definition: { name: { 'en-US': title }, type: 'http://adlnet.gov/expapi/activities/course' },
  },
  result: { completion: true, duration: 'PT2H' },
  timestamp: new Date().toISOString(),
});

describe('the learning record store', () => {
  it('a district admin creates LRS credentials, a statement sent with them reaches the teacher’s learning log, and an unmatched identity is mapped', async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const district = await buildDistrict(db, { name: `Lakeside Schools ${tag}` });
    const school = await buildSchool(db, district.id, { name: `Birch School ${tag}` });
    const admin = await buildUser(db, {
      districtId: district.id,
      role: 'district_admin',
      name: `Rosa Vance${tag}`,
    });
    const teacher = await buildUser(db, {
      districtId: district.id,
      schoolId: school.id,
      name: `Theo Lindqvist${tag}`,
    });

    const page = await journeys.newPage();
    await login(page, admin);
    await page.goto('/admin/people');
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Learning record store' })
      .click();
    await expectPage(page, 'Learning record store');
    await page.getByText('Every statement matched someone').waitFor();
    await page.getByText('No identities mapped by hand yet').waitFor();
    await expectAccessible(page);

    // Credentials for one tool: the district-wide read scope says what it gives away.
    const form = page.getByRole('form', { name: 'Create LRS credentials' });
    await form.getByLabel('Tool name').fill(`District Canvas ${tag}`);
    await form.getByRole('checkbox', { name: /Read every statement of the district/ }).check();
    await page.getByText('This tool will read every xAPI statement of your district').waitFor();
    await expectAccessible(page);
    await form.getByRole('checkbox', { name: /Read every statement of the district/ }).uncheck();
    await expect
      .poll(() => page.getByText('This tool will read every xAPI statement of your district').count())
      .toBe(0);
    await form.getByRole('button', { name: 'Create LRS credentials' }).click();

    const reveal = page.getByRole('region', { name: `District Canvas ${tag} is ready` });
    await reveal.waitFor();
    await reveal.getByText('Trellis shows it only this once').waitFor();
    await reveal.getByText('HTTP Basic authentication').waitFor();
    await expectAccessible(page);
    const values = reveal.locator('dd code');
    const endpoint = (await values.nth(0).textContent()) ?? '';
    const key = (await values.nth(1).textContent()) ?? '';
    const secret = (await values.nth(2).textContent()) ?? '';
    expect(endpoint).toMatch(/^http:\/\/[^/]+\/xapi\/$/);
    expect(key).toMatch(/^trk_/);

    // The tool sends statements with those credentials, as any xAPI client does.
    const send = (statement: unknown) =>
      fetch(`${endpoint}statements`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
          'x-experience-api-version': '1.0.3',
          'content-type': 'application/json',
        },
        body: JSON.stringify(statement),
      });
    const known = await send(
      completed(
        { mbox: `mailto:${teacher.email}`, name: teacher.name },
        `Formative assessment course ${tag}`,
      ),
    );
    expect(known.status).toBe(200);
    const personal = `theo.home.${tag}@mail.example`;
    const unknown = await send(
      completed({ mbox: `mailto:${personal}`, name: 'Theo at home' }, `Edcamp session ${tag}`),
    );
    expect(unknown.status).toBe(200);
    await reveal.getByRole('button', { name: 'I have stored the secret' }).click();

    // The teacher finds the statement in their learning log, labelled as reported by the tool.
    const teacherPage = await journeys.signedIn(teacher);
    await teacherPage.goto('/learning');
    await expectPage(teacherPage, 'My learning');
    await teacherPage.getByText(`Formative assessment course ${tag}`).waitFor();
    await expect.poll(() => teacherPage.getByText(`Edcamp session ${tag}`).count()).toBe(0);
    await expectAccessible(teacherPage);

    // The unmatched identity waits for the administrator, who maps it to the teacher.
    await page.reload();
    const unmatched = page.getByRole('table', { name: 'Unmatched identities' });
    const row = unmatched.getByRole('row').filter({ hasText: personal });
    await row.waitFor();
    await row.getByText('Theo at home').waitFor();
    await row.getByText(`District Canvas ${tag}`).waitFor();
    await expectAccessible(page);
    await row.getByRole('button', { name: `Map ${personal} to a staff member` }).click();
    const question = row.getByRole('group', { name: /Whose is/ });
    await question.waitFor();
    await question.getByLabel('Find a staff member').fill(`Theo Lindqvist${tag}`);
    await expect
      .poll(() =>
        question
          .getByLabel('Staff member', { exact: true })
          .locator('option')
          .filter({ hasText: teacher.email })
          .count(),
      )
      .toBe(1);
    await question
      .getByLabel('Staff member', { exact: true })
      .selectOption({ label: `Theo Lindqvist${tag} (${teacher.email})` });
    await expectAccessible(page);
    await question.getByRole('button', { name: 'Map identity' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: `${personal} is now Theo Lindqvist${tag}: 1 statement matched, 1 added to the learning log.`,
      })
      .waitFor();
    await page.getByText('Every statement matched someone').waitFor();
    const mapped = page.getByRole('table', { name: 'Mapped identities' });
    await mapped.getByRole('row').filter({ hasText: personal }).getByText(teacher.email).waitFor();
    await expectAccessible(page);

    // Its earlier statement is in the teacher's log now.
    await teacherPage.reload();
    await teacherPage.getByText(`Edcamp session ${tag}`).waitFor();
    await teacherPage.getByText(`Formative assessment course ${tag}`).waitFor();
  });
});
