import { z } from 'zod';
import { IdParams, PageQuery } from './common.ts';
import { RosterPlan } from './roster.ts';

/**
 * Roster sync from a district's OneRoster 1.2 REST API: the source a district admin connects, and the
 * runs (a preview, the syncs on demand and each night) with what each changed. A run's plan is the
 * CSV import's plan, so both read alike; the client secret is write-only.
 */

export const ROSTER_SYNC_RUN_KINDS = ['preview', 'sync'] as const;
export const ROSTER_SYNC_TRIGGERS = ['admin', 'schedule', 'confirmation'] as const;
export const ROSTER_SYNC_MODES = ['full', 'delta'] as const;
/**
 * `previewed`: a dry run, nothing changed. `applied`: the changes were made in one transaction.
 * `waiting`: more deactivations than the district's share; nothing changed until an admin confirms.
 * `confirmed`: a waiting run an admin confirmed (a new run carries it out). `failed`: nothing changed.
 */
export const ROSTER_SYNC_STATUSES = [
  'queued',
  'running',
  'previewed',
  'applied',
  'waiting',
  'confirmed',
  'failed',
] as const;
export type RosterSyncStatus = (typeof ROSTER_SYNC_STATUSES)[number];

const httpUrl = (field: string) =>
  z
    .url({ protocol: /^https?$/, error: `${field} must be an http(s) URL` })
    .max(2000)
    .refine((value) => !/[?#]/.test(value), `${field} must not carry a query or fragment`);

const settings = {
  /** The OneRoster service root, e.g. https://sis.example.org (the v1p2 rostering path is added). */
  baseUrl: httpUrl('baseUrl'),
  tokenUrl: httpUrl('tokenUrl'),
  clientId: z.string().trim().min(1).max(500),
  /** Days a person the roster no longer lists keeps their account before it is deactivated. */
  graceDays: z.number().int().min(0).max(365),
  /** Percent of the district's active staff above which one run's deactivations wait for an admin. */
  confirmSharePercent: z.number().int().min(0).max(100),
};

/** Connecting (the secret is required) or changing the source (a secret left out is kept unless the base URL, token URL or client id changes). */
export const SaveRosterSourceBody = z.strictObject({
  ...settings,
  clientSecret: z.string().min(1).max(2000).optional(),
});
export type SaveRosterSourceBody = z.infer<typeof SaveRosterSourceBody>;

export const RosterSource = z.object({
  id: z.uuid(),
  baseUrl: z.string(),
  tokenUrl: z.string(),
  clientId: z.string(),
  /** The secret is kept encrypted and never returned; the admin can only replace it. */
  hasClientSecret: z.boolean(),
  graceDays: z.number().int(),
  confirmSharePercent: z.number().int(),
  /** Set once the first sync was applied: from then on Trellis syncs each night. */
  syncingSince: z.iso.datetime({ offset: true }).nullable(),
  lastFullSyncAt: z.iso.datetime({ offset: true }).nullable(),
  /** The `dateLastModified` the next delta asks for changes after. */
  deltaSince: z.iso.datetime({ offset: true }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type RosterSource = z.infer<typeof RosterSource>;

export const RosterSourceAbilities = z.object({
  preview: z.boolean(),
  sync: z.boolean(),
});

export const RosterSourceResponse = z.object({
  data: RosterSource.nullable(),
  abilities: RosterSourceAbilities,
});

const count = z.number().int().min(0);
/** What a run did (or, for a preview or a waiting run, would do). */
export const RosterSyncCounts = z.object({
  created: count,
  updated: count,
  schoolChanges: count,
  roleChanges: count,
  deactivated: count,
  /** Left the roster, inside the grace period: deactivated on a later run unless they return. */
  pendingDeactivation: count,
  unchanged: count,
  skipped: count,
  schoolsCreated: count,
  schoolsUpdated: count,
  rejected: count,
  studentsAndGuardiansSkipped: count,
});
export type RosterSyncCounts = z.infer<typeof RosterSyncCounts>;

export const RosterSyncRunSummary = z.object({
  id: z.uuid(),
  kind: z.enum(ROSTER_SYNC_RUN_KINDS),
  trigger: z.enum(ROSTER_SYNC_TRIGGERS),
  mode: z.enum(ROSTER_SYNC_MODES).nullable(),
  status: z.enum(ROSTER_SYNC_STATUSES),
  requestedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  counts: RosterSyncCounts.nullable(),
  /** Why the run failed or waits, in words an administrator can act on. */
  error: z.string().nullable(),
});
export type RosterSyncRunSummary = z.infer<typeof RosterSyncRunSummary>;

export const RosterSyncRunDetail = RosterSyncRunSummary.extend({
  /** What changed (or would): the people and schools with something to do; unchanged ones are left out. */
  plan: RosterPlan.nullable(),
  /** Deactivations this run holds for confirmation, and the most it may make without one. */
  deactivations: z.object({ count, allowed: count, activeStaff: count }).nullable(),
});
export type RosterSyncRunDetail = z.infer<typeof RosterSyncRunDetail>;

export const RosterSyncRunAbilities = z.object({ confirm: z.boolean() });

export const RosterSyncRunResponse = z.object({
  data: RosterSyncRunDetail,
  abilities: RosterSyncRunAbilities,
});
export const RosterSyncRunParams = IdParams;
export const RosterSyncRunListQuery = PageQuery;
export const RosterSyncRunListResponse = z.object({
  data: z.array(RosterSyncRunSummary),
  nextCursor: z.string().nullable(),
});

export const StartRosterSyncRunBody = z.strictObject({ kind: z.enum(ROSTER_SYNC_RUN_KINDS) });
