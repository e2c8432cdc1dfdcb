/**
 * A small world for knowledge-mobilization tests: a home district with two schools, a partner
 * district in the same network, a network community the sharer belongs to, a resource shared to it
 * and a thread whose reply is marked as its insight.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildReply, buildThread } from '#server/test/community-builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';

export async function mobilizationWorld(db: Db) {
  const home = await buildDistrict(db, { name: `Riverbend ${Math.random().toString(36).slice(2, 6)}` });
  const partner = await buildDistrict(db);
  const network = await buildNetwork(db, [home.id, partner.id]);
  const lincoln = await buildSchool(db, home.id, {
    name: `Lincoln ${Math.random().toString(36).slice(2, 6)}`,
  });
  const oak = await buildSchool(db, home.id);
  const partnerSchool = await buildSchool(db, partner.id);

  const sharer = await buildUser(db, { districtId: home.id, schoolId: lincoln.id, name: 'Ana Díaz' });
  const colleague = await buildUser(db, { districtId: home.id, schoolId: lincoln.id, name: 'Colleague' });
  const oakTeacher = await buildUser(db, { districtId: home.id, schoolId: oak.id, name: 'Oak Teacher' });
  const noSchool = await buildUser(db, { districtId: home.id, name: 'District Coach' });
  const coach = await buildUser(db, { districtId: partner.id, schoolId: partnerSchool.id, name: 'Coach' });

  const community = await buildCommunity(db, {
    createdBy: coach.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    joinPolicy: 'request',
    name: 'Lesson Study Network',
    members: [{ userId: coach.id, role: 'facilitator' }, { userId: sharer.id }, { userId: noSchool.id }],
  });
  const resource = await buildResource(db, {
    ownerId: coach.id,
    districtId: partner.id,
    schoolId: partnerSchool.id,
    audience: 'community',
    audienceId: community.id,
    title: 'Fraction talks task',
  });
  const thread = await buildThread(db, {
    communityId: community.id,
    authorId: coach.id,
    title: 'What made number talks work?',
  });
  const insight = await buildReply(db, {
    threadId: thread.threadId,
    communityId: community.id,
    authorId: sharer.id,
    body: 'Start with **dot images** before symbols.',
  });
  await db.execute(sql`update threads set insight_post_id = ${insight.postId} where id = ${thread.threadId}`);

  return {
    db,
    home,
    partner,
    network,
    lincoln,
    oak,
    partnerSchool,
    sharer,
    colleague,
    oakTeacher,
    noSchool,
    coach,
    community,
    resource,
    thread,
    insight,
  };
}

/** How many statements and home shares there are: a refused write must change neither. */
export async function countWrites(db: Db) {
  const { rows } = await db.execute<{ statements: number; home_shares: number }>(sql`
    select (select count(*)::int from statements) as statements,
           (select count(*)::int from home_shares) as home_shares`);
  return rows[0];
}
