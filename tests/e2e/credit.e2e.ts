import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectPage, PIXEL_PNG, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** A district with clock hours, a school, its teacher and principal, and a district admin. */
async function buildWorld(tag: string) {
  const db = journeys.database.db;
  const district = await buildDistrict(db, { name: `Cedar Falls Schools ${tag}` });
  const school = await buildSchool(db, district.id, { name: `Cedar Elementary ${tag}` });
  const teacher = await buildUser(db, {
    districtId: district.id,
    schoolId: school.id,
    name: `Nia Teacher${tag}`,
  });
  const principal = await buildUser(db, {
    districtId: district.id,
    schoolId: school.id,
    role: 'principal',
    name: `Omar Principal${tag}`,
  });
  const admin = await buildUser(db, {
    districtId: district.id,
    role: 'district_admin',
    name: `Ada Admin${tag}`,
  });
  const typeId = uuidv7();
  await db.execute(sql`
    insert into credit_types (id, district_id, name, kinds, evidence_required, renewal_cycle_years, renewal_hours_required)
    values (${typeId}, ${district.id}, 'Clock hours', array['workshop', 'online_social', 'plc_meeting']::text[], true, 5, 120)`);
  return { district, school, teacher, principal, admin, typeId };
}

/** Logs a hand entry through the learning log's form, with a link as evidence. */
async function logLearning(
  page: Page,
  entry: { kind: string; title: string; date: string; hours: string; file?: boolean },
): Promise<void> {
  await page.goto('/learning/new');
  await expectPage(page, 'Log learning');
  await page.getByLabel('Kind').selectOption(entry.kind);
  await page.getByLabel('Title', { exact: true }).fill(entry.title);
  await page.getByLabel('Date').fill(entry.date);
  await page.getByLabel('Hours').fill(entry.hours);
  if (entry.file) {
    await page
      .getByLabel('Add a file')
      .setInputFiles({ name: 'certificate.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await page.getByRole('button', { name: 'Remove certificate.png' }).waitFor();
  }
  await page.getByLabel('Add a link or Trellis address').fill('https://example.org/notes');
  await page.getByLabel('Link title (optional)').fill('Notes');
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.getByRole('button', { name: 'Remove Notes' }).waitFor();
  await page.getByRole('button', { name: 'Log learning' }).click();
  await expectPage(page, 'My learning');
  await page.locator('.learning-entry').filter({ hasText: entry.title }).first().waitFor();
}

describe('credit for learning', () => {
  it('a teacher submits a chat and a workshop, the principal asks for a change and approves, and a signed-out visitor verifies the transcript', async () => {
    const tag = randomUUID().slice(0, 6);
    const w = await buildWorld(tag);
    const chat = `#EdChat on questioning ${tag}`;
    const workshop = `Number talks workshop ${tag}`;

    // The teacher logs a Twitter/X chat and a workshop, with evidence.
    const teacher = await journeys.signedIn(w.teacher);
    await logLearning(teacher, { kind: 'online_social', title: chat, date: '2026-10-14', hours: '1' });
    await logLearning(teacher, {
      kind: 'workshop',
      title: workshop,
      date: '2026-11-02',
      hours: '3',
      file: true,
    });

    // Both go for clock hours at once, hours defaulted from their durations.
    await teacher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credit' }).click();
    await expectPage(teacher, 'My credit');
    await teacher.getByText('Nothing submitted yet').waitFor();
    await teacher.getByRole('link', { name: 'Submit learning for credit' }).click();
    await expectPage(teacher, 'Submit learning for credit');
    await teacher.getByLabel('Credit type').selectOption({ label: 'Clock hours' });
    await teacher.getByRole('checkbox', { name: new RegExp(chat) }).check();
    await teacher.getByRole('checkbox', { name: new RegExp(workshop) }).check();
    await expect.poll(() => teacher.getByLabel(`Hours for “${workshop}”`).inputValue()).toBe('3');
    await expect.poll(() => teacher.getByLabel(`Hours for “${chat}”`).inputValue()).toBe('1');
    await expectPage(teacher, 'Submit learning for credit');
    await teacher.getByRole('button', { name: 'Submit 2 entries' }).click();
    await expectPage(teacher, 'My credit');
    await teacher.getByRole('status').filter({ hasText: 'Submitted 2 entries for Clock hours' }).waitFor();
    await expect.poll(() => teacher.locator('.claim-status--pending').count()).toBe(2);

    // The principal asks for a change on the chat and approves the workshop.
    const principal = await journeys.signedIn(w.principal);
    await principal.goto('/credit/approvals');
    await expectPage(principal, 'Approvals');
    const chatCard = principal.getByRole('article', { name: chat });
    const workshopCard = principal.getByRole('article', { name: workshop });
    const certificate = workshopCard.getByRole('link', { name: 'certificate.png' });
    const certificateHref = await certificate.getAttribute('href');
    // The approver opens the teacher's evidence.
    expect(await principal.evaluate(async (url) => (await fetch(url!)).status, certificateHref)).toBe(200);
    await chatCard.getByRole('button', { name: 'Ask for changes' }).click();
    await chatCard.getByText('Comment to').waitFor();
    await expect.poll(() => chatCard.locator('.field__error').innerText()).toMatch(/must say what to change/);
    await chatCard
      .getByLabel(`Comment to Nia Teacher${tag}`)
      .fill('Please add what you will try in class after the chat.');
    await chatCard.getByRole('button', { name: 'Ask for changes' }).click();
    await principal
      .getByRole('status')
      .filter({ hasText: `Asked for changes to “${chat}”` })
      .waitFor();
    await workshopCard.getByRole('button', { name: 'Approve' }).click();
    await principal
      .getByRole('status')
      .filter({ hasText: `Approved “${workshop}”` })
      .waitFor();
    await principal.getByText('Nothing is waiting for your approval').waitFor();
    await expectPage(principal, 'Approvals');

    // The teacher reads the comment, fixes the chat's entry and resubmits it.
    await teacher.goto('/credit');
    await expectPage(teacher, 'My credit');
    const chatClaim = teacher.getByRole('article', { name: chat });
    await chatClaim.getByText('Please add what you will try in class after the chat.').waitFor();
    await teacher.getByRole('article', { name: workshop }).getByText('Approved').waitFor();
    await chatClaim.getByRole('link', { name: `Change the entry “${chat}”` }).click();
    await expectPage(teacher, chat);
    await teacher.getByRole('button', { name: 'Edit' }).click();
    await teacher
      .getByLabel('What I will try (optional)')
      .fill('Wait time of five seconds after each question.');
    await teacher.getByRole('button', { name: 'Save', exact: true }).click();
    await teacher.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await teacher.goto('/credit');
    await expectPage(teacher, 'My credit');
    await teacher.getByRole('button', { name: `Resubmit “${chat}”` }).click();
    await expect
      .poll(() => teacher.getByRole('article', { name: chat }).locator('.claim-status').innerText())
      .toBe('Waiting for approval');

    // A licence shows renewal progress: the approved workshop counts, the chat is pending.
    await teacher.getByRole('button', { name: 'Add a licence or certificate' }).click();
    await teacher.getByLabel('Name', { exact: true }).fill('Professional educator licence');
    await teacher.getByLabel('First day of the renewal cycle').fill('2025-07-01');
    await teacher.getByRole('button', { name: 'Add licence' }).click();
    await expect
      .poll(() => teacher.getByTestId('renewal-progress').innerText())
      .toBe('3 of 120 hours approved · 1 pending · 117 still needed');
    await expectPage(teacher, 'My credit');

    // The transcript: issued, downloaded as a PDF, its verification link opened by a signed-out visitor.
    await teacher.getByRole('button', { name: 'Issue transcript' }).click();
    const download = teacher.waitForEvent('download');
    await teacher.getByRole('link', { name: 'Download PDF' }).click();
    const pdf = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const verifyUrl = await teacher.getByRole('link', { name: 'Verification link' }).getAttribute('href');
    expect(verifyUrl).toMatch(/\/transcripts\/[0-9a-f-]+\/verify$/);

    const visitor = await journeys.newPage();
    await visitor.goto(new URL(verifyUrl!).pathname);
    await expectPage(visitor, 'Verify a transcript');
    await visitor.getByRole('status').filter({ hasText: 'Genuine.' }).waitFor();
    await visitor.getByText(`Cedar Falls Schools ${tag}`).first().waitFor();
    await visitor.getByRole('cell', { name: workshop }).waitFor();
    await visitor.getByRole('cell', { name: new RegExp(`Omar Principal${tag}`) }).waitFor();
    await expect.poll(() => visitor.getByRole('cell', { name: chat }).count()).toBe(0);
    await visitor.getByLabel('Transcript PDF').setInputFiles(pdf);
    await visitor.getByRole('status').filter({ hasText: 'is the transcript as issued, unaltered' }).waitFor();
    await expectPage(visitor, 'Verify a transcript');
  });

  it('a district admin sets credit rules, dry-runs an import of past PD, imports it and exports for HR, on a phone too', async () => {
    const tag = randomUUID().slice(0, 6);
    const w = await buildWorld(tag);
    await journeys.database.db.execute(
      sql`update users set sourced_id = ${`S-${tag}`} where id = ${w.teacher.id}`,
    );
    const admin = await journeys.signedIn(w.admin);
    await admin.setViewportSize({ width: 375, height: 740 });
    await admin.goto('/admin/credit');
    await expectPage(admin, 'Credit');
    expect(await scrollsSideways(admin)).toBe(false);

    // A second credit type, with graduate credit counted only for courses and conferences.
    await admin.getByRole('button', { name: 'New credit type' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('Graduate credit');
    await admin.getByLabel('Workshop counts').uncheck();
    await admin.getByLabel('Course counts').check();
    await admin.getByLabel('Most hours of Course a period').fill('45');
    await admin.getByRole('button', { name: 'Create credit type' }).click();
    await admin.getByRole('heading', { name: 'Graduate credit' }).waitFor();
    await expectPage(admin, 'Credit');

    // Past PD: the dry run shows the problem row; the fixed file imports.
    const csv = (rows: string) => `staff_id,title,kind,date,hours,credit_type,approved_by\n${rows}`;
    await admin.getByLabel('PD history CSV').setInputFiles({
      name: 'history.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        csv(
          `S-${tag},Summer institute ${tag},workshop,2025-06-20,12,Clock hours,J. Old\nnobody,X,workshop,2025-06-20,1,Clock hours,\n`,
        ),
      ),
    });
    await admin.getByRole('button', { name: 'Dry run' }).click();
    await admin.getByText('Dry run: 1 to import, 0 already imported, 1 with problems').waitFor();
    await admin.getByRole('cell', { name: /no one in your district has staff id nobody/ }).waitFor();
    await expectPage(admin, 'Credit');
    await admin.getByLabel('PD history CSV').setInputFiles({
      name: 'history.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        csv(`S-${tag},Summer institute ${tag},workshop,2025-06-20,12,Clock hours,J. Old\n`),
      ),
    });
    await admin.getByRole('button', { name: 'Dry run' }).click();
    await admin.getByRole('button', { name: 'Import 1 entry' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: 'Imported 1 past entries as approved credit' })
      .waitFor();

    // The HR export carries the roster's staff id, the hours and who approved them.
    const href = await admin
      .getByRole('link', { name: 'Download approved credit (CSV)' })
      .getAttribute('href');
    const body = await admin.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(body).toContain(`S-${tag},Nia Teacher${tag}`);
    expect(body).toContain(`Summer institute ${tag},workshop,2025-06-20,12,J. Old`);
  });
});
