import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '#server/db/schema.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { expectAccessible, expectPage, linkIn, login, setupJourneys, waitForMail } from './fixtures.ts';

const journeys = setupJourneys();

describe('inviting a teacher into a network', () => {
  it('lets an invited teacher join, complete a profile and be found across the network, but not outside it', async () => {
    const suffix = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const home = await buildDistrict(db, { name: `Aspen Fork Schools ${suffix}` });
    const peer = await buildDistrict(db, { name: `Bitterroot Unified ${suffix}` });
    const outside = await buildDistrict(db, { name: `Coldwater Public ${suffix}` });
    await buildNetwork(db, [home.id, peer.id]);
    await buildNetwork(db, [outside.id]);
    await buildSchool(db, home.id, { name: `Aspen Fork Middle ${suffix}` });
    await buildSchool(db, home.id, { name: `Aspen Fork High ${suffix}` });
    const admin = await buildUser(db, { districtId: home.id, role: 'district_admin' });
    const peerTeacher = await buildUser(db, { districtId: peer.id });
    const outsider = await buildUser(db, { districtId: outside.id });
    const invitee = { name: `Ingrid Vasquez${suffix}`, email: `ingrid.${suffix}@aspenfork.example` };
    const password = 'a long walk through aspen groves';

    // The district admin invites a teacher.
    const adminPage = await journeys.newPage();
    await login(adminPage, admin);
    await adminPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await expectPage(adminPage);
    const inviteForm = adminPage.getByRole('form', { name: 'Invite staff' });
    await inviteForm.getByLabel('Email', { exact: true }).fill(invitee.email);
    await inviteForm.getByLabel('Name (optional)').fill(invitee.name);
    await inviteForm.getByLabel('Role', { exact: true }).selectOption({ label: 'Teacher' });
    await inviteForm.getByRole('button', { name: 'Send invitation' }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `Invitation sent to ${invitee.email}` })
      .waitFor();
    await expectAccessible(adminPage);

    // The teacher follows the emailed link, sets a password and lands signed in.
    const link = linkIn(await waitForMail(invitee.email), '/invitations/accept');
    const teacherPage = await journeys.newPage();
    await teacherPage.goto(link);
    await expectPage(teacherPage);
    await expect.poll(() => teacherPage.getByLabel('Your name').inputValue()).toBe(invitee.name);
    await teacherPage.getByLabel('Choose a password').fill(password);
    await teacherPage.getByLabel('Type the password again').fill(password);
    await teacherPage.getByRole('button', { name: 'Join Trellis' }).click();
    await teacherPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await expectPage(teacherPage);

    // ...and completes a profile.
    await teacherPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My profile' })
      .click();
    await expectPage(teacherPage, 'My profile');
    await teacherPage.getByLabel('Role title').fill('Seventh grade science teacher');
    await teacherPage.getByRole('checkbox', { name: 'Science', exact: true }).check();
    await teacherPage.getByRole('checkbox', { name: 'Grades 6-8' }).check();
    await teacherPage
      .getByLabel('Bio', { exact: true })
      .fill('I run a lesson study group on <em>inquiry</em> labs.');
    await teacherPage.getByLabel('Expertise', { exact: true }).fill('lesson study, inquiry labs');
    await teacherPage.getByRole('checkbox', { name: 'I am open to mentoring a colleague' }).check();
    await teacherPage.getByRole('button', { name: 'Save my profile' }).click();
    await teacherPage.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
    await expectAccessible(teacherPage);

    // A school is assigned, not chosen: the teacher asks for theirs and a district admin approves.
    await teacherPage.getByRole('button', { name: 'Request a change of school' }).click();
    await teacherPage.getByRole('checkbox', { name: `Aspen Fork Middle ${suffix}` }).check();
    await teacherPage
      .getByLabel('Note for your district administrators (optional)')
      .fill('I started in August.');
    await teacherPage.getByRole('button', { name: 'Send request' }).click();
    await teacherPage
      .getByText(`Request pending: you asked to belong to Aspen Fork Middle ${suffix}.`)
      .waitFor();
    await expectAccessible(teacherPage);
    await adminPage.goto('/admin/people');
    const requests = adminPage.getByRole('region', { name: 'School change requests' });
    await requests.getByText(`${invitee.name} asks to belong to Aspen Fork Middle ${suffix}`).waitFor();
    await expectAccessible(adminPage);
    await requests.getByRole('button', { name: `Approve the request of ${invitee.name}` }).click();
    await requests
      .getByRole('status')
      .filter({ hasText: `${invitee.name} now belongs to Aspen Fork Middle ${suffix}.` })
      .waitFor();
    await teacherPage.reload();
    await teacherPage.getByText(`You belong to Aspen Fork Middle ${suffix}.`).waitFor();

    // She also teaches at the high school: the admin assigns her a second school from the people table.
    await adminPage.getByLabel('Search by name or email').fill(invitee.name);
    await adminPage.getByRole('button', { name: 'Search staff' }).click();
    const staffRow = adminPage
      .getByRole('table', { name: 'Staff of your district' })
      .getByRole('row', { name: new RegExp(invitee.name) });
    await staffRow.getByRole('button', { name: `Edit schools of ${invitee.name}` }).click();
    const schoolsForm = staffRow.getByRole('group', { name: `Schools of ${invitee.name}` });
    await expect
      .poll(() => schoolsForm.getByRole('checkbox', { name: `Aspen Fork Middle ${suffix}` }).isChecked())
      .toBe(true);
    await schoolsForm.getByRole('checkbox', { name: `Aspen Fork High ${suffix}` }).check();
    await expectAccessible(adminPage);
    await staffRow.getByRole('button', { name: `Save schools of ${invitee.name}` }).click();
    await adminPage
      .getByRole('status')
      .filter({
        hasText: `${invitee.name} belongs to Aspen Fork Middle ${suffix}, Aspen Fork High ${suffix}.`,
      })
      .waitFor();
    await teacherPage.reload();
    await teacherPage
      .getByText(`You belong to Aspen Fork Middle ${suffix}, Aspen Fork High ${suffix}.`)
      .waitFor();
    const [joined] = await db.select().from(users).where(eq(users.email, invitee.email));
    expect(joined.districtId).toBe(home.id);

    // A teacher of another district in the same network finds them.
    const peerPage = await journeys.newPage();
    await login(peerPage, peerTeacher);
    await peerPage.goto('/directory');
    await expectPage(peerPage, 'Directory');
    await peerPage.getByLabel('Search by name or words in a profile').fill(invitee.name);
    await peerPage.getByRole('button', { name: 'Search the directory' }).click();
    const found = peerPage.getByRole('link', { name: invitee.name });
    await found.waitFor();
    await expectAccessible(peerPage);
    await found.click();
    await expectPage(peerPage, invitee.name);
    await peerPage.getByText('Seventh grade science teacher').first().waitFor();
    // What they wrote is shown as text, never as markup.
    await peerPage.getByText('<em>inquiry</em>', { exact: false }).first().waitFor();
    await expect.poll(() => peerPage.locator('main em', { hasText: 'inquiry' }).count()).toBe(0);

    // A teacher of a district outside the network cannot find them, even by their address.
    const outsiderPage = await journeys.newPage();
    await login(outsiderPage, outsider);
    await outsiderPage.goto('/directory');
    await expectPage(outsiderPage, 'Directory');
    await outsiderPage.getByLabel('Search by name or words in a profile').fill(invitee.name);
    await outsiderPage.getByRole('button', { name: 'Search the directory' }).click();
    await outsiderPage.getByRole('status').filter({ hasText: 'No one matches this search.' }).waitFor();
    await expect.poll(() => outsiderPage.getByRole('link', { name: invitee.name }).count()).toBe(0);
    await expectAccessible(outsiderPage);
    await outsiderPage.goto(`/people/${joined.id}`);
    await expectPage(outsiderPage, 'Person not found');
    await expect.poll(() => outsiderPage.getByText(invitee.name).count()).toBe(0);
  });
});
