import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { expectAccessible, expectPage, setupJourneys } from './fixtures.ts';

const journeys = setupJourneys();

describe('collections', () => {
  it('a coach curates an ordered, annotated collection and a colleague reads it', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const school = await buildSchool(db, district.id);
    const coach = await buildUser(db, { districtId: district.id, schoolId: school.id, role: 'coach' });
    const colleague = await buildUser(db, { districtId: district.id });
    const tag = randomUUID().slice(0, 6);
    const a = await buildResource(db, {
      ownerId: coach.id,
      districtId: district.id,
      audience: 'public',
      title: `Protocol ${tag}`,
    });
    const b = await buildResource(db, {
      ownerId: coach.id,
      districtId: district.id,
      audience: 'public',
      title: `Example ${tag}`,
    });

    const page = await journeys.signedIn(coach);
    await page.goto('/collections?mine=1');
    await expectPage(page, 'Collections');
    await page.getByText('No collections found').waitFor();

    await page.goto(`/collections/new?add=${a.id}`);
    await expectPage(page, 'New collection');
    await page.getByLabel('Title').fill(`Starting lesson study ${tag}`);
    await page.getByLabel('Description').fill('Begin here.');
    await page.getByLabel('Who can see it').selectOption({ label: `My district: ${district.name}` });
    await page.getByRole('button', { name: 'Create the collection' }).click();
    await expectPage(page, `Starting lesson study ${tag}`);
    await page.getByRole('link', { name: `Protocol ${tag}` }).waitFor();
    const url = page.url();
    // Add the second straight through the API the resource page uses, then curate.
    const id = url.split('/').pop();
    await page.evaluate(
      async ([cid, rid]) => {
        const s = await (await fetch('/api/session')).json();
        await fetch(`/api/collections/${cid}/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.data.csrfToken },
          body: JSON.stringify({ resourceId: rid, annotation: 'Then this.' }),
        });
      },
      [id, b.id],
    );
    await page.reload();
    await expectPage(page, `Starting lesson study ${tag}`);
    const titles = () => page.locator('.collection-items h3').allTextContents();
    await expect.poll(() => titles()).toEqual([`Protocol ${tag}`, `Example ${tag}`]);

    await page.getByRole('button', { name: `Move up: Example ${tag}` }).click();
    await page.getByText(`Moved “Example ${tag}” to position 1 of 2.`).waitFor();
    await expect.poll(() => titles()).toEqual([`Example ${tag}`, `Protocol ${tag}`]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Move down');

    await page.getByRole('button', { name: `Add a note: Protocol ${tag}` }).click();
    await page.getByLabel(`Note on “Protocol ${tag}”`).fill('Read before the first cycle.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Read before the first cycle.').waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: `Remove: Example ${tag}` }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText(`Put “Example ${tag}” back.`).waitFor();
    await expect.poll(() => titles()).toEqual([`Example ${tag}`, `Protocol ${tag}`]);

    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Title').fill(`Lesson study path ${tag}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: `Lesson study path ${tag}` }).waitFor();
    await expectAccessible(page);

    const other = await journeys.signedIn(colleague);
    await other.goto('/collections');
    await expectPage(other, 'Collections');
    await other.getByLabel('Search by title or description').fill(tag);
    await other.getByRole('button', { name: 'Search collections' }).click();
    await other.getByRole('link', { name: `Lesson study path ${tag}` }).click();
    await expectPage(other, `Lesson study path ${tag}`);
    await other.getByText('Read before the first cycle.').waitFor();
    await expect.poll(() => other.getByRole('button', { name: /Move up/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Delete collection' }).click();
    await page.getByRole('button', { name: 'Delete the collection' }).click();
    await expectPage(page, 'Collections');
  });
});

describe('adding from a resource page', () => {
  it('adds a resource to one of one’s collections, or offers to create the first', async () => {
    const db = journeys.database.db;
    const district = await buildDistrict(db);
    const coach = await buildUser(db, { districtId: district.id });
    const newcomer = await buildUser(db, { districtId: district.id });
    const tag = randomUUID().slice(0, 6);
    const r = await buildResource(db, {
      ownerId: coach.id,
      districtId: district.id,
      audience: 'district',
      title: `Task ${tag}`,
    });

    const fresh = await journeys.signedIn(newcomer);
    await fresh.goto(`/resources/${r.id}`);
    await expectPage(fresh, `Task ${tag}`);
    await fresh.getByRole('link', { name: 'Create a collection' }).click();
    await expectPage(fresh, 'New collection');
    await fresh.getByLabel('Title').fill(`Mine ${tag}`);
    await fresh.getByRole('button', { name: 'Create the collection' }).click();
    await expectPage(fresh, `Mine ${tag}`);
    await fresh.getByRole('link', { name: `Task ${tag}` }).waitFor();

    await db.execute(sql`insert into collections (id, owner_id, district_id, audience, title)
      values (${randomUUID()}, ${coach.id}, ${district.id}, 'private', ${`Drafts ${tag}`})`);
    const page = await journeys.signedIn(coach);
    await page.goto(`/resources/${r.id}`);
    await expectPage(page, `Task ${tag}`);
    await page.getByRole('button', { name: 'Add to a collection' }).click();
    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'A new collection…' });
    await page.getByLabel('New collection title').fill(`Performance tasks ${tag}`);
    await page.getByLabel('Note for readers').fill('Start the year with this one.');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText(`Added to Performance tasks ${tag}.`).waitFor();
    await expectAccessible(page);
    const href = await page.getByRole('link', { name: `Performance tasks ${tag}` }).getAttribute('href');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'already in the collection' }).waitFor();
    await page.goto(href ?? '');
    await expectPage(page, `Performance tasks ${tag}`);
    await page.getByText('Start the year with this one.').waitFor();
  });
});
