import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential } from '#server/test/credential-builders.ts';
import { expectAccessible, expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('career pathways', () => {
  it('a district defines a three-step ladder; a teacher sees what she is missing, earns it, applies for a mentor role and is accepted', async () => {
    const tag = randomUUID().slice(0, 6);
    const db = journeys.database.db;
    const north = await buildDistrict(db, { name: `North Fork Schools ${tag}` });
    const south = await buildDistrict(db, { name: `South Ridge Schools ${tag}` });
    await buildNetwork(db, [north.id, south.id], { name: `River Valley Network ${tag}` });
    const elm = await buildSchool(db, north.id, { name: `Elm Middle ${tag}` });
    const ada = await buildUser(db, {
      districtId: north.id,
      role: 'district_admin',
      name: `Ada Okafor${tag}`,
    });
    const tia = await buildUser(db, { districtId: north.id, schoolId: elm.id, name: `Tia Moreno${tag}` });
    const cole = await buildUser(db, { districtId: south.id, name: `Cole Barrett${tag}` });
    const credentialTitle = `Mentoring foundations ${tag}`;
    const { credential } = await buildMicroCredential(db, {
      issuerOrgId: north.id,
      createdBy: ada.id,
      title: credentialTitle,
    });

    // The district defines a three-step ladder.
    const admin = await journeys.signedIn(ada);
    await admin.goto('/admin/pathways');
    await expectPage(admin, 'Career ladders and stipends');
    await admin.getByLabel('Ladder title').fill(`Teacher leadership ${tag}`);
    await admin.getByLabel('Step 1 role title').fill('Teacher leader');
    await admin.getByLabel('Step 1 stipend (dollars)').fill('1500');
    await admin.getByRole('button', { name: 'Add a requirement to step 1' }).click();
    await admin.getByLabel('Step 1 requirement 1: credential').selectOption({ label: credentialTitle });
    await admin.getByRole('button', { name: 'Add a step' }).click();
    await admin.getByLabel('Step 2 role title').fill('Mentor teacher');
    await admin.getByRole('button', { name: 'Add a requirement to step 2' }).click();
    await admin.getByLabel('Step 2 requirement 1: kind').selectOption('role_held');
    await admin.getByRole('button', { name: 'Add a step' }).click();
    await admin.getByLabel('Step 3 role title').fill('Master teacher');
    await admin.getByRole('button', { name: 'Add a requirement to step 3' }).click();
    await admin.getByLabel('Step 3 requirement 1: kind').selectOption('manual');
    await admin
      .getByLabel('Step 3 requirement 1: what the administrator confirms')
      .fill('Interview with the district');
    await expectAccessible(admin);
    await admin.getByRole('button', { name: 'Save the ladder' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Saved the ladder “Teacher leadership ${tag}”.` })
      .waitFor();

    // And posts a mentor role that asks for the credential.
    await admin.goto('/opportunities');
    await expectPage(admin, 'Leadership opportunities');
    await admin.getByLabel('Kind').selectOption('mentor');
    await admin.getByLabel('Title').fill(`Mentor a new teacher ${tag}`);
    await admin.getByLabel('Stipend (dollars)').fill('1200');
    await admin.getByLabel('Credential required').selectOption({ label: credentialTitle });
    await admin.getByRole('button', { name: 'Post the opportunity' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Posted “Mentor a new teacher ${tag}”` })
      .waitFor();
    await expectAccessible(admin);

    // Tia sees where she stands: the credential is missing, with the way to it.
    const teacher = await journeys.signedIn(tia);
    await teacher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pathways' }).click();
    await expectPage(teacher, 'My pathways');
    const ladder = teacher.getByRole('region', { name: `Teacher leadership ${tag}` });
    await ladder.getByText(`Hold the credential “${credentialTitle}”`).first().waitFor();
    await ladder.getByText('Not started').first().waitFor();
    await ladder.getByText('Next step toward Teacher leader:').waitFor();
    await teacher.getByRole('link', { name: 'Leadership opportunities' }).click();
    await expectPage(teacher, 'Leadership opportunities');
    await teacher.getByRole('link', { name: `Mentor a new teacher ${tag}` }).click();
    await expectPage(teacher, `Mentor a new teacher ${tag}`);
    await teacher.getByText('You can apply once you meet every requirement.').waitFor();

    // She earns the credential: its issuer awards it.
    await admin.goto(`/micro-credentials/${credential.id}`);
    await expectPage(admin, credentialTitle);
    const form = admin.getByRole('region', { name: 'Award to a cohort' });
    await form.getByLabel('Email addresses').fill(tia.email);
    await form.getByRole('button', { name: 'Check addresses' }).click();
    const award = form.getByRole('button', { name: 'Award 1 person' });
    await expect.poll(() => award.getAttribute('class')).toBe('button');
    await award.click();
    await form
      .getByRole('status')
      .filter({ hasText: /^Done: 1 awarded/ })
      .waitFor();

    // Now she meets it, and applies, sharing where she stands.
    await teacher.reload();
    await expectPage(teacher, `Mentor a new teacher ${tag}`);
    await teacher.getByText('Met', { exact: true }).waitFor();
    await teacher
      .getByLabel('Why you, in a few sentences')
      .fill('I have welcomed three new colleagues to our team.');
    await teacher.getByLabel('Let the reviewers see where I stand on the requirements').check();
    await expectAccessible(teacher);
    await teacher.getByRole('button', { name: 'Send my application' }).click();
    await teacher.getByRole('status').filter({ hasText: 'Your application: submitted.' }).waitFor();

    // The district reads her application with what she shared and accepts it.
    await admin.goto('/opportunities');
    await admin.getByRole('link', { name: `Mentor a new teacher ${tag}` }).click();
    await expectPage(admin, `Mentor a new teacher ${tag}`);
    const applications = admin.getByRole('region', { name: 'Applications' });
    await applications.getByText('I have welcomed three new colleagues to our team.').waitFor();
    await applications.getByText(`Hold the credential “${credentialTitle}”`).waitFor();
    await expectAccessible(admin);
    await applications.getByRole('button', { name: `Accept Tia Moreno${tag}` }).click();
    await applications.getByText('Status: accepted').waitFor();

    // The mentor is found: the district closes the opportunity early, and could reopen it.
    await admin.getByRole('button', { name: 'Close to applications' }).click();
    await admin.getByText('closed early').waitFor();
    await admin.getByRole('button', { name: 'Reopen for applications' }).waitFor();

    // The role is hers, on her pathways page, and across the network's schools.
    await teacher.goto('/pathways');
    await expectPage(teacher, 'My pathways');
    await teacher
      .getByRole('region', { name: 'Roles I hold' })
      .getByText(`Mentor a new teacher ${tag}`)
      .waitFor();
    const colleague = await journeys.signedIn(cole);
    await colleague.goto('/pathways/leaders');
    await expectPage(colleague, 'Who leads what');
    await colleague
      .getByRole('row', { name: new RegExp(`Mentor a new teacher ${tag}.*Tia Moreno${tag}`) })
      .waitFor();
  });
});
