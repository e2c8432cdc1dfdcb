import { z } from 'zod';
import { IdParams, PageQuery } from './common.ts';
import { RoleSchema } from './session.ts';

/**
 * OneRoster CSV staff import (1.2, and 1.1-shaped users): the dry-run plan a district admin
 * previews, then applies. The plan holds staff only; student and guardian rows are counted, never
 * described. Fields added after the first plans were stored are optional, so stored plans still read.
 */

export const RosterSchoolAction = z.enum(['create', 'update', 'unchanged', 'skip']);
export const RosterUserAction = z.enum(['create', 'update', 'unchanged', 'deactivate', 'skip']);

export const RosterSchoolPlan = z.object({
  /** Line of orgs.csv the school came from. */
  row: z.number().int(),
  sourcedId: z.string(),
  name: z.string(),
  /** False when the roster marks the school tobedeleted. */
  active: z.boolean(),
  action: RosterSchoolAction,
  /** The Trellis school it matches, when one exists. */
  schoolId: z.uuid().nullable(),
  /** Fields that differ from Trellis: `name`, `sourcedId` (linking a school created by hand). */
  changes: z.array(z.string()),
  reason: z.string().nullable(),
});
export type RosterSchoolPlan = z.infer<typeof RosterSchoolPlan>;

export const RosterUserPlan = z.object({
  /** Line of users.csv the person came from (0: not in the file, see `absent`). */
  row: z.number().int(),
  sourcedId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  /** The person's main school (their primary org, when it is a school). */
  schoolSourcedId: z.string().nullable(),
  schoolName: z.string().nullable(),
  /**
   * Every school the roster places the person at, main school first (the roster decides a rostered
   * person's schools); null when the bundle says nothing about where they work.
   */
  schoolSourcedIds: z.array(z.string()).nullable().optional(),
  schoolNames: z.array(z.string()).optional(),
  /** Orgs the person's roles name that are not in the bundle (a delta) and must already be in Trellis. */
  orgsOutsideBundle: z.array(z.string()).optional(),
  /**
   * A rostered person of the district whom a bulk users.csv no longer lists: they are deactivated
   * when the admin confirms.
   */
  absent: z.boolean().optional(),
  /** False when the roster marks the person tobedeleted or disabled. */
  active: z.boolean(),
  /**
   * Roster sync: the day a person who left the roster is deactivated, once the district's grace
   * period is over, unless the roster lists them again (the action is `skip` until then).
   */
  deactivateOn: z.iso.date().optional(),
  action: RosterUserAction,
  userId: z.uuid().nullable(),
  /** Fields that differ from Trellis: `name`, `email`, `role`, `school`, `sourcedId`, `status`. */
  changes: z.array(z.string()),
  reason: z.string().nullable(),
});
export type RosterUserPlan = z.infer<typeof RosterUserPlan>;

export const RosterRejectedRow = z.object({
  file: z.enum(['orgs', 'users', 'roles', 'userProfiles']),
  row: z.number().int(),
  /** Only for rows known to describe staff or an org: a student's identifier is never kept. */
  sourcedId: z.string().nullable(),
  reason: z.string(),
});
export type RosterRejectedRow = z.infer<typeof RosterRejectedRow>;

const count = z.number().int().min(0);
export const RosterCounts = z.object({
  schools: z.object({ create: count, update: count, unchanged: count, skip: count }),
  users: z.object({ create: count, update: count, unchanged: count, deactivate: count, skip: count }),
  rejected: count,
  studentsAndGuardiansSkipped: count,
});
export type RosterCounts = z.infer<typeof RosterCounts>;

export const RosterPlan = z.object({
  version: z.literal(1),
  oneRosterVersion: z.enum(['1.1', '1.2']).optional(),
  manifest: z.object({
    orgs: z.enum(['bulk', 'delta', 'absent']),
    users: z.enum(['bulk', 'delta']),
    roles: z.enum(['bulk', 'delta', 'absent']).optional(),
  }),
  /** The bundle's district org, which stands for the importing admin's own district. */
  district: z.object({ sourcedId: z.string(), name: z.string() }).nullable(),
  schools: z.array(RosterSchoolPlan),
  users: z.array(RosterUserPlan),
  rejected: z.array(RosterRejectedRow),
  /** Staff sourcedIds a bulk users.csv lists: rostered people it omits are deactivated on confirmation. */
  listedSourcedIds: z.array(z.string()).optional(),
  /** Things the admin should know before applying (deactivations held back, ...). */
  notes: z.array(z.string()).optional(),
  counts: RosterCounts,
});
export type RosterPlan = z.infer<typeof RosterPlan>;

export const RosterImportParams = IdParams;

export const RosterImportSummary = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  appliedAt: z.iso.datetime({ offset: true }).nullable(),
  actor: z.object({ id: z.uuid(), name: z.string() }),
  counts: RosterCounts,
});
export type RosterImportSummary = z.infer<typeof RosterImportSummary>;

export const RosterImportDetail = RosterImportSummary.extend({ plan: RosterPlan });
export type RosterImportDetail = z.infer<typeof RosterImportDetail>;

export const RosterImportResponse = z.object({ data: RosterImportDetail });
export const RosterImportListQuery = PageQuery;
export const RosterImportListResponse = z.object({
  data: z.array(RosterImportSummary),
  nextCursor: z.string().nullable(),
});

/** The multipart fields an upload may carry: one zip, or the CSV files one by one. */
export const ROSTER_UPLOAD_FIELDS = ['bundle', 'manifest', 'orgs', 'users', 'roles', 'userProfiles'] as const;
export type RosterUploadField = (typeof ROSTER_UPLOAD_FIELDS)[number];
export const ROSTER_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Applying a plan: people a bulk users.csv no longer lists are deactivated only when the admin
 * confirms it here, having seen them in the dry run.
 */
export const ApplyRosterImportBody = z.strictObject({ deactivateMissing: z.boolean().optional() }).nullish();
