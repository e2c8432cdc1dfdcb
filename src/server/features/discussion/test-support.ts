import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { Agent } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';

/**
 * The usual cast: a by-request community in one district with a facilitator and a member, a
 * colleague in the same district who is not a member, and someone from another district.
 */
export async function buildCast(db: Db, options: { joinPolicy?: 'open' | 'request' | 'invitation' } = {}) {
  const district = await buildDistrict(db);
  const school = await buildSchool(db, district.id);
  const facilitator = await buildUser(db, { districtId: district.id, schoolId: school.id });
  const member = await buildUser(db, { districtId: district.id, schoolId: school.id });
  const colleague = await buildUser(db, { districtId: district.id });
  const otherDistrict = await buildDistrict(db);
  const stranger = await buildUser(db, { districtId: otherDistrict.id });
  const community = await buildCommunity(db, {
    districtId: district.id,
    createdBy: facilitator.id,
    joinPolicy: options.joinPolicy ?? 'request',
    members: [
      { userId: facilitator.id, role: 'facilitator' },
      { userId: member.id, role: 'member' },
    ],
  });
  return { district, school, facilitator, member, colleague, stranger, community };
}

/** Starts a thread through the API and returns its id and its opening post's id. */
export async function startThread(
  as: Agent,
  communityId: string,
  body: Partial<{
    type: string;
    title: string;
    body: string;
    idempotencyKey: string;
    attachmentIds: string[];
  }> = {},
) {
  const response = await as.post(`/api/communities/${communityId}/threads`, {
    type: 'question',
    title: 'How do you start a lesson?',
    body: 'I would love to hear your **openers**.',
    ...body,
  });
  if (response.statusCode !== 201) throw new Error(`thread not started: ${response.body}`);
  const threadId: string = response.json().data.id;
  const page = (await as.get(`/api/threads/${threadId}`)).json();
  return { threadId, openingId: page.data.opening.id as string };
}

/** Counts rows of a table matching a condition, to prove a refused write changed nothing. */
export async function count(db: Db, table: string, where = sql`true`): Promise<number> {
  const { rows } = await db.execute<{ n: string }>(
    sql`select count(*)::text as n from ${sql.raw(table)} where ${where}`,
  );
  return Number(rows[0].n);
}
