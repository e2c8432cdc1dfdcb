import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { CredentialIssuer } from '#server/features/credentials/issuing/issuer.ts';
import type { Db } from '#server/db/client.ts';
import { memberships, networkDistricts, organizations, profiles, users } from '#server/db/schema.ts';
import { refreshProfileSearch } from '#server/features/profiles/service.ts';
import { seedCommunitiesDemo } from '#server/db/seed/communities-demo.ts';
import { seedDiscussionDemo } from '#server/db/seed/discussion-demo.ts';
import { seedResourcesDemo } from '#server/db/seed/resources-demo.ts';
import { seedMicroCredentialsDemo } from '#server/db/seed/micro-credentials-demo.ts';
import { seedOnboardingDemo } from './onboarding-demo.ts';
import { seedLearningDemo } from './learning-demo.ts';
import { seedLrsDemo } from './lrs-demo.ts';
import { seedCreditDemo } from './credit-demo.ts';
import { seedImprovementDemo } from './improvement-demo.ts';
import { seedInquiryDemo } from './inquiry-demo.ts';
import { seedMessagesDemo } from './messages-demo.ts';
import { seedNotificationsDemo } from './notifications-demo.ts';
import { seedPrivacyDemo } from './privacy-demo.ts';
import { seedRosterSyncDemo } from './roster-sync-demo.ts';
import { seedSignOnDemo } from '#server/db/seed/sign-on-demo.ts';
import { seedVideoCoachingDemo } from './video-coaching-demo.ts';
import { seedEdcampDemo } from './edcamp-demo.ts';
import { seedEventsDemo } from './events-demo.ts';
import { seedVideoLibraryDemo } from './video-library-demo.ts';
import { seedMentoringDemo } from './mentoring-demo.ts';
import { seedPathwaysDemo } from './pathways-demo.ts';
import type { Storage } from '#server/platform/storage.ts';
import { EXPERTISE_TAGS, FIRST_NAMES, LAST_NAMES } from '#server/db/seed/names.ts';
import { hashPassword } from '#server/platform/secrets.ts';
import { type FieldVisibility, GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';

export const DEMO_PASSWORD = 'trellis-demo-2026';

/** Invented districts of a rural consortium; school counts between 1 and 15. */
const DISTRICTS = [
  {
    name: 'Cedar Hollow School District',
    slug: 'cedarhollow',
    schools: ['Cedar Hollow Elementary', 'Cedar Hollow Middle', 'Cedar Hollow High'],
  },
  { name: 'Pine Ridge Unified', slug: 'pineridge', schools: ['Pine Ridge K-12'] },
  {
    name: 'Willow Creek Public Schools',
    slug: 'willowcreek',
    schools: [
      'Willow Creek Primary',
      'Bluebird Elementary',
      'Heron Lake Elementary',
      'Willow Creek Middle',
      'Willow Creek High',
      'Millrace Academy',
    ],
  },
  {
    name: 'Granite Falls District',
    slug: 'granitefalls',
    schools: ['Granite Falls Elementary', 'Granite Falls Junior-Senior High'],
  },
  {
    name: 'Red Mesa Consolidated',
    slug: 'redmesa',
    schools: [
      'Red Mesa Elementary',
      'Sandstone Elementary',
      'Juniper Elementary',
      'Red Mesa Middle',
      'Red Mesa High',
      'Canyon Early College',
      'Arroyo Elementary',
      'Red Mesa Virtual',
    ],
  },
];
const NETWORK = 'High Plains Rural Learning Network';

const PRONOUNS = ['she/her', 'he/him', 'they/them', null];
/**
 * What people choose to show: most keep the defaults (everything to the network), some keep their
 * email and years to the district, a few open their profile to anyone.
 */
const VISIBILITY_CHOICES: FieldVisibility[] = [
  {},
  {},
  {},
  { email: 'district' },
  { email: 'district', yearsInEducation: 'district' },
  { bio: 'district', pronouns: 'district' },
  { profile: 'public', subjects: 'public', expertise: 'public', photo: 'public' },
  { profile: 'public', subjects: 'public', gradeBands: 'public', expertise: 'public', bio: 'public' },
];

/** A small deterministic generator, so every fresh demo is the same network. */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
  return {
    next,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
    some: <T>(list: readonly T[], n: number) => [...list].sort(() => next() - 0.5).slice(0, n),
  };
}

export interface DemoSummary {
  password: string;
  total: number;
  highlighted: Array<{ email: string; role: string; district: string }>;
}

/**
 * Seeds the demo network unless the database already holds organizations; returns null when it did
 * nothing. With a storage, the demo library (which has files) is seeded too; with an issuer, a few
 * demo credentials are awarded (signed).
 */
export async function seedDemo(
  db: Db,
  storage?: Storage,
  issuer?: CredentialIssuer,
): Promise<DemoSummary | null> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from organizations`);
  if (rows[0].n > 0) {
    // A demo seeded before communities or the library existed gains them; anything else is left as it is.
    await seedDemoCommunities(db);
    if (storage) await seedResourcesDemo(db, storage);
    await seedMicroCredentialsDemo(db, issuer, storage);
    await seedSignOnDemo(db, DISTRICTS[0].name, `${DISTRICTS[0].slug}.example.org`);
    await seedOnboardingDemo(db, NETWORK, DISTRICTS[0].name);
    await seedPrivacyDemo(db, DISTRICTS[0].name);
    await seedRosterSyncDemo(db, DISTRICTS[0].name, DISTRICTS[0].slug);
    await seedLearningDemo(db, DISTRICTS[0].name);
    await seedLrsDemo(db, DISTRICTS[0].name);
    await seedCreditDemo(db, DISTRICTS[0].name);
    await seedMessagesDemo(db, DISTRICTS[0].name);
    await seedImprovementDemo(db);
    await seedInquiryDemo(db, storage);
    await seedNotificationsDemo(db, DISTRICTS[0].name);
    await seedVideoCoachingDemo(db, storage, DISTRICTS[0].name);
    await seedEventsDemo(db, NETWORK, DISTRICTS[0].name);
    await seedEdcampDemo(db, DISTRICTS[0].name);
    await seedVideoLibraryDemo(db, storage);
    await seedMentoringDemo(db, DISTRICTS[0].name);
    await seedPathwaysDemo(db, DISTRICTS[0].name);
    return null;
  }
  const rng = random(2026);
  // One hash for every demo account: scrypt is deliberately slow, and these share a password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const highlighted: DemoSummary['highlighted'] = [];
  let total = 0;

  await db.transaction(async (tx) => {
    const networkId = uuidv7();
    await tx.insert(organizations).values({ id: networkId, kind: 'network', name: NETWORK });
    const usedNames = new Set<string>();
    const userIds: string[] = [];
    for (const [d, district] of DISTRICTS.entries()) {
      const districtId = uuidv7();
      await tx.insert(organizations).values({ id: districtId, kind: 'district', name: district.name });
      await tx.insert(networkDistricts).values({ networkId, districtId });
      const schoolIds = district.schools.map(() => uuidv7());
      await tx.insert(organizations).values(
        district.schools.map((name, i) => ({
          id: schoolIds[i],
          kind: 'school' as const,
          name,
          districtId,
        })),
      );

      const staff: Array<{
        role: 'teacher' | 'coach' | 'principal' | 'district_admin';
        schoolId: string | null;
        title: string;
      }> = [{ role: 'district_admin', schoolId: null, title: 'Director of Professional Learning' }];
      for (const schoolId of schoolIds) staff.push({ role: 'principal', schoolId, title: 'Principal' });
      const coaches = Math.max(1, Math.round(schoolIds.length / 3));
      for (let i = 0; i < coaches; i++)
        staff.push({ role: 'coach', schoolId: rng.pick(schoolIds), title: 'Instructional Coach' });
      const teachers = 28 - staff.length + schoolIds.length;
      for (let i = 0; i < teachers; i++)
        staff.push({ role: 'teacher', schoolId: schoolIds[i % schoolIds.length], title: '' });

      for (const member of staff) {
        let name: string;
        do name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
        while (usedNames.has(name));
        usedNames.add(name);
        const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${district.slug}.example.org`;
        const userId = uuidv7();
        await tx.insert(users).values({ id: userId, email, name, passwordHash, districtId });
        await tx.insert(memberships).values({ userId, organizationId: districtId, role: member.role });
        // A school is a membership of the school organization; the profile below names it as the main one.
        if (member.schoolId)
          await tx.insert(memberships).values({ userId, organizationId: member.schoolId, role: 'teacher' });
        const subjects =
          member.role === 'teacher'
            ? rng.some(SUBJECTS, 1 + Math.floor(rng.next() * 2))
            : rng.some(SUBJECTS, 1);
        const gradeBands = rng.some(GRADE_BANDS, 1 + Math.floor(rng.next() * 2));
        const expertise = rng.some(EXPERTISE_TAGS, 1 + Math.floor(rng.next() * 3));
        const years = 1 + Math.floor(rng.next() * 28);
        await tx.insert(profiles).values({
          userId,
          pronouns: rng.pick(PRONOUNS),
          roleTitle: member.title || `${subjects[0]} teacher, grades ${gradeBands[0]}`,
          schoolId: member.schoolId,
          subjects,
          gradeBands,
          yearsInEducation: years,
          bio: `${years} years in education. Most interested in ${expertise.join(', ')}.`,
          expertise,
          openToMentoring: years > 8 && rng.next() < 0.5,
          seekingMentor: years < 4,
          fieldVisibility: rng.pick(VISIBILITY_CHOICES),
        });
        userIds.push(userId);
        total++;
        if (
          d === 0 &&
          (member.role !== 'teacher' || highlighted.length < 5) &&
          highlighted.filter((h) => h.role === member.role).length < 1
        )
          highlighted.push({ email, role: member.role, district: district.name });
        else if (
          d === 1 &&
          member.role === 'teacher' &&
          !highlighted.some((h) => h.district === district.name)
        )
          highlighted.push({ email, role: member.role, district: district.name });
      }
      if (d === 0) {
        // The network's administrator works in the first district.
        const adminId = uuidv7();
        const email = `network.admin@${district.slug}.example.org`;
        await tx
          .insert(users)
          .values({ id: adminId, email, name: 'Jordan Blackfeather', passwordHash, districtId });
        await tx.insert(memberships).values([
          { userId: adminId, organizationId: districtId, role: 'teacher' },
          { userId: adminId, organizationId: networkId, role: 'network_admin' },
        ]);
        await tx.insert(profiles).values({
          userId: adminId,
          roleTitle: 'Network Coordinator',
          subjects: ['Mathematics'],
          gradeBands: ['6-8'],
          expertise: ['networked improvement', 'lesson study'],
          bio: 'Coordinates the High Plains network.',
          fieldVisibility: { profile: 'public', subjects: 'public', expertise: 'public', bio: 'public' },
        });
        userIds.push(adminId);
        highlighted.push({ email, role: 'network_admin', district: district.name });
        total++;
      }
    }
    await refreshProfileSearch(tx, userIds);
  });
  await seedDemoCommunities(db);
  if (storage) await seedResourcesDemo(db, storage);
  await seedMicroCredentialsDemo(db, issuer, storage);
  await seedSignOnDemo(db, DISTRICTS[0].name, `${DISTRICTS[0].slug}.example.org`);
  await seedOnboardingDemo(db, NETWORK, DISTRICTS[0].name);
  await seedPrivacyDemo(db, DISTRICTS[0].name);
  await seedRosterSyncDemo(db, DISTRICTS[0].name, DISTRICTS[0].slug);
  await seedLearningDemo(db, DISTRICTS[0].name);
  await seedLrsDemo(db, DISTRICTS[0].name);
  await seedCreditDemo(db, DISTRICTS[0].name);
  await seedMessagesDemo(db, DISTRICTS[0].name);
  await seedImprovementDemo(db);
  await seedInquiryDemo(db, storage);
  await seedNotificationsDemo(db, DISTRICTS[0].name);
  await seedVideoCoachingDemo(db, storage, DISTRICTS[0].name);
  await seedEventsDemo(db, NETWORK, DISTRICTS[0].name);
  await seedEdcampDemo(db, DISTRICTS[0].name);
  await seedVideoLibraryDemo(db, storage);
  await seedMentoringDemo(db, DISTRICTS[0].name);
  await seedPathwaysDemo(db, DISTRICTS[0].name);
  return { password: DEMO_PASSWORD, total, highlighted };
}

/** The demo communities with their members, then their conversations; each only once. */
async function seedDemoCommunities(db: Db): Promise<void> {
  if ((await seedCommunitiesDemo(db)) > 0) await seedDiscussionDemo(db);
}
