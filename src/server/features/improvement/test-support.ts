import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';

/**
 * A network improvement community of two school teams in two districts: Fay facilitates (North's
 * Aspen school), Gus teaches at Aspen, Hal at South's Birch school.
 */
export async function buildImprovementCommunity(db: Db) {
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const aspen = await buildSchool(db, north.id, { name: 'Aspen Middle' });
  const birch = await buildSchool(db, south.id, { name: 'Birch Middle' });
  const fay = await buildUser(db, { districtId: north.id, schoolId: aspen.id });
  const gus = await buildUser(db, { districtId: north.id, schoolId: aspen.id });
  const hal = await buildUser(db, { districtId: south.id, schoolId: birch.id });
  const nic = await buildCommunity(db, {
    createdBy: fay.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    members: [{ userId: fay.id, role: 'facilitator' }, { userId: gus.id }, { userId: hal.id }],
  });
  await db.execute(sql`update communities set kind = 'improvement_community' where id = ${nic.id}`);
  return { network, north, south, aspen, birch, fay, gus, hal, nic };
}
