import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { mailJob } from '#server/features/notifications/mail-worker.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { expectAccessible, expectPage, login, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** Calls Trellis's API from the signed-in page, as the web app does (with the session's CSRF token). */
async function callApi<T>(page: Page, method: string, apiPath: string, body?: unknown): Promise<T> {
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
    [method, apiPath, body] as const,
  ) as Promise<T>;
}

/** The reply address of the newest notification email to `to` in Trellis's outbox, once it is there. */
async function replyAddressFor(to: string): Promise<string | null> {
  const dir = path.join(inject('dataDir'), 'outbox');
  const names = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const name of names) {
    const mail = await simpleParser(await readFile(path.join(dir, name)));
    const addressed = mail.to && !Array.isArray(mail.to) && mail.to.value.some((v) => v.address === to);
    if (addressed && mail.replyTo) return mail.replyTo.value[0]?.address ?? null;
  }
  return null;
}

describe('discussion by email', () => {
  it('a teacher chooses replies by email at once, answers the notification email, and the reply appears live in the open thread', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const school = await buildSchool(db, district.id);
    const ana = await buildUser(db, { districtId: district.id, schoolId: school.id, name: 'Ana Díaz' });
    const ben = await buildUser(db, { districtId: district.id, schoolId: school.id, name: 'Ben Okafor' });
    const community = await buildCommunity(db, {
      districtId: district.id,
      createdBy: ana.id,
      name: 'Grade 5 Math PLC',
      members: [
        { userId: ana.id, role: 'facilitator' },
        { userId: ben.id, role: 'member' },
      ],
    });
    // Ben chooses to get replies by email at once, on a phone-sized screen.
    const benPage = await journeys.newPage({ viewport: { width: 375, height: 800 } });
    await login(benPage, ben);
    await benPage.goto('/settings#notifications');
    await expectPage(benPage, 'Settings');
    const kinds = benPage.getByRole('table', { name: 'Each kind of notification' });
    await expect.poll(() => kinds.getByRole('row').count()).toBeGreaterThan(5);
    await kinds.getByRole('combobox', { name: 'Reply', exact: true }).selectOption('email');
    await benPage.getByRole('checkbox', { name: /Hold emails during quiet hours/ }).check();
    await benPage.getByRole('textbox', { name: 'From', exact: true }).fill('03:00');
    await benPage.getByRole('textbox', { name: 'Until', exact: true }).fill('03:01');
    await benPage.getByRole('button', { name: 'Save notification settings' }).click();
    await expect
      .poll(() => benPage.getByRole('main').getByRole('status').first().textContent())
      .toContain('Saved');
    await expectAccessible(benPage);
    const thread = {
      threadId: (
        await callApi<{ id: string }>(benPage, 'POST', `/communities/${community.id}/threads`, {
          type: 'question',
          title: 'Warm-ups for fractions',
          body: 'What warm-ups work for fractions?',
        })
      ).id,
    };

    // Ana replies in the thread and keeps it open.
    const anaPage = await journeys.newPage();
    await login(anaPage, ana);
    await anaPage.goto(`/communities/${community.id}/threads/${thread.threadId}`);
    await expectPage(anaPage, 'Warm-ups for fractions');
    await callApi(anaPage, 'POST', `/threads/${thread.threadId}/posts`, {
      body: 'Try **number talks** with a fraction bar.',
    });
    await expect.poll(() => anaPage.getByText('Try number talks with a fraction bar.').count()).toBe(1);

    // The mail job runs (as it does every minute) and emails Ben the reply, with its text and a reply address.
    await db.transaction((tx) => enqueue(tx, mailJob, { districtId: null }));
    await expect
      .poll(() => replyAddressFor(ben.email), { timeout: 30_000, interval: 500 })
      .toMatch(/^reply\+[0-9a-f]{56}@reply\.trellis\.test$/);
    const replyTo = (await replyAddressFor(ben.email)) as string;

    // Ben answers from his mail client; his quoted copy of the email is not posted.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inject('inboundSmtpPort'),
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: `Ben Okafor <${ben.email}>`,
      to: replyTo,
      subject: 'Re: Ana Díaz replied to “Warm-ups for fractions”',
      text: 'Thanks Ana, I will try them on Monday.\n\nOn Mon, Dec 7, 2026 at 9:30 AM Trellis <no-reply@trellis.local> wrote:\n> Try number talks with a fraction bar.\n',
    });
    transport.close();

    // Ana's open page shows Ben's reply without reloading.
    const main = anaPage.getByRole('main');
    await expect.poll(() => main.getByText('Thanks Ana, I will try them on Monday.').count()).toBe(1);
    await expect.poll(() => main.getByText('On Mon, Dec 7, 2026').count()).toBe(0);
  });
});
