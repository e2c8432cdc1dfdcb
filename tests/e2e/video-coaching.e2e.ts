import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '#server/features/video/index.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** An 8-second lesson: a test pattern with a tone, as a phone would hand it over. */
function lessonFile(): Buffer {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trellis-journey-video-')), 'lesson.mp4');
  const made = spawnSync(ffmpegPath, [
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=duration=8:size=320x240:rate=15',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=8',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr.toString()}`);
  return readFileSync(file);
}

/** Where the page's video element is, in seconds. */
const playhead = (page: Page) => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);

/** Pauses the lesson at a moment, so a comment is written about it. */
async function pauseAt(page: Page, seconds: number) {
  await page.locator('video').waitFor();
  await page.evaluate(async (at) => {
    const video = document.querySelector('video') as HTMLVideoElement;
    video.pause();
    video.currentTime = at;
    await new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  }, seconds);
}

describe('video coaching', () => {
  it('takes a lesson from upload through a coach’s comments in another district to evidence an assessor reviews, and keeps it from a colleague', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const hill = await buildDistrict(db, { name: `Hill County ${suffix}` });
    const river = await buildDistrict(db, { name: `River Valley ${suffix}` });
    await buildNetwork(db, [hill.id, river.id], { name: `Rural Network ${suffix}` });
    const ana = await buildUser(db, { districtId: hill.id, name: `Ana Ruiz${suffix}` });
    const ben = await buildUser(db, { districtId: river.id, role: 'coach', name: `Ben Okafor${suffix}` });
    const cal = await buildUser(db, { districtId: hill.id, name: `Cal Jensen${suffix}` });
    const ada = await buildUser(db, { districtId: hill.id, role: 'coach', name: `Ada Assessor${suffix}` });
    const admin = await buildUser(db, {
      districtId: hill.id,
      role: 'district_admin',
      name: `Dana Admin${suffix}`,
    });
    const { credential } = await buildMicroCredential(db, {
      issuerOrgId: hill.id,
      createdBy: admin.id,
      title: `Student discourse ${suffix}`,
      assessors: [{ userId: ada.id, lead: true }],
    });
    const lesson = `Fractions period 3 ${suffix}`;
    const elsewhere = await buildDistrict(db, { name: `Far Away ${suffix}` });
    await buildUser(db, { districtId: elsewhere.id, name: `Omar Outside${suffix}` });

    // 1. Ana uploads a lesson, confirming consent under her district's policy.
    const page = await journeys.newPage();
    await login(page, ana);
    await page.goto('/videos');
    await expectPage(page, 'Videos');
    const upload = page.getByRole('form', { name: 'Upload a lesson video' });
    await upload.getByLabel('Title').fill(lesson);
    await upload
      .getByLabel('Video file')
      .setInputFiles({ name: 'lesson.mp4', mimeType: 'video/mp4', buffer: lessonFile() });
    await upload.getByRole('checkbox').check();
    await expectAccessible(page);
    await upload.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/videos\/[0-9a-f-]{36}$/);
    const videoId = new URL(page.url()).pathname.split('/').pop() as string;
    // Transcoded in the background: the player appears once it is ready.
    await page.getByLabel(`Lesson video: ${lesson}`).waitFor({ timeout: 90_000 });
    // The share picker offers the coach of her network, and no one outside it.
    await page.getByLabel('Share with a colleague').fill(`Okafor${suffix}`);
    await page.getByRole('button', { name: `Share with ${ben.name}` }).waitFor();
    await page.getByLabel('Share with a colleague').fill(`Outside${suffix}`);
    await page.getByText('No one by that name you may share this video with.').waitFor();
    await page.getByLabel('Share with a colleague').fill('');

    // 2. She starts a coaching cycle on student discourse and invites Ben, a coach in another district.
    await page.goto('/coaching');
    const start = page.getByRole('form', { name: 'Start a coaching cycle' });
    await start.getByLabel('Title').fill(`Discourse in fractions ${suffix}`);
    await start.getByLabel('In my own words').check();
    await start.getByLabel('What you want feedback on').fill('Student discourse');
    await start.getByLabel('Name').fill(ben.name);
    await start.getByRole('button', { name: `Add ${ben.name} as coach` }).click();
    await start.getByRole('button', { name: 'Start the cycle' }).click();
    await page.waitForURL(/\/coaching\/[0-9a-f-]{36}$/);
    const cyclePath = new URL(page.url()).pathname;
    await expectAccessible(page);
    const share = page.getByRole('form', { name: 'Share a lesson video for observation' });
    await share.getByLabel('Your video').selectOption({ label: lesson });
    await share.getByRole('button', { name: 'Share the video with the cycle' }).click();
    // The observation opens: the lesson in the player beside the comments.
    await expectPage(page, 'Lesson video');
    const observationPath = new URL(page.url()).pathname;

    // 3. Ben leaves three time-stamped comments tagged to the focus.
    const coach = await journeys.newPage();
    await login(coach, ben);
    await coach.goto(observationPath);
    await coach.getByLabel(`Lesson video: ${lesson}`).waitFor();
    const comments = [
      { at: 1, body: 'What did you notice when the pairs turned to talk here?' },
      { at: 3, body: 'What might happen if you waited three more seconds?' },
      { at: 5, body: 'How did the back table respond when you asked who agrees?' },
    ];
    for (const comment of comments) {
      await pauseAt(coach, comment.at);
      const form = coach.getByRole('form', { name: 'Comment on this moment' });
      await form.getByRole('button', { name: 'Use the paused moment' }).click();
      await form.getByLabel('Your comment').fill(comment.body);
      await form.getByLabel('Tag', { exact: true }).selectOption({ label: 'Student discourse' });
      await form.getByRole('button', { name: 'Comment' }).click();
      await coach.getByText(comment.body).waitFor();
    }
    await expectAccessible(coach);

    // 4. Ana opens her video, clicks the third comment, and the player goes to that moment.
    await page.goto(`/videos/${videoId}`);
    await page.getByText(comments[2].body).waitFor();
    // Once the player knows the lesson's length, a click on the comment moves it there.
    await expect
      .poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0))
      .toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Play from 0:05' }).first().click();
    await expect.poll(() => playhead(page)).toBeGreaterThanOrEqual(4.5);
    await expect.poll(() => playhead(page)).toBeLessThan(7);

    // 5. They agree a follow-up action.
    await page.goto(cyclePath);
    const action = page.getByRole('form', { name: 'Agree a follow-up action' });
    await action.getByLabel('Action').fill('Ask “who agrees, and why?” in every share');
    await action.getByLabel('Owner').selectOption({ label: ana.name });
    await action.getByLabel('Due on').fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    await action.getByRole('button', { name: 'Add the action' }).click();
    await page.getByText('Ask “who agrees, and why?” in every share').waitFor();

    // 6. Ana offers a clip of the lesson as evidence for a micro-credential and submits it.
    await page.goto(`/micro-credentials/${credential.id}`);
    await page.getByRole('button', { name: 'Start earning' }).click();
    await expectPage(page, `Evidence for ${credential.title}`);
    const submissionId = new URL(page.url()).pathname.split('/').pop() as string;
    await page
      .getByLabel('What did you try, and what happened? (required)')
      .fill('Talk moves: more students explained.');
    const video = page.getByRole('group', { name: 'A short clip of the practice in your classroom' });
    await video.getByLabel('Lesson video').selectOption({ label: `${lesson} (0:08)` });
    await video.getByLabel('Clip starts at').fill('0:01');
    await video.getByLabel('Clip ends at').fill('0:06');
    await video.getByLabel(/assessors may watch this clip/).check();
    await video.getByRole('button', { name: 'Offer this clip as evidence' }).click();
    await video.getByText(/Offered: .*0:01–0:06, with its comments/).waitFor();
    await page.getByText(/Saved at/).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page
      .getByText(/submitted/i)
      .first()
      .waitFor();

    // 7. Ada, the assessor, reviews it in the same player, the clip only.
    const assessor = await journeys.newPage();
    await login(assessor, ada);
    await assessor.goto(`/reviews/${submissionId}`);
    await expectPage(assessor, `Review: ${credential.title}`);
    // The submitted round shows it too: the first is the evidence under review.
    await assessor.getByLabel(`Lesson video: ${lesson}`).first().waitFor({ timeout: 60_000 });
    await assessor.getByText(comments[1].body).first().waitFor();
    await expectAccessible(assessor);

    // 8. Cal, a colleague of Ana's district who was never invited, gets 404 on the video and on its file.
    const colleague = await journeys.newPage();
    await login(colleague, cal);
    const fileUrl = await page.evaluate(() => {
      const el = document.querySelector('video');
      return el?.currentSrc || el?.querySelector('source')?.src || '';
    });
    await page.goto(`/videos/${videoId}`);
    await page.getByLabel(`Lesson video: ${lesson}`).waitFor();
    const src = await page.evaluate(() => document.querySelector('video')?.currentSrc ?? '');
    expect((await colleague.request.get(`/api/videos/${videoId}`)).status()).toBe(404);
    for (const url of [src, fileUrl].filter(Boolean))
      expect((await colleague.request.get(url, { headers: { range: 'bytes=0-99' } })).status()).toBe(404);
    expect(src).toContain('/api/video-files/');
  });
});
