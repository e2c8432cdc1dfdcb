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

  it('lets a group share files, add a colleague who reads only what follows, and remove someone who then sees nothing', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const hill = await buildDistrict(db, { name: `Hill County ${suffix}` });
    const river = await buildDistrict(db, { name: `River Valley ${suffix}` });
    await buildNetwork(db, [hill.id, river.id], { name: `Rural Math Network ${suffix}` });
    const ana = await buildUser(db, { districtId: hill.id, name: `Ana Ruiz${suffix}` });
    const ben = await buildUser(db, { districtId: river.id, name: `Ben Okafor${suffix}` });
    const cal = await buildUser(db, { districtId: hill.id, name: `Cal Meyer${suffix}` });
    const dan = await buildUser(db, { districtId: hill.id, name: `Dan Ito${suffix}` });

    // Ana starts a group with Ben and Cal and sends a lesson plan with her first message.
    const anaPage = await journeys.newPage();
    await login(anaPage, ana);
    await anaPage.goto('/messages/new');
    await expectPage(anaPage, 'New message');
    for (const person of [ben, cal]) {
      await anaPage.getByLabel('Add a person by name').fill(person.name);
      await anaPage.getByRole('button', { name: `Add ${person.name}` }).click();
      await anaPage
        .getByRole('group', { name: 'To' })
        .getByRole('button', { name: `Remove ${person.name}` })
        .waitFor();
    }
    await anaPage.getByLabel('Attach a file or image').setInputFiles({
      name: 'lesson-plan.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Warm-up: number talk, 10 minutes'),
    });
    await anaPage.getByRole('button', { name: 'Remove lesson-plan.txt' }).waitFor();
    await anaPage.getByLabel('Message', { exact: true }).fill('Our plan for Thursday, before Dan joins');
    await anaPage.getByRole('button', { name: 'Send' }).click();
    const people = anaPage.getByRole('region', { name: 'People in this conversation' });
    await people.waitFor();
    const anaMessages = anaPage.getByRole('list').filter({ has: anaPage.locator('.message') });
    await anaMessages.getByRole('link', { name: 'lesson-plan.txt' }).waitFor();

    // Ben and Cal read it and fetch the file, which comes as a download that is never sniffed.
    const benPage = await journeys.newPage();
    await login(benPage, ben);
    const calPage = await journeys.newPage();
    await login(calPage, cal);
    const conversationUrl = new URL(anaPage.url()).pathname;
    await calPage.goto(conversationUrl);
    await calPage.getByText('before Dan joins').waitFor();
    const fileLink = calPage.getByRole('link', { name: 'lesson-plan.txt' });
    const fileUrl = (await fileLink.getAttribute('href')) as string;
    const file = await calPage.request.get(fileUrl);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers()['x-content-type-options']).toBe('nosniff');
    await benPage.goto(conversationUrl);
    await benPage.getByRole('link', { name: 'lesson-plan.txt' }).waitFor();

    // Ana adds Dan, who reads what is sent from now on and nothing before.
    await people.getByLabel('Add someone to this conversation').fill(dan.name);
    await people.getByRole('button', { name: `Add ${dan.name}` }).click();
    await people.getByText(dan.name).waitFor();
    await anaPage.getByLabel('Your message').fill('Welcome, Dan');
    await anaPage.getByRole('button', { name: 'Send' }).click();
    await anaMessages.getByText('Welcome, Dan').waitFor();
    const danPage = await journeys.newPage();
    await login(danPage, dan);
    await danPage.goto(conversationUrl);
    await danPage.getByText('Welcome, Dan').waitFor();
    await expect.poll(() => danPage.getByText('before Dan joins').count()).toBe(0);
    expect((await danPage.request.get(fileUrl)).status()).toBe(404);

    // Ana removes Cal: Cal's open page loses the conversation at once, and the file with it.
    await people.getByRole('button', { name: `Remove ${cal.name}` }).click();
    await anaPage
      .getByRole('button', { name: `Remove ${cal.name}` })
      .last()
      .click();
    await expect.poll(() => people.getByRole('listitem').filter({ hasText: cal.name }).count()).toBe(0);
    await calPage.getByRole('heading', { name: 'Conversation not found' }).waitFor();
    expect((await calPage.request.get(fileUrl)).status()).toBe(404);
    await expectAccessible(anaPage);

    // Ben leaves; the group page fits a phone.
    await benPage.getByRole('button', { name: 'Leave conversation' }).click();
    await benPage.getByRole('button', { name: 'Leave conversation' }).last().click();
    await expectPage(benPage, 'Messages');
    await anaPage.setViewportSize({ width: 375, height: 740 });
    await anaPage.reload();
    await people.waitFor();
    await expect.poll(() => people.getByRole('listitem').filter({ hasText: ben.name }).count()).toBe(0);
    expect(await scrollsSideways(anaPage)).toBe(false);
  });
});
