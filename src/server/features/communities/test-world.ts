/** Shared set-up of the communities tests: two districts in a network, one outside it. */
import { sql } from 'drizzle-orm';
import type { TestContext } from '#server/test/app.ts';
import { signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';

export async function buildWorld(t: TestContext) {
  const db = t.database.db;
  const home = await buildDistrict(db);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const school = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);
  const outsideSchool = await buildSchool(db, outside.id);
  const profile = { subjects: ['Mathematics'], gradeBands: ['3-5'] };
  const creator = await buildUser(db, { districtId: home.id, schoolId: school.id, profile });
  const colleague = await buildUser(db, { districtId: home.id, schoolId: school.id, profile });
  const partnerTeacher = await buildUser(db, {
    districtId: partner.id,
    schoolId: partnerSchool.id,
    profile: { ...profile, roleTitle: 'Grade 5 teacher' },
  });
  const stranger = await buildUser(db, { districtId: outside.id, schoolId: outsideSchool.id, profile });
  return {
    home,
    partner,
    outside,
    network,
    school,
    partnerSchool,
    creator,
    colleague,
    partnerTeacher,
    stranger,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

export const communityBody = (ownerId: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'plc',
  ownerId,
  name: 'Grade 5 Math Across the Plains',
  purpose: 'Share fraction lessons across districts.',
  studentFocus: 'Fifth graders reason about fractions on a number line.',
  subjects: ['Mathematics'],
  gradeBands: ['3-5'],
  joinPolicy: 'request',
  ...overrides,
});

/** Creates a community through the API as `userId`; returns its id. */
export async function createVia(
  t: TestContext,
  userId: string,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await (await signedIn(t, userId)).post('/api/communities', body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().data.id;
}

/** A person's row in a community, straight from the database. */
export async function memberRow(t: TestContext, communityId: string, userId: string) {
  const { rows } = await t.database.db.execute<{ status: string; role: string }>(sql`
    select status, role from community_members where community_id = ${communityId} and user_id = ${userId}`);
  return rows[0] ?? null;
}

export async function memberCount(t: TestContext, communityId: string): Promise<number> {
  const { rows } = await t.database.db.execute<{ member_count: number }>(
    sql`select member_count from communities where id = ${communityId}`,
  );
  return rows[0].member_count;
}
