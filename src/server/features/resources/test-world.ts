/** Shared set-up of the resources tests: people around one owner, and files they upload. */
import sharp from 'sharp';
import type { Db } from '#server/db/client.ts';
import type { Agent } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { multipart } from '#server/test/multipart.ts';

/**
 * Two districts in a network and a third outside it; an owner (a coach) with a colleague at the
 * same school, one at another school of the district, someone in the network who shares a
 * community with the owner, and a stranger.
 */
export async function buildWorld(db: Db) {
  const district = await buildDistrict(db);
  const school = await buildSchool(db, district.id);
  const otherSchool = await buildSchool(db, district.id);
  const partner = await buildDistrict(db);
  const outside = await buildDistrict(db);
  const network = await buildNetwork(db, [district.id, partner.id]);
  const owner = await buildUser(db, { districtId: district.id, schoolId: school.id, role: 'coach' });
  const sameSchool = await buildUser(db, { districtId: district.id, schoolId: school.id });
  const sameDistrict = await buildUser(db, { districtId: district.id, schoolId: otherSchool.id });
  const inNetwork = await buildUser(db, { districtId: partner.id });
  const stranger = await buildUser(db, { districtId: outside.id });
  const community = await buildCommunity(db, {
    districtId: district.id,
    createdBy: owner.id,
    members: [
      { userId: owner.id, role: 'facilitator' },
      { userId: inNetwork.id, role: 'member' },
    ],
  });
  return {
    district,
    school,
    otherSchool,
    partner,
    network,
    owner,
    sameSchool,
    sameDistrict,
    inNetwork,
    stranger,
    community,
  };
}

/** A tiny PNG image. */
export const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();

/** Posts a file to the resource files upload, as the person signed in to `as`. */
export const uploadResourceFile = (as: Agent, filename: string, type: string, data: Buffer, field = 'file') =>
  as.request({ method: 'POST', url: '/api/resource-files', ...multipart(field, filename, type, data) });

/** Uploads a PNG and gives its file id. */
export async function uploadPng(as: Agent, name = 'work.png'): Promise<string> {
  const response = await uploadResourceFile(as, name, 'image/png', await png());
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().data.id;
}
