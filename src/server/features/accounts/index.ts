import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { auditRoutes } from './audit-routes.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { networkRoutes } from './network-routes.ts';
import { organizationRoutes } from './organization-routes.ts';
import { outboxRoutes } from './outbox-routes.ts';
import { passwordRoutes } from './password-routes.ts';
import { rosterRoutes } from './roster-routes.ts';
import { schoolMembershipRoutes } from './school-membership-routes.ts';
import { schoolRoutes } from './school-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import data from './data.ts';
import { welcomeJob } from './welcome-service.ts';

/** Organizations, users, memberships, invitations, import and sign-in. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(sessionRoutes);
  await app.register(passwordRoutes);
  await app.register(invitationRoutes);
  await app.register(staffRoutes);
  await app.register(schoolRoutes);
  await app.register(schoolMembershipRoutes);
  await app.register(auditRoutes);
  await app.register(outboxRoutes);
  await app.register(rosterRoutes);
  await app.register(organizationRoutes);
  await app.register(networkRoutes);
}

export default defineFeature({ name: 'accounts', routes, data, jobs: [welcomeJob] });

export { type DistrictSignIn, type DistrictSignInLookup, districtSignInOf } from './welcome-service.ts';

// Privacy's erasure checks for the district's last active administrator under the same lock as a
// role change or deactivation, so two changes at once never leave the district without one.
export { lockDistrict as lockDistrictAdmins } from './admin-queries.ts';

// Single sign-on (features/sso) opens the accounts of invited people and of people it lets in.
export { openApprovedAccount, openInvitedAccount } from './sign-on-accounts.ts';
export type { PasswordSignInRule } from './session-service.ts';

// The OneRoster REST sync (features/roster-sync) reads staff from another binding and plans and
// applies them exactly as the CSV import does.
export { applyPlan as applyRosterPlan, computePlan as computeRosterPlan } from './roster-service.ts';
export type { PlanInput as RosterPlanInput } from './roster-service.ts';
export {
  ROLE_MAP as ONEROSTER_ROLE_MAP,
  ROLE_RANK as TRELLIS_ROLE_RANK,
  badName as rosterNameProblem,
  STUDENT_AND_FAMILY_ROLES,
  UNUSABLE_EMAIL,
  type RosterSchool,
  type RosterStaff,
} from './roster-parse.ts';
