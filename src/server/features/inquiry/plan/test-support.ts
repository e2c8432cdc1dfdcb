import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import { signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';

/** A lesson study in its plan phase whose facilitator Ana and member Ben have started its plan. */
export async function lessonStudyWithPlan(t: TestContext, title: string) {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const network = await buildNetwork(db, [district.id]);
  const ana = await buildUser(db, { districtId: district.id });
  const ben = await buildUser(db, { districtId: district.id });
  const community = await buildCommunity(db, {
    createdBy: ana.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    members: [{ userId: ana.id, role: 'facilitator' }, { userId: ben.id }],
  });
  const cycleId = uuidv7();
  await db.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, facilitator_id, template_base, status,
                                current_phase, subjects, starts_on, ends_on, member_count, created_by)
    values (${cycleId}, 'lesson_study', ${title}, ${community.id}, ${network.id}, ${ana.id},
            'classic_lesson_study', 'active', 'plan', '{math}', '2026-09-01', '2026-12-01', 2, ${ana.id})`);
  await db.execute(sql`
    insert into inquiry_cycle_members (cycle_id, user_id, role)
    values (${cycleId}, ${ana.id}, 'facilitator'), (${cycleId}, ${ben.id}, 'member')`);
  const asAna = await signedIn(t, ana.id);
  const asBen = await signedIn(t, ben.id);
  const plan = await asAna.post(`/api/inquiry/cycles/${cycleId}/plans`, {});
  expect(plan.statusCode).toBe(201);
  return { cycleId, planId: plan.json().data.id as string, ana, ben, asAna, asBen };
}
