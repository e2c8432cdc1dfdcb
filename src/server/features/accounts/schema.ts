import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { STAFF_STATUSES, WELCOME_MODES } from '#shared/contracts/admin.ts';
import { SCHOOL_REQUEST_STATUSES } from '#shared/contracts/school-membership.ts';
import { ROLES } from '#shared/contracts/session.ts';

/** Districts, schools (belonging to a district) and networks (consortia spanning districts). */
export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    kind: text('kind', { enum: ['district', 'school', 'network'] }).notNull(),
    name: text('name').notNull(),
    /** For a school: the district it belongs to. */
    districtId: uuid('district_id'),
    /** OneRoster sourcedId, unique within the district that imported it. */
    sourcedId: text('sourced_id'),
    createdAt: createdAt(),
    archivedAt: ts('archived_at'),
  },
  (t) => [
    index('organizations_district_idx').on(t.districtId),
    uniqueIndex('organizations_sourced_idx').on(t.districtId, t.sourcedId),
  ],
);

/** Which districts belong to which network. */
export const networkDistricts = pgTable(
  'network_districts',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => organizations.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    joinedAt: createdAt('joined_at'),
  },
  (t) => [
    primaryKey({ columns: [t.networkId, t.districtId] }),
    index('network_districts_district_idx').on(t.districtId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** Home district: the tenant the account belongs to. */
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    status: text('status', { enum: STAFF_STATUSES }).notNull().default('active'),
    /** OneRoster sourcedId, unique within the district. */
    sourcedId: text('sourced_id'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    passwordChangedAt: ts('password_changed_at'),
    /** When the person last signed in (any way); null: never yet. Set by `startSession`. */
    lastSignedInAt: ts('last_signed_in_at'),
    /** When the district's welcome email was last sent to the person (decision 047). */
    welcomedAt: ts('welcomed_at'),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
    uniqueIndex('users_sourced_idx').on(t.districtId, t.sourcedId),
    index('users_district_idx').on(t.districtId),
    // A district's active people, read from the index alone (the directory's own-district search).
    index('users_active_district_idx').on(t.districtId, t.id).where(sql`${t.status} = 'active'`),
    // Who has not signed in yet, and adoption figures per district.
    index('users_district_signed_in_idx').on(t.districtId, t.lastSignedInAt),
  ],
);

/**
 * Whether and when a district's imported and invited staff are welcomed by email (decision 047):
 * `off`, `immediately` (the next run of the welcome job), or `launch` on `launchAt`.
 */
export const welcomeSettings = pgTable('welcome_settings', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  mode: text('mode', { enum: WELCOME_MODES }).notNull().default('off'),
  launchAt: ts('launch_at'),
  updatedAt: createdAt('updated_at'),
  updatedBy: uuid('updated_by').references(() => users.id),
});

/** A user's role in an organization (district roles, network_admin on a network). */
export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.organizationId, t.role] }),
    index('memberships_org_idx').on(t.organizationId),
    // A district's principals, for the PD staff's approval queue (decision 094).
    index('memberships_principal_idx').on(t.organizationId, t.userId).where(sql`${t.role} = 'principal'`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    /** Public id used to list and revoke devices without exposing the token hash. */
    id: uuid('id')
      .notNull()
      .unique()
      .$defaultFn(() => uuidv7()),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
    lastSeenAt: createdAt('last_seen_at'),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: ROLES }).notNull(),
    schoolId: uuid('school_id').references(() => organizations.id),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSentAt: createdAt('last_sent_at'),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id),
  },
  (t) => [
    index('invitations_district_idx').on(t.districtId, t.createdAt),
    // One open invitation per address in a district at a time (another district may invite it too).
    uniqueIndex('invitations_open_email_idx')
      .on(t.districtId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** Administrative actions (role changes, deactivations, imports), viewable by district admins. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    districtId: uuid('district_id'),
    details: jsonb('details').notNull().default({}),
    at: createdAt('at'),
  },
  (t) => [index('audit_events_district_idx').on(t.districtId, t.at)],
);

/** OneRoster imports: the dry-run plan and, once applied, its outcome. */
export const rosterImports = pgTable(
  'roster_imports',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id),
    fileSha256: text('file_sha256').notNull(),
    plan: jsonb('plan').notNull(),
    createdAt: createdAt(),
    appliedAt: ts('applied_at'),
  },
  (t) => [index('roster_imports_district_idx').on(t.districtId, t.createdAt)],
);

/**
 * A person's request to change the schools they belong to (schools are assigned, never chosen on a
 * profile); a district admin of their district approves it (the schools become their school
 * memberships) or declines it. One request per person is pending at a time.
 */
export const schoolChangeRequests = pgTable(
  'school_change_requests',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    /** The schools the person asks to belong to (empty: none, district-wide). */
    schoolIds: uuid('school_ids').array().notNull(),
    note: text('note'),
    status: text('status', { enum: SCHOOL_REQUEST_STATUSES }).notNull().default('pending'),
    createdAt: createdAt(),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    index('school_change_requests_district_idx').on(t.districtId, t.status, t.createdAt),
    uniqueIndex('school_change_requests_pending_idx').on(t.userId).where(sql`${t.status} = 'pending'`),
  ],
);

/** Uploaded files kept through the storage interface. */
export const files = pgTable('files', {
  key: text('key').primaryKey(),
  ownerId: uuid('owner_id').references(() => users.id),
  contentType: text('content_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  createdAt: createdAt(),
});

export { ROLES, type Role } from '#shared/contracts/session.ts';
