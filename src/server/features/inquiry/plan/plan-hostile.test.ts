import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { fromBase64, planRows, toBase64 } from '#shared/lesson-plan.ts';

const t = setupTestApp();

/** A lesson study whose facilitator Ana and member Ben have started its plan. */
async function lessonStudyWithPlan() {
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
    values (${cycleId}, 'lesson_study', 'Ratio tables', ${community.id}, ${network.id}, ${ana.id},
            'classic_lesson_study', 'active', 'plan', '{math}', '2026-09-01', '2026-12-01', 2, ${ana.id})`);
  await db.execute(sql`
    insert into inquiry_cycle_members (cycle_id, user_id, role)
    values (${cycleId}, ${ana.id}, 'facilitator'), (${cycleId}, ${ben.id}, 'member')`);
  const as = { ana: await signedIn(t, ana.id), ben: await signedIn(t, ben.id) };
  expect((await as.ana.post(`/api/inquiry/cycles/${cycleId}/plans`, {})).statusCode).toBe(201);
  return { cycleId, as };
}

describe('a plan update that would leave the plan unreadable', () => {
  it('is refused naming the field, and the plan still reads for the team', async () => {
    const { cycleId, as } = await lessonStudyWithPlan();
    const path = `/api/inquiry/cycles/${cycleId}/plans/1`;
    const before = (await as.ben.get(path)).json().data;

    // A well-formed Yjs update, made on the plan as it stands, that puts a bare value among its rows.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fromBase64(before.state));
    const seen = Y.encodeStateVector(doc);
    planRows(doc).push(['not a row' as unknown as Y.Map<unknown>]);
    const update = toBase64(Y.encodeStateAsUpdate(doc, seen));

    const res = await as.ben.post(`${path}/updates`, { update });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors[0].path).toBe('/body/update');

    const after = await as.ana.get(path);
    expect(after.statusCode).toBe(200);
    expect(after.json().data.seq).toBe(before.seq);
    expect(after.json().data.content.rows).toHaveLength(before.content.rows.length);
  });
});
