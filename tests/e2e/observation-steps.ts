/**
 * The Teach and observe steps of the lesson-study journey (lesson-study.e2e.ts): the facilitator
 * sets the research lesson's time and place and assigns an observer to a case student; the observer,
 * on a phone, keeps notes and a photo of student work while the classroom's Wi-Fi is gone, and sees
 * them sent once when it returns.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { expectAccessible, scrollsSideways } from './fixtures.ts';

/** Opens the cycle page's Teach and observe phase. */
export async function openTeachAndObserve(page: Page, cycleId: string): Promise<void> {
  await page.goto(`/cycles/${cycleId}?phase=teach`);
  await page.getByRole('heading', { level: 2, name: 'Teach and observe' }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'The research lesson' }).waitFor();
}

/** The facilitator sets when and where the lesson is taught and who observes which case student. */
export async function arrangeResearchLesson(
  page: Page,
  args: { cycleId: string; observer: string; pseudonym: string; place: string },
): Promise<void> {
  await openTeachAndObserve(page, args.cycleId);
  await page.getByText('The facilitator has not set the lesson’s time and place yet.').waitFor();
  await page.getByRole('button', { name: 'Set time and place' }).click();
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Lesson starts').fill(`${day}T10:30`);
  await page.getByLabel('Lesson ends (optional)').fill(`${day}T10:00`);
  await page.getByLabel('School and room').fill(args.place);
  await page.getByRole('button', { name: 'Save time and place' }).click();
  // An end before the start is refused next to the field.
  await page.getByText('must be after the lesson starts').first().waitFor();
  await expectAccessible(page);
  await page.getByLabel('Lesson ends (optional)').fill(`${day}T11:20`);
  await page.getByRole('button', { name: 'Save time and place' }).click();
  await page.getByText(args.place).waitFor();

  await page.getByRole('button', { name: 'Assign observers' }).click();
  await page.getByLabel('Who observes').selectOption({ label: args.observer });
  await page.getByLabel('Case student’s pseudonym').fill(args.pseudonym);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save observers' }).click();
  await page.getByText(`${args.observer} observes ${args.pseudonym} (case student)`).waitFor();
}

/** A photo of student work as a phone's camera makes it: a JPEG carrying EXIF with GPS. */
export function studentWorkPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#f4c542' } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 26/1 46/1' } })
    .toBuffer();
}

async function counts(db: Db, cycleId: string) {
  const { rows } = await db.execute<{ notes: number; photos: number }>(sql`
    select (select count(*) from inquiry_observation_notes where cycle_id = ${cycleId})::int as notes,
           (select count(*) from inquiry_observation_photos where cycle_id = ${cycleId})::int as photos`);
  return rows[0];
}

/**
 * The observer, on a 375 px phone, opens the sheet, loses the connection, writes two notes (one
 * tagged to a point to notice, with a photo), sees them kept on the device, and sees them sent, once
 * each, when the connection returns. `point` is one of the plan's points to notice, when it has any.
 */
export async function observeOffline(
  page: Page,
  args: { db: Db; cycleId: string; pseudonym: string; point?: string },
): Promise<void> {
  await openTeachAndObserve(page, args.cycleId);
  await page.getByRole('heading', { level: 3, name: 'Observation sheet' }).waitFor();
  await page.getByText(`You observe ${args.pseudonym} (case student).`).waitFor();
  await expect.poll(() => scrollsSideways(page)).toBe(false);
  await expectAccessible(page);
  const before = await counts(args.db, args.cycleId);

  // The classroom's Wi-Fi drops.
  await page.context().setOffline(true);
  await page.getByText('You are offline. New notes are kept on this device').waitFor();
  await page
    .getByLabel('What did you see or hear?')
    .fill(`${args.pseudonym} drew twelve circles, then made four groups of three.`);
  if (args.point) await page.getByRole('checkbox', { name: args.point }).check();
  // A HEIC photo this browser cannot read is refused at once, saying what to do instead.
  await page.getByLabel('Add photos of student work').setInputFiles({
    name: 'IMG_0041.HEIC',
    mimeType: 'image/heic',
    buffer: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheicmif1heic'), Buffer.alloc(64)]),
  });
  await page.getByRole('alert').filter({ hasText: 'This photo is in Apple’s HEIC format' }).waitFor();
  await page.getByLabel('Add photos of student work').setInputFiles({
    name: 'IMG_0042.jpg',
    mimeType: 'image/jpeg',
    buffer: await studentWorkPhoto(),
  });
  await page.getByRole('img', { name: 'Student work 1 to go with this note' }).waitFor();
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('Offline: 2 items kept on this device').waitFor();
  await page
    .getByLabel('What did you see or hear?')
    .fill('Her partner asked why three boxes; she said “each box is a fourth”.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('Offline: 3 items kept on this device').waitFor();
  await expect.poll(() => page.getByText('Waiting to send').count()).toBe(2);
  await expect.poll(() => scrollsSideways(page)).toBe(false);
  await expectAccessible(page);
  await expect.poll(() => counts(args.db, args.cycleId)).toEqual(before);

  // It returns: everything is sent, once.
  await page.context().setOffline(false);
  await page.getByText('Everything you wrote has been sent.').waitFor();
  await expect
    .poll(() => counts(args.db, args.cycleId))
    .toEqual({ notes: before.notes + 2, photos: before.photos + 1 });
  await page.getByText('each box is a fourth').waitFor();
  await expect.poll(() => page.getByText('Waiting to send').count()).toBe(0);
  await page
    .getByRole('img', { name: /^Student work photographed by/ })
    .first()
    .waitFor();
  await expect.poll(() => scrollsSideways(page)).toBe(false);
  await expectAccessible(page);
}
