import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import {
  ROSTER_SYNC_MODES,
  ROSTER_SYNC_RUN_KINDS,
  ROSTER_SYNC_STATUSES,
  ROSTER_SYNC_TRIGGERS,
} from '#shared/contracts/roster-sync.ts';

/**
 * A district's OneRoster 1.2 REST source (one per district): where it is, the OAuth 2 client
 * credentials (the secret encrypted with the deployment's key, bound to this row), and the district's
 * rules for deactivations: the grace period and the share of staff above which an admin confirms.
 */
export const rosterSources = pgTable('roster_sources', {
  id: id(),
  districtId: uuid('district_id')
    .notNull()
    .unique()
    .references(() => organizations.id),
  baseUrl: text('base_url').notNull(),
  tokenUrl: text('token_url').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretEncrypted: text('client_secret_encrypted').notNull(),
  graceDays: integer('grace_days').notNull(),
  confirmSharePercent: integer('confirm_share_percent').notNull(),
  connectedBy: uuid('connected_by').references(() => users.id, { onDelete: 'set null' }),
  /** Set when the first sync is applied; the nightly job syncs only sources that have it. */
  syncingSince: ts('syncing_since'),
  lastFullSyncAt: ts('last_full_sync_at'),
  /** The newest `dateLastModified` an applied sync read: the next delta asks for what changed after. */
  deltaSince: ts('delta_since'),
  createdAt: createdAt(),
  updatedAt: createdAt('updated_at'),
});

/** One preview or sync of a source, with what it changed (or would), or why it failed. */
export const rosterSyncRuns = pgTable(
  'roster_sync_runs',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => rosterSources.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ROSTER_SYNC_RUN_KINDS }).notNull(),
    trigger: text('trigger', { enum: ROSTER_SYNC_TRIGGERS }).notNull(),
    mode: text('mode', { enum: ROSTER_SYNC_MODES }),
    status: text('status', { enum: ROSTER_SYNC_STATUSES }).notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    /** A confirmation run may deactivate up to this many, the number the admin saw and confirmed. */
    allowDeactivations: integer('allow_deactivations'),
    createdAt: createdAt(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    counts: jsonb('counts'),
    plan: jsonb('plan'),
    deactivations: jsonb('deactivations'),
    error: text('error'),
  },
  (t) => [
    index('roster_sync_runs_district_idx').on(t.districtId, t.id),
    // At most one run of a district is queued or running at a time.
    uniqueIndex('roster_sync_runs_active_idx').on(t.districtId).where(sql`status in ('queued', 'running')`),
  ],
);

/**
 * Rostered people the source no longer lists (or marks tobedeleted or disabled) since when: they are
 * deactivated once the district's grace period has passed, and forgotten here if they come back.
 */
export const rosterAbsences = pgTable('roster_absences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  districtId: uuid('district_id')
    .notNull()
    .references(() => organizations.id),
  since: ts('since').notNull(),
});
