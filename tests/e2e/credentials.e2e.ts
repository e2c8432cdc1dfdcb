import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';
import {
  buildFramework,
  buildMicroCredential,
  buildSubmission,
  TEST_PROMPTS,
} from '#server/test/credential-builders.ts';
import { expectAccessible, expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** The smallest file whose content says MP4 video: an `ftyp` box (brand isom) and an empty `mdat`. */
const TINY_MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  Buffer.from([0, 0, 0, 0x10]),
  Buffer.from('mdat'),
  Buffer.alloc(8),
]);

const REFLECTION_LABEL = 'What did you try, and what happened? (required)';
const VIDEO_LABEL = 'A short clip of the practice in your classroom';

/** Resolves when the evidence workspace next saves the draft successfully. */
const nextSave = (page: Page) =>
  page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().endsWith('/evidence') && r.status() === 200,
  );

/** Scores every rubric criterion of the review form at one level, by the level's name. */
async function scoreEvery(page: Page, criteria: string[], level: 'Developing' | 'Proficient') {
  for (const criterion of criteria)
    await page
      .getByRole('group', { name: criterion, exact: true })
      .getByRole('radio', { name: new RegExp(`^${level}\\b`) })
      .check();
}

/** Pastes a credential's JSON into the verify page and waits for the verdict. */
async function verifyPasted(page: Page, json: string) {
  await page.goto('/verify');
  await expectPage(page, 'Verify a credential');
  await page.getByLabel('Credential JSON').fill(json);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await page.getByRole('heading', { name: /Verified|Not verified/ }).waitFor();
}

/** The text of the verification's check of one kind, e.g. "Revocation: Passed — …". */
const checkText = (page: Page, name: string) =>
  page
    .locator('.verification__check')
    .filter({ hasText: `${name}:` })
    .textContent();

describe('micro-credentials', () => {
  it('a teacher earns a credential through review and revision; anyone verifies it; its issuer revokes it', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const school = await buildSchool(db, district.id);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const coach = await buildUser(db, { districtId: district.id, schoolId: school.id, role: 'coach' });
    const teacher = await buildUser(db, { districtId: district.id, schoolId: school.id });
    const earlier = await buildUser(db, { districtId: district.id, schoolId: school.id });
    const word = uniqueWord();
    const title = `Questioning ${word}`;
    const { competencies } = await buildFramework(db, {
      ownerOrgId: district.id,
      competencies: [{ code: 'Q.1', statement: `Asks open questions ${word}` }],
    });
    const { credential } = await buildMicroCredential(db, {
      issuerOrgId: district.id,
      createdBy: admin.id,
      title,
      competencyIds: competencies.map((c) => c.id),
      prompts: TEST_PROMPTS,
      assessors: [{ userId: coach.id }],
    });
    // Someone else submitted two days ago: the assessor's queue puts them first.
    await buildSubmission(db, {
      credentialId: credential.id,
      ownerId: earlier.id,
      status: 'submitted',
      submittedAt: new Date(Date.now() - 2 * 24 * 3600 * 1000),
    });

    // 1. The teacher finds the credential and drafts evidence; the draft saves itself.
    const page = await journeys.signedIn(teacher);
    await page.goto('/micro-credentials');
    await expectPage(page, 'Micro-credentials');
    const filters = page.getByRole('form', { name: 'Search micro-credentials' });
    await filters.getByLabel('Search by title or summary').fill(word);
    await filters.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 credential shown.').waitFor();
    await page.getByRole('link', { name: title }).click();
    await expectPage(page, title);
    await page.getByRole('heading', { name: 'Earn this credential' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start earning' }).click();
    await expectPage(page, `Evidence for ${title}`);
    const submissionUrl = new URL(page.url()).pathname;
    expect(submissionUrl).toMatch(/^\/submissions\/[0-9a-f-]{36}$/);
    const rubric = page.getByRole('complementary', { name: 'How it is judged' });
    await rubric.getByText('Plan is clear and adaptive').waitFor();
    await rubric.getByText('Strong, varied evidence of impact').waitFor();
    // At 1280 px every level of every criterion shows in full beside the evidence, none cut off.
    await page.setViewportSize({ width: 1280, height: 900 });
    const levels = rubric.locator('.rubric-stack__level');
    await expect.poll(() => levels.count()).toBe(6);
    await expect
      .poll(() =>
        rubric.evaluate((aside) => {
          const frame = aside.getBoundingClientRect();
          return (
            aside.scrollWidth <= aside.clientWidth &&
            [...aside.querySelectorAll('.rubric-stack__level')].every((level) => {
              const box = level.getBoundingClientRect();
              return box.left >= frame.left - 1 && box.right <= frame.right + 1 && box.width > 100;
            })
          );
        }),
      )
      .toBe(true);

    // Checked before the confirmation: submitting with nothing written names the prompt in its words.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page
      .getByRole('alert')
      .filter({
        hasText: 'Answer every required prompt before submitting: “What did you try, and what happened?”.',
      })
      .waitFor();
    await expect.poll(() => page.getByText('Submit this evidence to the assessors?').count()).toBe(0);

    // Every answer is private until the earner makes it public; the choice is there before typing.
    const reflectionPublic = page.getByRole('checkbox', {
      name: 'Make this answer public (“What did you try, and what happened?”)',
    });
    const videoPublic = page.getByRole('checkbox', { name: `Make this answer public (“${VIDEO_LABEL}”)` });
    await expect.poll(() => reflectionPublic.isChecked()).toBe(false);
    await expect.poll(() => videoPublic.isChecked()).toBe(false);
    await page.getByText('Private: only you, your teammates and the assessors see it.').first().waitFor();
    await reflectionPublic.check();
    await page
      .getByText('Public: quoted in the credential, which anyone you share it with can read.')
      .waitFor();

    const firstDraft = `I asked open questions in fractions ${word}.`;
    await page.getByLabel(REFLECTION_LABEL).fill(firstDraft);
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    const videoSaved = nextSave(page);
    await page.getByLabel(VIDEO_LABEL, { exact: true }).setInputFiles({
      name: 'lesson clip.mp4',
      mimeType: 'video/mp4',
      buffer: TINY_MP4,
    });
    await page.getByRole('link', { name: 'lesson clip.mp4' }).waitFor();
    await expect.poll(() => videoPublic.isChecked()).toBe(false);
    await videoSaved;
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    await expectAccessible(page);

    await page.reload();
    await expectPage(page, `Evidence for ${title}`);
    await expect.poll(() => page.getByLabel(REFLECTION_LABEL).inputValue()).toBe(firstDraft);
    await page.getByRole('link', { name: 'lesson clip.mp4' }).waitFor();
    await expect.poll(() => reflectionPublic.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submit this evidence to the assessors?').waitFor();
    await expectAccessible(page);
    // Submitting is an ordinary commitment: a primary button, not a destructive red one.
    const confirmSubmit = page.getByRole('button', { name: 'Submit', exact: true });
    await expect.poll(() => confirmSubmit.getAttribute('class')).toBe('button');
    await confirmSubmit.click();
    await page.getByText('Awaiting review. You will be notified when the assessors decide.').waitFor();
    const submitted = page.getByRole('region', { name: 'Your evidence' });
    await submitted.getByText('Private: only the earners, teammates and assessors see this.').waitFor();
    await expectAccessible(page);

    // 2. The coach finds it second in the queue (oldest first), scores it below passing and asks for more.
    const assessor = await journeys.signedIn(coach);
    await assessor.goto('/reviews');
    await expectPage(assessor, 'Reviews');
    const queue = assessor.locator('.review-queue > li');
    await expect.poll(() => queue.count()).toBe(2);
    await expect.poll(() => queue.nth(0).textContent()).toContain(earlier.name);
    await expect.poll(() => queue.nth(1).textContent()).toContain(teacher.name);
    await queue.nth(1).getByRole('link', { name: title }).click();
    await expectPage(assessor, `Review: ${title}`);
    const firstRound = assessor.getByRole('region', { name: 'Evidence, round 1' });
    await firstRound.getByText(firstDraft).waitFor();
    await firstRound.getByRole('link', { name: 'Download lesson clip.mp4' }).waitFor();
    await scoreEvery(assessor, ['Plan', 'Impact'], 'Developing');
    await expect.poll(() => assessor.getByRole('radio', { name: 'Earned' }).isDisabled()).toBe(true);
    await assessor.getByLabel('Feedback on Plan').fill('What might you try next with wait time?');
    const revision = `Show how students answered ${word}.`;
    await assessor.getByLabel('Overall feedback').fill(revision);
    await assessor.getByRole('radio', { name: 'Revise: ask for more evidence' }).check();
    await expectAccessible(assessor);
    await assessor.getByRole('button', { name: 'Send review' }).click();
    await expectPage(assessor, 'Reviews');
    await assessor.getByText(`Review sent (${title}: `).waitFor();

    // 3. The teacher follows the notification, reads the feedback, revises and resubmits.
    await page.goto('/notifications');
    await expectPage(page, 'Notifications');
    await page
      .getByRole('link', {
        name: `${coach.name} reviewed your evidence for “${title}” and asked you to revise it`,
      })
      .click();
    await expectPage(page, `Evidence for ${title}`);
    expect(new URL(page.url()).pathname).toBe(submissionUrl);
    await page.getByText('The assessors asked for more: read their feedback below').waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText(revision).waitFor();
    await history.getByText('What might you try next with wait time?').waitFor();
    await history.getByText(`Assessor: ${coach.name} — revise`).waitFor();
    await expectAccessible(page);
    const revised = `${firstDraft} Students explained their reasoning in pairs.`;
    await page.getByLabel(REFLECTION_LABEL).fill(revised);
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    await page.getByRole('button', { name: 'Resubmit for review' }).click();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('Awaiting review. You will be notified when the assessors decide.').waitFor();
    await expect
      .poll(() => history.locator('summary').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Round 2, submitted .* — no feedback yet$/),
        expect.stringMatching(/^Round 1, submitted .* — 1 review$/),
      ]);
    await expectAccessible(page);

    // 4. The coach scores the second round passing and decides it is earned.
    await assessor.goto('/reviews');
    await expectPage(assessor, 'Reviews');
    await assessor.getByText('round 2').waitFor();
    await assessor.locator('.review-queue > li').filter({ hasText: teacher.name }).getByRole('link').click();
    await expectPage(assessor, `Review: ${title}`);
    await assessor.getByRole('region', { name: 'Evidence, round 2' }).getByText(revised).waitFor();
    await scoreEvery(assessor, ['Plan', 'Impact'], 'Proficient');
    await assessor.getByLabel('Overall feedback').fill('Clear plan, and the students’ answers show it.');
    await assessor.getByRole('radio', { name: 'Earned' }).check();
    await expectAccessible(assessor);
    await assessor.getByRole('button', { name: 'Send review' }).click();
    await expectPage(assessor, 'Reviews');
    await assessor.getByText(`Review sent (${title}: earned).`).waitFor();

    // 5. The teacher sees it earned and opens the credential.
    await page.goto(`/micro-credentials/${credential.id}`);
    await expectPage(page, title);
    await page.getByRole('link', { name: 'Earned — view your credential' }).click();
    await expectPage(page, title);
    const awardPath = new URL(page.url()).pathname;
    expect(awardPath).toMatch(/^\/credentials\/[0-9a-f-]{36}$/);
    await page.getByText(`Awarded to ${teacher.name} by ${district.name}`).waitFor();
    await page.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await page.getByRole('link', { name: /Add to LinkedIn/ }).waitFor();
    await expectAccessible(page);

    // 6. A visitor, not signed in, sees it verified, without the private video; their copy verifies too.
    const visitor = await journeys.newPage();
    await visitor.goto(awardPath);
    await expectPage(visitor, title);
    await visitor.getByText(`Awarded to ${teacher.name} by ${district.name}`).waitFor();
    await visitor.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await expect.poll(() => checkText(visitor, 'Signature')).toMatch(/^Signature: Passed/);
    await expect.poll(() => checkText(visitor, 'Revocation')).toMatch(/^Revocation: Passed/);
    await visitor.getByText(revised).waitFor();
    await expect.poll(() => visitor.locator('main').textContent()).not.toContain('lesson clip');
    await expect.poll(() => visitor.locator('main').textContent()).not.toContain(VIDEO_LABEL);
    await expect.poll(() => visitor.locator('a[href*="/files/"]').count()).toBe(0);
    await expect.poll(() => visitor.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await expect.poll(() => visitor.getByRole('link', { name: /Add to LinkedIn/ }).count()).toBe(0);
    await expectAccessible(visitor);

    const signed = await visitor.request.get(awardPath, { headers: { accept: 'application/ld+json' } });
    expect(signed.status()).toBe(200);
    expect(signed.headers()['content-type']).toMatch(/^application\/ld\+json/);
    const json = await signed.text();
    const document = JSON.parse(json);
    expect(document.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
    expect(document.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(json).not.toContain('lesson clip');

    await verifyPasted(visitor, json);
    await visitor.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await visitor.getByText(`${title} awarded to ${teacher.name} by ${district.name}.`).waitFor();
    await expect.poll(() => checkText(visitor, 'Signature')).toMatch(/^Signature: Passed/);
    await expectAccessible(visitor);

    // The same credential by its address: this Trellis's own, read without going out to the network.
    await visitor.getByLabel('Credential JSON').fill('');
    await visitor
      .getByLabel("Or give the credential's web address")
      .fill(new URL(awardPath, visitor.url()).href);
    await visitor.getByRole('button', { name: 'Verify', exact: true }).click();
    await visitor.getByRole('heading', { name: '✓ Verified' }).waitFor();
    await visitor.locator('.verification__check').filter({ hasText: 'Open Badges schema: Passed' }).waitFor();

    // 7. The issuer's admin revokes it, with a reason.
    const issuerAdmin = await journeys.signedIn(admin);
    await issuerAdmin.goto(awardPath);
    await expectPage(issuerAdmin, title);
    await issuerAdmin.getByRole('button', { name: 'Revoke' }).click();
    await issuerAdmin.getByText(`Revoke “${title}”?`).waitFor();
    await issuerAdmin.getByLabel('Reason (required)').fill(`Awarded in error ${word}.`);
    await expectAccessible(issuerAdmin);
    await issuerAdmin.getByRole('button', { name: 'Revoke credential' }).click();
    await issuerAdmin.getByRole('note').getByText('Revoked.').waitFor();
    await issuerAdmin.getByRole('note').getByText(`Reason: Awarded in error ${word}.`).waitFor();
    await issuerAdmin.getByRole('heading', { name: '✗ Not verified' }).waitFor();
    await expect.poll(() => issuerAdmin.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await expectAccessible(issuerAdmin);

    // The earner is told, with the reason.
    await page.goto('/notifications');
    await expectPage(page, 'Notifications');
    await page
      .getByRole('link', { name: `Your credential “${title}” was revoked: Awarded in error ${word}.` })
      .waitFor();
    // The submission no longer says it was earned.
    await page.goto(submissionUrl);
    await expectPage(page, `Evidence for ${title}`);
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Revoked on .* — Awarded in error ${word}\\.$`) })
      .waitFor();
    await expect.poll(() => page.getByText(/^Earned on /).count()).toBe(0);
    await page.goto('/submissions');
    await expectPage(page, 'Your submissions');
    const revokedGroup = page.getByRole('region', { name: 'Revoked (1)' });
    await revokedGroup.getByRole('link', { name: title }).waitFor();
    await revokedGroup.getByText(/^Revoked on /).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: /^Earned \(/ }).count()).toBe(0);

    // 8. The visitor's page and the verify page both now say it is revoked.
    await visitor.goto(awardPath);
    await expectPage(visitor, title);
    const banner = visitor.getByRole('note');
    await banner.getByText(`${district.name} revoked this credential`).waitFor();
    // The reason is for the earner and the issuer, not for everyone who checks the credential.
    await expect.poll(() => banner.textContent()).not.toContain('Awarded in error');
    await visitor.getByRole('heading', { name: '✗ Not verified' }).waitFor();
    await expect.poll(() => checkText(visitor, 'Revocation')).toMatch(/^Revocation: Failed/);
    await expectAccessible(visitor);

    await verifyPasted(visitor, json);
    await visitor.getByRole('heading', { name: '✗ Not verified' }).waitFor();
    await expect.poll(() => checkText(visitor, 'Revocation')).toMatch(/^Revocation: Failed/);
    await expect.poll(() => checkText(visitor, 'Signature')).toMatch(/^Signature: Passed/);
    await expectAccessible(visitor);
  });

  it('anyone checks a credential from elsewhere on the verify page: its schema, what could not be checked, an address; never a stale verdict', async () => {
    const cases = path.join(
      import.meta.dirname,
      '../../src/server/features/credentials/issuing/fixtures/ob3-1edtech-validator',
    );
    const badIssuerType = readFileSync(path.join(cases, 'simple-err-issuer-type.json'), 'utf8');
    const olderSignature = readFileSync(path.join(cases, 'simple_v1.json'), 'utf8');
    const visitor = await journeys.newPage();

    // 1EdTech's case with an issuer typed "InvalidProfile": the Open Badges schema says so.
    await verifyPasted(visitor, badIssuerType);
    await visitor.getByRole('heading', { name: '✗ Not verified' }).waitFor();
    await visitor
      .locator('.verification__check')
      .filter({ hasText: /Open Badges schema: Failed — .*\/issuer\/type must include "Profile"/ })
      .waitFor();
    await expectAccessible(visitor);

    // Editing the credential takes the verdict about the old text off the screen at once.
    await visitor.getByLabel('Credential JSON').fill(badIssuerType.replace('InvalidProfile', 'Profile'));
    await visitor.locator('.verification').waitFor({ state: 'detached' });

    // A kind of signature Trellis does not verify is "could not be checked", not "invalid".
    await visitor.getByLabel('Credential JSON').fill(olderSignature);
    await visitor.getByRole('button', { name: 'Verify', exact: true }).click();
    await visitor.getByRole('heading', { name: '? Could not be fully checked' }).waitFor();
    await visitor
      .locator('.verification__check')
      .filter({ hasText: /Signature: Not checked — Could not be checked: the proof is Ed25519Signature2020/ })
      .waitFor();
    await expectAccessible(visitor);

    // An address inside the server's network is refused, and the last verdict goes as it is typed.
    await visitor.getByLabel('Credential JSON').fill('');
    await visitor.locator('.verification').waitFor({ state: 'detached' });
    const address = visitor.getByLabel("Or give the credential's web address");
    await address.fill('http://169.254.169.254/latest/meta-data/');
    await visitor.getByRole('button', { name: 'Verify', exact: true }).click();
    const refusal = visitor.getByText(
      /could not be fetched: 169\.254\.169\.254 is an address Trellis does not fetch from/,
    );
    await refusal.waitFor();
    await address.fill('badges.example.org/1');
    await refusal.waitFor({ state: 'detached' });
    await visitor.getByRole('button', { name: 'Verify', exact: true }).click();
    await visitor.getByText('Give the whole address, starting with https://').waitFor();
    await expectAccessible(visitor);
  });
});
