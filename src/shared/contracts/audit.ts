import { z } from 'zod';

/**
 * The audit log of a district's administrative actions: each entry in words, filtered by who, what
 * kind of action and when, and exported as CSV.
 */

/** Kinds of action an admin filters by; each groups the actions that start with its prefixes. */
export const AUDIT_KINDS = [
  'staff',
  'invitations',
  'schools',
  'networks',
  'communities',
  'discussion',
  'credentials',
  'import',
  'integrations',
] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  staff: 'Staff and roles',
  invitations: 'Invitations',
  schools: 'Schools',
  networks: 'Networks',
  communities: 'Communities',
  discussion: 'Discussion moderation',
  credentials: 'Credentials',
  import: 'Roster imports',
  integrations: 'API clients',
};

/** A calendar day, `YYYY-MM-DD`, read as a whole day in UTC. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-01')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    // PostgreSQL has no year 0, so 0000-… is no day it can read.
    return (
      !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d && !d.startsWith('0000')
    );
  }, 'must be a real calendar day');

/** The filters of the audit log, shared by the list and the CSV export. */
export const AuditFilters = z.strictObject({
  actorId: z.uuid().optional(),
  kind: AuditKind.optional(),
  /** The first day shown, inclusive. */
  from: Day.optional(),
  /** The last day shown, inclusive. */
  to: Day.optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

const checkRange = (value: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before the first day' });
};

export const AuditQuery = AuditFilters.extend({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
}).superRefine(checkRange);
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditExportQuery = AuditFilters.superRefine(checkRange);

const Named = z.object({ id: z.uuid(), name: z.string() });

export const AuditEntry = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  actor: Named.nullable(),
  action: z.string(),
  kind: AuditKind.nullable(),
  /** What happened, in words: "Ana Ruiz changed Ben Ode's role from teacher to coach". */
  description: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditEntryListResponse = z.object({
  data: z.array(AuditEntry),
  nextCursor: z.string().nullable(),
});
export type AuditEntryListResponse = z.infer<typeof AuditEntryListResponse>;

/** The people who appear as actors in the district's log, for the "who" filter. */
export const AuditActorListResponse = z.object({ data: z.array(Named) });
export type AuditActorListResponse = z.infer<typeof AuditActorListResponse>;
