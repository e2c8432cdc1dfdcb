import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { communities, communityMembers } from '#server/db/schema.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, PIXEL_PNG, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

/** The header's bell, whose name carries the unread count. */
const bell = (page: Page) =>
  page.getByRole('banner').getByRole('link', { name: /^Notifications, .* unread$/ });

/** The page as it is now reads on a phone without sideways scrolling. */
async function expectFitsPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  await expect
    .poll(() => scrollsSideways(page), { message: `${new URL(page.url()).pathname} scrolls sideways` })
    .toBe(false);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** A button that opens a form hands the keyboard's focus to the form's first field. */
async function expectFocused(field: Locator) {
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
}

/**
 * Waits for a page that was already checked for accessibility in this journey, in the same state,
 * to show its heading and finish loading (expectPage without the repeated axe run).
 */
async function shown(page: Page, heading: string) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .count(),
    )
    .toBe(0);
}

/**
 * Searches at /search for each of the words and expects nothing, and none of the leaks on the page.
 * The page's accessibility is checked once, with its "nothing found" state showing.
 */
async function expectSearchFindsNothing(page: Page, searches: string[], leaks: string[], check = true) {
  await page.goto('/search');
  await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
  for (const [n, words] of searches.entries()) {
    await page.getByLabel('Search threads, replies, communities and people').fill(words);
    await page.getByRole('form', { name: 'Search Trellis' }).getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(words);
    await page.getByRole('status').filter({ hasText: 'Nothing matches this search.' }).waitFor();
    for (const leak of leaks)
      await expect
        .poll(() => page.getByText(leak).count(), { message: `"${leak}" on the search page` })
        .toBe(0);
    if (n === 0 && check) await expectPage(page, 'Search');
  }
}

describe('communities across the districts of a network', () => {
  it('lets a teacher ask to join a by-request community, post a question with a file, get a live reply marked as the insight, and keeps it all from non-members', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const home = await buildDistrict(db, { name: `Juniper Valley Schools ${suffix}` });
    const peer = await buildDistrict(db, { name: `Kestrel Ridge Unified ${suffix}` });
    const outside = await buildDistrict(db, { name: `Larkspur Public ${suffix}` });
    const network = await buildNetwork(db, [home.id, peer.id], { name: `High Plains Network ${suffix}` });
    await buildNetwork(db, [outside.id]);
    const facilitator = await buildUser(db, { districtId: home.id, name: `Amara Okafor${suffix}` });
    const asker = await buildUser(db, { districtId: peer.id, name: `Bodhi Lindqvist${suffix}` });
    const bystander = await buildUser(db, { districtId: home.id, name: `Dario Mendes${suffix}` });
    const outsider = await buildUser(db, { districtId: outside.id, name: `Cleo Whitfield${suffix}` });
    const communityName = `Fraction Talks ${suffix}`;
    const threadTitle = `How do you introduce unit fractions ${suffix}?`;
    const threadWords = `Quenelle manipulatives ${suffix}`;
    const replyWords = `Start with paper folding strips ${suffix}`;

    // A teacher in one district creates a by-request community of the network; a teacher of
    // another district signs in meanwhile.
    const [amara, bodhi] = await Promise.all([journeys.signedIn(facilitator), journeys.signedIn(asker)]);
    await amara.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Communities' }).click();
    await shown(amara, 'Communities');
    await amara.getByRole('link', { name: 'Create a community' }).first().click();
    await expectPage(amara, 'Create a community');
    await amara.getByLabel('Name', { exact: true }).fill(communityName);
    await amara.getByLabel('Kind', { exact: true }).selectOption({ label: 'Learning network' });
    await amara.getByLabel('Owned by').selectOption({ label: `Network: ${network.name}` });
    await amara.getByLabel('Purpose').fill('Grade 3-5 teachers share how they teach fractions.');
    await amara.getByLabel('Student-learning focus').fill('Students reason about fractions as numbers.');
    await amara.getByRole('checkbox', { name: 'Mathematics' }).check();
    await amara.getByRole('checkbox', { name: '3-5' }).check();
    await amara.getByLabel('Who may join').selectOption({ label: 'Join by request' });
    await amara.getByRole('button', { name: 'Create the community' }).click();
    await expectPage(amara, communityName);
    await amara.getByText('You are a facilitator of this community.').waitFor();
    const communityUrl = new URL(amara.url()).pathname;
    expect(communityUrl).toMatch(/^\/communities\/[0-9a-f-]{36}$/);
    await expect.poll(() => bell(amara).getAttribute('aria-label')).toBe('Notifications, none unread');

    // A teacher of another district of the network finds it and asks to join with a message.
    await bodhi.goto('/communities');
    await expectPage(bodhi, 'Communities');
    await bodhi.getByLabel('Search by name, purpose or focus').fill(`Fraction Talks ${suffix}`);
    await bodhi.getByRole('button', { name: 'Search communities' }).click();
    await bodhi.getByRole('status').filter({ hasText: '1 community shown.' }).waitFor();
    await expectAccessible(bodhi);
    await bodhi.getByRole('link', { name: communityName }).click();
    await expectPage(bodhi, communityName);
    await bodhi.getByText('Only members read this community’s discussions.').waitFor();
    await bodhi.getByRole('button', { name: 'Ask to join' }).click();
    const askForm = bodhi.getByRole('form', { name: 'Ask to join' });
    await expectFocused(askForm.getByLabel('Message to the facilitators (optional)'));
    await askForm
      .getByLabel('Message to the facilitators (optional)')
      .fill('I teach fourth grade in Kestrel Ridge and want to try number lines.');
    await askForm.getByRole('button', { name: 'Send my request' }).click();
    await bodhi.getByText('Your request is waiting for a facilitator.').waitFor();
    await expectAccessible(bodhi);

    // The facilitator's open page hears of the request: the bell counts it without a reload.
    await expect.poll(() => bell(amara).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell(amara).click();
    await expectPage(amara, 'Notifications');
    const requestNote = amara.getByRole('link', { name: new RegExp(asker.name) });
    await requestNote.waitFor();
    await requestNote.click();
    await expectPage(amara, `Manage ${communityName}`);
    const requests = amara.getByRole('region', { name: 'Requests to join' });
    await requests.getByText('I teach fourth grade in Kestrel Ridge and want to try number lines.').waitFor();
    await requests.getByLabel(`Message to ${asker.name} (optional)`).fill('Welcome aboard!');
    await requests.getByRole('button', { name: `Approve ${asker.name}` }).click();
    await requests.getByText('No requests waiting').waitFor();
    await amara
      .getByRole('region', { name: 'Members and roles' })
      .getByRole('button', { name: `Make ${asker.name} a facilitator` })
      .waitFor();
    await expectAccessible(amara);

    // The facilitator keeps the community page open in her own browser.
    await amara.getByRole('link', { name: `Back to ${communityName}` }).click();
    await shown(amara, communityName);
    await amara.getByRole('region', { name: 'Conversations' }).getByText('No conversations yet.').waitFor();
    const unreadBefore = await bell(amara).getAttribute('aria-label');

    // The new member's open page learns of the approval without a reload, then they post a question.
    await bodhi.getByText('You are a member of this community.').waitFor();
    await bodhi.getByRole('button', { name: 'Start a thread' }).click();
    const start = bodhi.getByRole('region', { name: 'Conversations' });
    await expectFocused(start.getByLabel('Type', { exact: true }));
    await start.getByLabel('Type', { exact: true }).selectOption({ label: 'Question' });
    await start.getByLabel('Title', { exact: true }).fill(threadTitle);
    const body = start.getByLabel('What would you like to say?');
    await body.fill(`My class uses ${threadWords} but struggles with 1/3 versus 1/4. `);
    // Mention the facilitator through the composer's autocomplete so she is notified.
    await body.pressSequentially('@Amara');
    const option = start.getByRole('option', { name: new RegExp(`^${facilitator.name}`) });
    await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
    await body.press('Enter');
    await expect.poll(() => body.inputValue()).toContain(`@${facilitator.name}`);
    await start.getByLabel('Attach a file').setInputFiles({
      name: 'fraction-strips.png',
      mimeType: 'image/png',
      buffer: PIXEL_PNG,
    });
    await start.getByRole('button', { name: 'Remove fraction-strips.png' }).waitFor();
    await expectAccessible(bodhi);
    await start.getByRole('button', { name: 'Post thread' }).click();
    await expectPage(bodhi, threadTitle);
    const opening = bodhi.getByRole('article', { name: 'Opening post' });
    await opening.getByText(threadWords).waitFor();
    await opening
      .getByRole('list', { name: 'Attachments' })
      .getByRole('link', { name: 'fraction-strips.png' })
      .waitFor();
    const attachmentUrl = await opening
      .getByRole('list', { name: 'Attachments' })
      .getByRole('link', { name: 'fraction-strips.png' })
      .getAttribute('href');
    expect(attachmentUrl).toMatch(/^\/api\/attachments\//);
    // The picture was put into the text, and shows there.
    const picture = opening.getByRole('img', { name: 'fraction-strips.png' });
    await expect.poll(() => picture.getAttribute('src')).toBe(attachmentUrl);
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    const file = await bodhi.request.get(attachmentUrl ?? '');
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await file.body()).equals(PIXEL_PNG)).toBe(true);

    // The facilitator's open page shows the new thread and the mention without a reload.
    const conversations = amara.getByRole('region', { name: 'Conversations' });
    await conversations.getByRole('link', { name: threadTitle }).waitFor();
    await expect.poll(() => bell(amara).getAttribute('aria-label')).not.toBe(unreadBefore);
    await expectAccessible(amara);
    await conversations.getByRole('link', { name: threadTitle }).click();
    await shown(amara, threadTitle);
    await amara.getByRole('article', { name: 'Opening post' }).getByText(threadWords).waitFor();
    // Two teachers who are not members sign in meanwhile, to look for it later.
    const outsiders = Promise.all([journeys.signedIn(outsider), journeys.signedIn(bystander)]);
    await amara.getByLabel('Your reply').fill(`${replyWords}, then name each part.`);
    await amara.getByRole('button', { name: 'Post reply' }).click();
    const amaraReply = amara.getByRole('article', { name: `Reply by ${facilitator.name}` });
    await amaraReply.getByText(replyWords).waitFor();
    // The keyboard continues at the reply just posted, not at the top of the page.
    await expect
      .poll(() => amara.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
      .toBe(`Reply by ${facilitator.name}`);
    await expectAccessible(amara);

    // The question's author sees the reply arrive on the open page and marks it as the insight.
    const reply = bodhi.getByRole('article', { name: `Reply by ${facilitator.name}` });
    await reply.getByText(replyWords).waitFor();
    await reply.getByRole('button', { name: 'Mark as insight' }).click();
    await reply.getByText('Insight', { exact: true }).waitFor();
    await reply.getByRole('button', { name: 'Unmark insight' }).waitFor();
    await expectAccessible(bodhi);
    // ...and the facilitator's open page shows it too.
    await amaraReply.getByText('Insight', { exact: true }).waitFor();
    const threadUrl = new URL(bodhi.url()).pathname;

    // The thread list marks it.
    await bodhi.goto(communityUrl);
    await shown(bodhi, communityName);
    await bodhi.getByRole('region', { name: 'Conversations' }).getByText('Insight marked').waitFor();

    // A teacher outside the network, and one of the network who is not a member, find nothing of
    // it, and its address is not found for them. They look at the same time, each in a browser.
    // The member's search finds both (so finding nothing below means something), and a reply's
    // result leads to the reply itself.
    const [cleo, dario] = await outsiders;
    await Promise.all([
      (async () => {
        const label = 'Search threads, replies, communities and people';
        await bodhi.goto('/search');
        await bodhi.getByLabel(label).fill(threadWords);
        await bodhi
          .getByRole('form', { name: 'Search Trellis' })
          .getByRole('button', { name: 'Search' })
          .click();
        await bodhi
          .getByRole('region', { name: 'Threads' })
          .getByRole('link', { name: threadTitle })
          .waitFor();
        await expectPage(bodhi, 'Search');
        await bodhi.getByLabel(label).fill('paper folding strips');
        await bodhi
          .getByRole('form', { name: 'Search Trellis' })
          .getByRole('button', { name: 'Search' })
          .click();
        await bodhi
          .getByRole('region', { name: 'Replies' })
          .getByRole('link', { name: `Reply in “${threadTitle}”` })
          .click();
        await shown(bodhi, threadTitle);
        await expect
          .poll(() => bodhi.evaluate(() => document.activeElement?.getAttribute('aria-label')))
          .toBe(`Reply by ${facilitator.name}`);
      })(),
      (async () => {
        await expectSearchFindsNothing(
          cleo,
          [threadWords, 'paper folding strips', communityName],
          [threadTitle, communityName, replyWords],
        );
        await cleo.goto(threadUrl);
        await expectPage(cleo, 'Conversation not found');
        await expect.poll(() => cleo.getByText(threadWords).count()).toBe(0);
        expect((await cleo.request.get(attachmentUrl ?? '')).status()).toBe(404);
        await cleo.goto(communityUrl);
        await expectPage(cleo, 'Community not found');
        await expect.poll(() => cleo.getByText(threadTitle).count()).toBe(0);
        await expect.poll(() => cleo.getByText(communityName).count()).toBe(0);
      })(),
      (async () => {
        await expectSearchFindsNothing(
          dario,
          [threadWords, 'paper folding strips'],
          [threadTitle, replyWords],
        );
        await dario.goto(threadUrl);
        await shown(dario, 'Conversation not found');
        await expect.poll(() => dario.getByText(threadWords).count()).toBe(0);
        expect((await dario.request.get(attachmentUrl ?? '')).status()).toBe(404);
      })(),
    ]);
  });

  it('closes a removed member’s open conversation at once, and hides a reported post with a reason its author sees', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const home = await buildDistrict(db, { name: `Marigold Springs Schools ${suffix}` });
    const peer = await buildDistrict(db, { name: `Nettle Creek Unified ${suffix}` });
    const network = await buildNetwork(db, [home.id, peer.id], { name: `River Bend Network ${suffix}` });
    const facilitator = await buildUser(db, { districtId: home.id, name: `Farah Nakamura${suffix}` });
    const author = await buildUser(db, { districtId: peer.id, name: `Gideon Abara${suffix}` });
    const removed = await buildUser(db, { districtId: home.id, name: `Hollis Brandt${suffix}` });
    const communityName = `Science Notebooks ${suffix}`;
    const [community] = await db
      .insert(communities)
      .values({
        kind: 'plc',
        ownerKind: 'network',
        ownerId: network.id,
        name: communityName,
        purpose: 'Middle school teachers compare science notebooks.',
        joinPolicy: 'request',
        createdBy: facilitator.id,
        memberCount: 3,
      })
      .returning();
    await db.insert(communityMembers).values([
      {
        communityId: community.id,
        userId: facilitator.id,
        role: 'facilitator',
        status: 'active',
        joinedAt: new Date(),
      },
      {
        communityId: community.id,
        userId: author.id,
        role: 'member',
        status: 'active',
        joinedAt: new Date(),
      },
      {
        communityId: community.id,
        userId: removed.id,
        role: 'member',
        status: 'active',
        joinedAt: new Date(),
      },
    ]);
    const communityUrl = `/communities/${community.id}`;
    const threadTitle = `Notebook prompts that worked ${suffix}`;
    const reason = 'Advertising is not allowed here; share the prompts themselves.';

    const [gideon, hollis, farah] = await Promise.all([
      journeys.signedIn(author),
      journeys.signedIn(removed),
      journeys.signedIn(facilitator),
    ]);

    // A member starts a thread.
    await gideon.goto(communityUrl);
    await expectPage(gideon, communityName);
    await gideon.getByRole('button', { name: 'Start a thread' }).click();
    const start = gideon.getByRole('region', { name: 'Conversations' });
    await start.getByLabel('Type', { exact: true }).selectOption({ label: 'Practice' });
    await start.getByLabel('Title', { exact: true }).fill(threadTitle);
    await start.getByLabel('What would you like to say?').fill('Buy my notebook prompt pack at my store!');
    await expectFitsPhone(gideon);
    await start.getByRole('button', { name: 'Post thread' }).click();
    await expectPage(gideon, threadTitle);
    const threadUrl = new URL(gideon.url()).pathname;

    // Another member opens it and reports the opening post.
    await hollis.goto(threadUrl);
    await shown(hollis, threadTitle);
    const opening = hollis.getByRole('article', { name: 'Opening post' });
    await opening.getByRole('button', { name: 'Report' }).click();
    await opening.getByLabel('Reason').fill('This is an advertisement.');
    await opening.getByRole('button', { name: 'Send report' }).click();
    await opening.getByText('Thank you. The facilitators will look at it.').waitFor();
    await expectAccessible(hollis);

    // The facilitator finds it in the moderation queue and hides it with a reason.
    await farah.goto(communityUrl);
    await shown(farah, communityName);
    await farah.getByRole('link', { name: 'Moderation queue' }).click();
    await expectPage(farah, 'Moderation queue');
    const reported = farah
      .getByRole('listitem')
      .filter({ has: farah.getByRole('link', { name: threadTitle }) });
    await reported.getByText(`“This is an advertisement.” — ${removed.name}`).waitFor();
    await expectFitsPhone(farah);
    await reported.getByLabel('Reason for hiding (the author sees it)').fill(reason);
    await reported.getByRole('button', { name: 'Hide post' }).click();
    await farah
      .getByRole('status')
      .filter({ hasText: `Hid ${author.name}’s post in “${threadTitle}”. They are told why` })
      .waitFor();
    await farah.getByText('No open reports.').waitFor();
    // The keyboard's focus, on the item that left, moves to what happened.
    await expect
      .poll(() => farah.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain(`Hid ${author.name}’s post`);
    await expectAccessible(farah);

    // The author's open page shows the post hidden, with the reason, and the bell tells them.
    const own = gideon.getByRole('article', { name: 'Opening post' });
    await own.getByText(`Hidden by a facilitator: ${reason}`).waitFor();
    await expect.poll(() => bell(gideon).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await expectAccessible(gideon);
    await bell(gideon).click();
    await expectPage(gideon, 'Notifications');
    // The notification leads to the hidden post itself.
    await gideon
      .getByRole('link', { name: new RegExp(threadTitle) })
      .first()
      .click();
    await shown(gideon, threadTitle);
    await expect
      .poll(() => gideon.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Opening post');
    await own.getByText(`Hidden by a facilitator: ${reason}`).waitFor();
    // The conversation reads on a phone without sideways scrolling.
    await expectFitsPhone(gideon);
    // The reporter's open page no longer shows the words.
    await opening.getByText('Hidden by a facilitator.', { exact: true }).waitFor();
    await expect.poll(() => opening.getByText('Buy my notebook prompt pack').count()).toBe(0);

    // The facilitator removes the reporter, whose thread page is still open.
    await farah.goto(`${communityUrl}/manage`);
    await shown(farah, `Manage ${communityName}`);
    const members = farah.getByRole('region', { name: 'Members and roles' });
    await members.getByRole('button', { name: `Remove ${removed.name}…` }).click();
    await expectFocused(members.getByLabel('Message to them (optional)'));
    await expectFitsPhone(farah);
    await members
      .getByLabel('Message to them (optional)')
      .fill('This community is for our two districts’ science leads.');
    await expectAccessible(farah);
    await members.getByRole('button', { name: `Yes, remove ${removed.name}` }).click();
    await members.getByRole('button', { name: `Remove ${removed.name}…` }).waitFor({ state: 'detached' });

    // Their open page closes the conversation without a reload.
    await expectPage(hollis, 'Conversation not found');
    await hollis.getByText('This conversation is no longer available to you.').waitFor();
    await expect.poll(() => hollis.getByText(threadTitle).count()).toBe(0);
    // The bell tells them why.
    await expect.poll(() => bell(hollis).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell(hollis).click();
    await shown(hollis, 'Notifications');
    await hollis
      .getByRole('link', {
        name: `You were removed from ${communityName}: This community is for our two districts’ science leads.`,
      })
      .waitFor();
    await hollis.goto(communityUrl);
    await expectPage(hollis, communityName);
    await hollis
      .getByText('You are no longer a member: a facilitator removed you from this community.')
      .waitFor();
  });
});
