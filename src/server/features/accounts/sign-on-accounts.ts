/**
 * Accounts opened by single sign-on (features/sso): an invited person's first sign-in through their
 * district's provider, and a person an administrator approved. Neither has a password.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import { invitations, memberships, profiles, users } from '#server/db/schema.ts';
import { refreshProfileSearch } from '#server/features/profiles/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Role } from '#server/db/schema.ts';
import { findOpenSchool } from './admin-queries.ts';
import { SCHOOL_MEMBERSHIP_ROLE } from './school-membership-queries.ts';

async function openAccount(
  tx: Tx,
  args: { districtId: string; email: string; name: string; role: Role; schoolId: string | null },
): Promise<string> {
  const userId = uuidv7();
  const school = args.schoolId
    ? await findOpenSchool(tx, { districtId: args.districtId, schoolId: args.schoolId })
    : undefined;
  await tx
    .insert(users)
    .values({ id: userId, email: args.email, name: args.name, districtId: args.districtId });
  await tx.insert(memberships).values({ userId, organizationId: args.districtId, role: args.role });
  await tx.insert(profiles).values({ userId, schoolId: school?.id ?? null });
  if (school)
    await tx.insert(memberships).values({ userId, organizationId: school.id, role: SCHOOL_MEMBERSHIP_ROLE });
  await refreshProfileSearch(tx, [userId]);
  await recordActivity(tx, {
    actor: { userId, name: args.name, districtId: args.districtId, schoolId: school?.id ?? null },
    verb: 'registered',
    object: { type: 'district', id: args.districtId },
  });
  return userId;
}

/**
 * Opens the account an open invitation of the district promises to `email`, using the invitation
 * up; null when the district has no open invitation for that address.
 */
export async function openInvitedAccount(
  tx: Tx,
  args: { districtId: string; email: string; name: string },
): Promise<string | null> {
  const now = new Date();
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invitations.districtId, args.districtId),
        sql`lower(${invitations.email}) = ${args.email.toLowerCase()}`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning();
  if (!claimed) return null;
  const userId = await openAccount(tx, {
    districtId: args.districtId,
    email: claimed.email,
    name: claimed.name ?? args.name,
    role: claimed.role,
    schoolId: claimed.schoolId,
  });
  await tx.update(invitations).set({ acceptedUserId: userId }).where(eq(invitations.id, claimed.id));
  return userId;
}

/** Opens a teacher's account for a person an administrator let in after their provider vouched for them. */
export function openApprovedAccount(
  tx: Tx,
  args: { districtId: string; email: string; name: string },
): Promise<string> {
  return openAccount(tx, { ...args, role: 'teacher', schoolId: null });
}
