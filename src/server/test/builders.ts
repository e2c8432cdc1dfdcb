/**
 * Test-data builders: each creates just what a test needs, with fresh names, so tests never depend
 * on one another or on demo data.
 */
import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import {
  memberships,
  networkDistricts,
  organizations,
  profiles,
  type Role,
  users,
} from '#server/db/schema.ts';
import { refreshProfileSearch } from '#server/features/profiles/service.ts';
import { hashPassword } from '#server/platform/secrets.ts';

const unique = () => randomUUID().slice(0, 8);
/** A word of letters no other test uses, so a full-text search finds only the test's own rows. */
export const uniqueWord = () =>
  `zq${Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 8)}`;

export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | null = null;

export async function buildDistrict(db: Db, overrides: { name?: string } = {}) {
  const [row] = await db
    .insert(organizations)
    .values({ kind: 'district', name: overrides.name ?? `District ${unique()}` })
    .returning();
  return row;
}

export async function buildSchool(db: Db, districtId: string, overrides: { name?: string } = {}) {
  const [row] = await db
    .insert(organizations)
    .values({ kind: 'school', name: overrides.name ?? `School ${unique()}`, districtId })
    .returning();
  return row;
}

/** A network joining the given districts. */
export async function buildNetwork(db: Db, districtIds: string[], overrides: { name?: string } = {}) {
  const [row] = await db
    .insert(organizations)
    .values({ kind: 'network', name: overrides.name ?? `Network ${unique()}` })
    .returning();
  if (districtIds.length)
    await db
      .insert(networkDistricts)
      .values(districtIds.map((districtId) => ({ networkId: row.id, districtId })));
  return row;
}

export interface BuildUserOptions {
  districtId: string;
  role?: Role;
  name?: string;
  email?: string;
  schoolId?: string | null;
  /** Further schools the person belongs to besides `schoolId` (itinerant staff). */
  otherSchoolIds?: string[];
  status?: 'active' | 'deactivated';
  profile?: Partial<typeof profiles.$inferInsert>;
}

/** A staff member with a profile; the password is TEST_PASSWORD. */
export async function buildUser(db: Db, options: BuildUserOptions) {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const id = uuidv7();
  const name = options.name ?? `Teacher ${unique()}`;
  const [user] = await db
    .insert(users)
    .values({
      id,
      name,
      email: options.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${unique()}@example.test`,
      passwordHash: await testPasswordHash,
      districtId: options.districtId,
      status: options.status ?? 'active',
    })
    .returning();
  await db
    .insert(memberships)
    .values({ userId: id, organizationId: options.districtId, role: options.role ?? 'teacher' });
  await db.insert(profiles).values({ userId: id, schoolId: options.schoolId ?? null, ...options.profile });
  // A school is a membership of the school organization; the profile names the main one.
  const schoolIds = [...(options.schoolId ? [options.schoolId] : []), ...(options.otherSchoolIds ?? [])];
  if (schoolIds.length)
    await db
      .insert(memberships)
      .values(schoolIds.map((organizationId) => ({ userId: id, organizationId, role: 'teacher' as const })));
  await refreshProfileSearch(db, [id]);
  return user;
}
