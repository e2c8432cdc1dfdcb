import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { expectAccessible, expectPage, scrollsSideways, setupJourneys } from './fixtures.ts';

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

const replyBox = (page: Page) => page.getByRole('textbox', { name: 'Your reply' });

describe('reading and writing a discussion', () => {
  it('a teacher drafts a reply on one browser and finishes it on another; a colleague sees the unread count, jumps to the new post and mutes the busy thread', async () => {
    const db = journeys.database.db;
    const suffix = Math.random().toString(36).slice(2, 7);
    const district = await buildDistrict(db);
    const school = await buildSchool(db, district.id);
    const ana = await buildUser(db, {
      districtId: district.id,
      schoolId: school.id,
      name: `Ana Díaz${suffix}`,
    });
    const ben = await buildUser(db, {
      districtId: district.id,
      schoolId: school.id,
      name: `Ben Okafor${suffix}`,
    });
    const community = await buildCommunity(db, {
      districtId: district.id,
      createdBy: ben.id,
      name: `Grade 5 Math PLC ${suffix}`,
      members: [
        { userId: ben.id, role: 'facilitator' },
        { userId: ana.id, role: 'member' },
      ],
    });
    const benPage = await journeys.signedIn(ben);
    const thread = await callApi<{ id: string }>(benPage, 'POST', `/communities/${community.id}/threads`, {
      type: 'question',
      title: `Number lines for fractions ${suffix}`,
      body: 'How do you introduce fractions on a number line?',
    });
    const threadPath = `/communities/${community.id}/threads/${thread.id}`;

    // On her laptop, Ana starts a reply, mentions Ben through the autocomplete and leaves it.
    const laptop = await journeys.signedIn(ana);
    await laptop.goto(threadPath);
    await expectPage(laptop, `Number lines for fractions ${suffix}`);
    await replyBox(laptop).click();
    await replyBox(laptop).pressSequentially(`I fold paper strips first, as @Ben`);
    const option = laptop.getByRole('option', { name: new RegExp(`Ben Okafor${suffix}`) });
    await option.waitFor();
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await expectAccessible(laptop);
    await replyBox(laptop).press('Enter');
    await expect
      .poll(() => replyBox(laptop).inputValue())
      .toBe(`I fold paper strips first, as @Ben Okafor${suffix} `);
    await replyBox(laptop).pressSequentially('suggested.');
    await laptop.getByText(/^Draft saved at/).waitFor();
    await expect
      .poll(() =>
        laptop
          .getByText(/characters$/)
          .first()
          .textContent(),
      )
      .toMatch(/\d+ \/ 20,000 characters/);

    // On another browser she finds the draft, previews it and posts it.
    const desk = await journeys.signedIn(ana);
    await desk.goto(threadPath);
    await desk.getByText(/^Draft restored/).waitFor();
    await expect
      .poll(() => replyBox(desk).inputValue())
      .toBe(`I fold paper strips first, as @Ben Okafor${suffix} suggested.`);
    await replyBox(desk).press('End');
    await replyBox(desk).pressSequentially(' Then the number line.');
    await desk.getByRole('button', { name: 'Preview' }).click();
    const preview = desk.getByRole('region', { name: 'Preview' });
    await preview.getByRole('link', { name: `@Ben Okafor${suffix}` }).waitFor();
    await expectAccessible(desk);
    await desk.getByRole('button', { name: 'Post reply' }).click();
    const posted = desk.getByRole('article', { name: `Reply by Ana Díaz${suffix}` });
    await posted.getByText('Then the number line.').waitFor();
    await posted.getByRole('link', { name: `@Ben Okafor${suffix}` }).waitFor();

    // The laptop's stale draft is never saved over what was sent: it is told, and shown both.
    await replyBox(laptop).pressSequentially(' And more.');
    await laptop.getByRole('alert').filter({ hasText: 'sent or discarded on another device' }).waitFor();
    await expectAccessible(laptop);

    // Ben sees the new post counted in the navigation and on the community's list, and jumps to it.
    await benPage.goto(`/communities/${community.id}`);
    await benPage.getByRole('link', { name: /^Unread 1 new posts$/ }).waitFor();
    const item = benPage.getByRole('listitem').filter({ hasText: `Number lines for fractions ${suffix}` });
    await item.getByText('1 new').waitFor();
    await expectAccessible(benPage);
    await item.getByRole('link', { name: `Number lines for fractions ${suffix}` }).click();
    await benPage.getByRole('heading', { level: 1, name: `Number lines for fractions ${suffix}` }).waitFor();
    await expect
      .poll(() => benPage.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe(`Reply by Ana Díaz${suffix}`);
    await expectPage(benPage, `Number lines for fractions ${suffix}`);
    // Read now: the count is gone.
    await benPage.getByRole('link', { name: 'Unread', exact: true }).waitFor();

    // The thread gets busy; Ben mutes it: no counts, no notifications, not in his feed.
    await benPage.getByLabel('Notifications for this thread').selectOption('muted');
    await expect.poll(() => benPage.getByLabel('Notifications for this thread').inputValue()).toBe('muted');
    await callApi(desk, 'POST', `/threads/${thread.id}/posts`, { body: 'One more idea for the strips.' });
    await benPage.goto('/unread');
    await expectPage(benPage, 'New and unread');
    await benPage.getByText('You are all caught up.').waitFor();
    await benPage.goto(`/communities/${community.id}`);
    await benPage
      .getByRole('listitem')
      .filter({ hasText: `Number lines for fractions ${suffix}` })
      .getByText('Muted')
      .waitFor();
    const { rows } = await db.execute<{ n: number }>(
      (await import('drizzle-orm')).sql`select count(*)::int as n from notifications
        where user_id = ${ben.id} and thread_id = ${thread.id} and kind in ('reply', 'mention', 'watching')`,
    );
    // Told of Ana's reply (a reply and a mention, before muting), not of the one after.
    expect(rows[0].n).toBeLessThanOrEqual(2);
    const before = rows[0].n;
    await callApi(desk, 'POST', `/threads/${thread.id}/posts`, {
      body: `Still here @[Ben](/people/${ben.id})`,
    });
    const after = await db.execute<{ n: number }>(
      (await import('drizzle-orm')).sql`select count(*)::int as n from notifications
        where user_id = ${ben.id} and thread_id = ${thread.id}`,
    );
    expect(after.rows[0].n).toBe(before);

    // The thread and its composer fit a phone.
    await desk.setViewportSize({ width: 375, height: 740 });
    await desk.goto(threadPath);
    await replyBox(desk).waitFor();
    await expect.poll(() => scrollsSideways(desk)).toBe(false);
  });
});
