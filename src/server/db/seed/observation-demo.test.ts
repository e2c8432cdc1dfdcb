import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { seedObservationDemo } from './observation-demo.ts';

const t = setupTestApp();

describe('the demo lesson study’s observation', () => {
  it('gives the team a lesson taught last week, observers on case students and notes with a photo, once', async () => {
    const db = t.database.db;
    const north = await buildDistrict(db);
    const south = await buildDistrict(db);
    const network = await buildNetwork(db, [north.id, south.id]);
    const [fay, ana, ben] = [
      await buildUser(db, { districtId: north.id }),
      await buildUser(db, { districtId: north.id }),
      await buildUser(db, { districtId: south.id }),
    ];
    const community = await buildCommunity(db, {
      createdBy: fay.id,
      districtId: null,
      ownerKind: 'network',
      ownerId: network.id,
      members: [{ userId: fay.id, role: 'facilitator' }, { userId: ana.id }, { userId: ben.id }],
    });
    const cycleId = uuidv7();
    await db.execute(sql`
      insert into inquiry_cycles (id, kind, title, community_id, network_id, facilitator_id, template_base,
                                  current_phase, starts_on, ends_on, created_by)
      values (${cycleId}, 'lesson_study', 'Fractions of a set', ${community.id}, ${network.id}, ${fay.id},
              'classic_lesson_study', 'reflect', current_date - 30, current_date + 30, ${fay.id})`);
    await db.execute(sql`
      insert into inquiry_cycle_members (cycle_id, user_id, role)
      values (${cycleId}, ${fay.id}, 'facilitator'), (${cycleId}, ${ana.id}, 'member'), (${cycleId}, ${ben.id}, 'member')`);

    await seedObservationDemo(db, t.app.storage, cycleId);
    await seedObservationDemo(db, t.app.storage, cycleId);

    const as = await signedIn(t, ben.id);
    const setup = (await as.get(`/api/inquiry/cycles/${cycleId}/observation`)).json().data;
    expect(setup.lesson).toMatchObject({ mode: 'in_person', place: 'Room 12, grade 5' });
    expect(setup.assignments).toHaveLength(2);
    expect(setup.pointsToNotice.length).toBeGreaterThanOrEqual(2);
    const { notes } = (await as.get(`/api/inquiry/cycles/${cycleId}/observation/notes`)).json().data;
    expect(notes).toHaveLength(5);
    const photo = notes.flatMap((n: { photos: { id: string }[] }) => n.photos)[0];
    const file = await as.get(`/api/inquiry/cycles/${cycleId}/observation/photos/${photo.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from learning_entries where kind = 'research_lesson_observed'`,
    );
    expect(rows[0].n).toBe(2);
  });
});
