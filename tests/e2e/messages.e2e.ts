import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, login, scrollsSideways, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('direct messages', () => {
  it('lets two teachers of different districts exchange messages, and one block the other', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const hill = await buildDistrict(db, { name: `Hill County ${suffix}` });
    const river = await buildDistrict(db, { name: `River Valley ${suffix}` });
    await buildNetwork(db, [hill.id, river.id], { name: `Rural Math Network ${suffix}` });
    const ana = await buildUser(db, { districtId: hill.id, name: `Ana Ruiz${suffix}` });
    const ben = await buildUser(db, {
      districtId: river.id,
      name: `Ben Okafor${suffix}`,
      profile: { openToMentoring: true, roleTitle: 'Math coach' },
    });

    // Ana finds Ben, who is open to mentoring, and writes to him from his profile.
    const anaPage = await journeys.newPage();
    await login(anaPage, ana);
    await anaPage.goto(`/people/${ben.id}`);
    await expectPage(anaPage, ben.name);
    await anaPage.getByRole('link', { name: `Message ${ben.name}` }).click();
    await expectPage(anaPage, 'New message');
    await anaPage.getByRole('group', { name: 'To' }).getByText(ben.name).waitFor();
    await anaPage
      .getByLabel('Message', { exact: true })
      .fill('Hello Ben, could we talk about **number talks**?');
    await anaPage.getByRole('button', { name: 'Send' }).click();
    await expectPage(anaPage, ben.name);
    const anaMessages = anaPage.getByRole('list').filter({ has: anaPage.locator('.message') });
    await anaMessages.getByText('number talks').waitFor();

    // Ben sees one unread message in the navigation, opens it and replies.
    const benPage = await journeys.newPage();
    await login(benPage, ben);
    const nav = benPage.locator('nav[aria-label="Main"]');
    await expect.poll(() => nav.getByRole('link', { name: /Messages, 1 unread/ }).count()).toBe(1);
    await benPage.goto('/messages');
    await expectPage(benPage, 'Messages');
    await benPage.getByRole('link', { name: new RegExp(ana.name) }).click();
    await expectPage(benPage, ana.name);
    await benPage.getByText('number talks').waitFor();
    await expect.poll(() => nav.getByRole('link', { name: 'Messages', exact: true }).count()).toBe(1);
    await benPage.getByLabel('Your message').fill('Happy to, Ana. Thursday after school?');
    await benPage.getByRole('button', { name: 'Send' }).click();

    // Ana's open conversation shows the reply as it arrives.
    await anaMessages.getByText('Thursday after school?').waitFor();

    // Ana searches her own messages.
    await anaPage.goto('/messages?q=Thursday');
    await expectPage(anaPage, 'Messages');
    await anaPage.getByRole('heading', { name: 'Messages matching “Thursday”' }).waitFor();
    await anaPage.locator('mark', { hasText: 'Thursday' }).first().waitFor();

    // Ben blocks Ana: neither can write any more, and the conversation says so.
    await benPage.getByRole('button', { name: `Block ${ana.name}` }).click();
    await benPage
      .getByRole('button', { name: `Block ${ana.name}` })
      .last()
      .click();
    await benPage.getByText('This conversation is blocked: you blocked someone in it.').waitFor();
    await expect.poll(() => benPage.getByLabel('Your message').count()).toBe(0);
    await expectAccessible(benPage);

    await anaPage.goto('/messages');
    await expectPage(anaPage, 'Messages');
    await anaPage.getByRole('link', { name: new RegExp(ben.name) }).click();
    await expectPage(anaPage, ben.name);
    await anaPage.getByText('This conversation is blocked: no new messages can be sent in it.').waitFor();
    await expect.poll(() => anaPage.getByLabel('Your message').count()).toBe(0);
    // Ben's profile no longer offers to message him.
    await anaPage.goto(`/people/${ben.id}`);
    await expectPage(anaPage, ben.name);
    await expect.poll(() => anaPage.getByRole('link', { name: `Message ${ben.name}` }).count()).toBe(0);

    // Ben finds Ana among the people he blocked, and unblocks her.
    await benPage.goto('/messages');
    await expectPage(benPage, 'Messages');
    const blocked = benPage.getByRole('region', { name: 'People you blocked' });
    await blocked.getByRole('button', { name: `Unblock ${ana.name}` }).click();
    await benPage.getByText(`You unblocked ${ana.name}.`).waitFor();

    // The messages page fits a phone.
    await benPage.setViewportSize({ width: 375, height: 740 });
    await benPage.reload();
    await expectPage(benPage, 'Messages');
    expect(await scrollsSideways(benPage)).toBe(false);
  });
});
