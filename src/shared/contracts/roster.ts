import { z } from 'zod';
import { IdParams, PageQuery } from './common.ts';
import { RoleSchema } from './session.ts';

/**
 * OneRoster 1.2 CSV staff import: the dry-run plan a district admin previews, then applies.
 * The plan holds staff only; student and guardian rows are counted, never described.
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
  /** Line of users.csv the person came from. */
  row: z.number().int(),
  sourcedId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  /** The school from the person's primary org, when it is a school. */
  schoolSourcedId: z.string().nullable(),
  schoolName: z.string().nullable(),
  /** False when the roster marks the person tobedeleted or disabled. */
  active: z.boolean(),
  action: RosterUserAction,
  userId: z.uuid().nullable(),
  /** Fields that differ from Trellis: `name`, `email`, `role`, `school`, `sourcedId`, `status`. */
  changes: z.array(z.string()),
  reason: z.string().nullable(),
});
export type RosterUserPlan = z.infer<typeof RosterUserPlan>;

export const RosterRejectedRow = z.object({
  file: z.enum(['orgs', 'users']),
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
  manifest: z.object({ orgs: z.enum(['bulk', 'delta']), users: z.enum(['bulk', 'delta']) }),
  /** The bundle's district org, which stands for the importing admin's own district. */
  district: z.object({ sourcedId: z.string(), name: z.string() }).nullable(),
  schools: z.array(RosterSchoolPlan),
  users: z.array(RosterUserPlan),
  rejected: z.array(RosterRejectedRow),
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

/** The multipart fields an upload may carry: one zip, or the three CSV files. */
export const ROSTER_UPLOAD_FIELDS = ['bundle', 'manifest', 'orgs', 'users'] as const;
export type RosterUploadField = (typeof ROSTER_UPLOAD_FIELDS)[number];
export const ROSTER_MAX_FILE_BYTES = 5 * 1024 * 1024;
