import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { recordStatement, type Verb } from '#server/platform/statements.ts';
import type { SpreadView } from '#shared/contracts/mobilization.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { mobilizationWorld } from './test-world.ts';

const t = setupTestApp();

/** What another feature records when someone tries, reviews or remixes a resource. */
async function activity(
  db: Db,
  verb: Verb,
  resourceId: string,
  who: { id: string; districtId: string; schoolId: string | null },
  stored?: string,
) {
  const id = await recordStatement(db, {
    actor: { id: who.id },
    verb,
    object: { type: 'resource', id: resourceId },
    context: { districtId: who.districtId, schoolId: who.schoolId },
  });
  if (stored) await db.execute(sql`update statements set stored = ${stored}::timestamptz where id = ${id}`);
}

async function spreadOf(userId: string, resourceId: string) {
  const response = await (await signedIn(t, userId)).get(`/api/resources/${resourceId}/spread`);
  expect(response.statusCode, response.body).toBe(200);
  return { view: response.json().data as SpreadView, body: response.body };
}

/** The world, with the resource public, and activity in the home and partner districts and beyond. */
async function spreadWorld() {
  const w = await mobilizationWorld(t.database.db);
  const { db } = w;
  await db.execute(
    sql`update resources set audience = 'public', audience_id = null where id = ${w.resource.id}`,
  );
  // Two districts in a network of their own, far from the home district.
  const far = await buildDistrict(db, { name: 'Far District' });
  const farther = await buildDistrict(db, { name: 'Farther District' });
  await buildNetwork(db, [far.id, farther.id], { name: 'Far Network' });
  const farSchool = await buildSchool(db, far.id, { name: 'Far Hill School' });
  const fartherSchool = await buildSchool(db, farther.id, { name: 'Farther Glen School' });
  const farTeacher = await buildUser(db, { districtId: far.id, schoolId: farSchool.id });
  const fartherTeacher = await buildUser(db, { districtId: farther.id, schoolId: fartherSchool.id });

  const person = (u: { id: string; districtId: string }, schoolId: string | null) => ({ ...u, schoolId });
  await activity(db, 'tried', w.resource.id, person(w.colleague, w.lincoln.id), '2025-01-15T10:00:00Z');
  await activity(db, 'reviewed', w.resource.id, person(w.oakTeacher, w.oak.id), '2025-03-02T10:00:00Z');
  await activity(db, 'remixed', w.resource.id, person(w.coach, w.partnerSchool.id), '2025-03-20T10:00:00Z');
  await activity(db, 'tried', w.resource.id, person(farTeacher, farSchool.id), '2025-02-01T10:00:00Z');
  await activity(
    db,
    'tried',
    w.resource.id,
    person(fartherTeacher, fartherSchool.id),
    '2025-02-03T10:00:00Z',
  );
  // Noise: another resource's activity, and a verb the view does not count.
  const other = await buildResource(db, {
    ownerId: w.coach.id,
    districtId: w.partner.id,
    audience: 'public',
  });
  await activity(db, 'tried', other.id, person(w.colleague, w.lincoln.id));
  await activity(db, 'shared', w.resource.id, person(w.coach, w.partnerSchool.id));
  const brought = await (await signedIn(t, w.sharer.id)).post(`/api/resources/${w.resource.id}/home-shares`, {
    targetKind: 'school',
    note: 'For Lincoln.',
  });
  expect(brought.statusCode).toBe(201);
  return { ...w, far, farther, farSchool, fartherSchool, farTeacher, fartherTeacher };
}

describe('a resource’s spread', () => {
  it('asks a signed-out visitor to sign in, and rejects an id that is not one', async () => {
    const w = await mobilizationWorld(t.database.db);
    expect((await agent(t).get(`/api/resources/${w.resource.id}/spread`)).statusCode).toBe(401);
    const bad = await (await signedIn(t, w.sharer.id)).get('/api/resources/nope/spread');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/params/id');
  });

  it('answers 404 to someone who may not see the resource, or when it is gone', async () => {
    const w = await mobilizationWorld(t.database.db);
    // The colleague is not in the community the resource is shared with.
    const outsider = await (await signedIn(t, w.colleague.id)).get(`/api/resources/${w.resource.id}/spread`);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.headers['content-type']).toContain('application/problem+json');
    await w.db.execute(sql`update resources set deleted_at = now() where id = ${w.resource.id}`);
    expect(
      (await (await signedIn(t, w.coach.id)).get(`/api/resources/${w.resource.id}/spread`)).statusCode,
    ).toBe(404);
  });

  it('is empty before anything has happened', async () => {
    const w = await mobilizationWorld(t.database.db);
    const { view } = await spreadOf(w.coach.id, w.resource.id);
    expect(view).toEqual({
      resource: { id: w.resource.id, title: 'Fraction talks task' },
      reach: { schools: 0, districts: 0 },
      totals: { received: 0, tried: 0, remixed: 0, reviewed: 0 },
      rows: [],
      months: [],
      districtMonths: [],
    });
  });

  it('shows a viewer the schools of their own district, partner districts, and the rest as counts', async () => {
    const w = await spreadWorld();
    const { view, body } = await spreadOf(w.oakTeacher.id, w.resource.id);
    expect(view.reach).toEqual({ schools: 5, districts: 4 });
    expect(view.totals).toEqual({ received: 1, tried: 3, remixed: 1, reviewed: 1 });
    expect(
      view.rows.map((r) => [
        r.level,
        r.district?.name ?? null,
        r.school?.name ?? null,
        r.schoolCount,
        r.districtCount,
      ]),
    ).toEqual([
      ['school', w.home.name, w.lincoln.name, 1, 1],
      ['school', w.home.name, w.oak.name, 1, 1],
      ['district', w.partner.name, null, 1, 1],
      ['other', null, null, 2, 2],
    ]);
    const [lincoln, , partner, others] = view.rows;
    expect(lincoln).toMatchObject({ received: 1, tried: 1, first: '2025-01-15T10:00:00.000Z' });
    expect(partner).toMatchObject({ remixed: 1, tried: 0 });
    expect(others).toMatchObject({ tried: 2, received: 0 });
    for (const name of [
      'Far District',
      'Farther District',
      'Far Hill School',
      'Farther Glen School',
      w.partnerSchool.name,
    ])
      expect(body).not.toContain(name);
    for (const id of [w.far.id, w.farther.id, w.farSchool.id, w.fartherSchool.id, w.partnerSchool.id])
      expect(body).not.toContain(id);

    expect(view.months.slice(0, 3)).toEqual([
      { month: '2025-01', received: 0, tried: 1, remixed: 0, reviewed: 0 },
      { month: '2025-02', received: 0, tried: 2, remixed: 0, reviewed: 0 },
      { month: '2025-03', received: 0, tried: 0, remixed: 1, reviewed: 1 },
    ]);
    const february = view.districtMonths.filter((m) => m.month === '2025-02');
    expect(february).toEqual([
      { month: '2025-02', district: null, received: 0, tried: 2, remixed: 0, reviewed: 0 },
    ]);
  });

  it('shows a viewer from another network only "Other districts" counts, and no name at all', async () => {
    const w = await spreadWorld();
    const elsewhere = await buildDistrict(w.db, { name: 'Elsewhere District' });
    const neighbour = await buildDistrict(w.db);
    await buildNetwork(w.db, [elsewhere.id, neighbour.id]);
    const viewer = await buildUser(w.db, { districtId: elsewhere.id });
    const { view, body } = await spreadOf(viewer.id, w.resource.id);
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({
      level: 'other',
      district: null,
      school: null,
      schoolCount: 5,
      districtCount: 4,
      received: 1,
      tried: 3,
      remixed: 1,
      reviewed: 1,
    });
    expect(view.rows[0]).toMatchObject({ first: null, last: null });
    expect(body).not.toContain('2025-02-01T10:00');
    expect(view.districtMonths.every((m) => m.district === null)).toBe(true);
    for (const org of [w.home, w.partner, w.lincoln, w.oak, w.partnerSchool, w.far, w.farSchool]) {
      expect(body).not.toContain(org.name);
      expect(body).not.toContain(org.id);
    }
  });

  it('counts a reviewer once, however often they edit their review', async () => {
    const w = await mobilizationWorld(t.database.db);
    const reviewer = await signedIn(t, w.sharer.id);
    const scores = { alignment: 3, clarity: 3, evidence: 2, adaptability: 4, comment: '' };
    for (const clarity of [3, 4]) {
      const saved = await reviewer.put(`/api/resources/${w.resource.id}/reviews/mine`, {
        ...scores,
        clarity,
      });
      expect(saved.statusCode, saved.body).toBeLessThan(300);
    }
    const { view } = await spreadOf(w.sharer.id, w.resource.id);
    expect(view.totals.reviewed).toBe(1);
    expect(view.rows).toMatchObject([{ level: 'school', school: { id: w.lincoln.id }, reviewed: 1 }]);
  });

  it('gives the owner no exception: their own district’s schools, the rest by the same rule', async () => {
    const w = await spreadWorld();
    const { view, body } = await spreadOf(w.coach.id, w.resource.id);
    // The coach's district is the partner: its school is named, the home district is a partner row.
    expect(view.rows.map((r) => [r.level, r.district?.name ?? null, r.school?.name ?? null])).toEqual([
      ['school', w.partner.name, w.partnerSchool.name],
      ['district', w.home.name, null],
      ['other', null, null],
    ]);
    expect(body).not.toContain(w.lincoln.name);
    expect(body).not.toContain(w.oak.name);
  });
});
