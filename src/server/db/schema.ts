import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());
const createdAt = (name = 'created_at') => timestamp(name, { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

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
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    /** OneRoster sourcedId, unique within the district. */
    sourcedId: text('sourced_id'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    passwordChangedAt: ts('password_changed_at'),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
    uniqueIndex('users_sourced_idx').on(t.districtId, t.sourcedId),
    index('users_district_idx').on(t.districtId),
  ],
);

export const ROLES = [
  'teacher',
  'coach',
  'principal',
  'district_admin',
  'network_admin',
  'assessor',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

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
  ],
);

export const profiles = pgTable(
  'profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    pronouns: text('pronouns'),
    photoKey: text('photo_key'),
    roleTitle: text('role_title'),
    schoolId: uuid('school_id').references(() => organizations.id),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    yearsInEducation: integer('years_in_education'),
    bio: text('bio'),
    expertise: text('expertise').array().notNull().default(sql`'{}'`),
    openToMentoring: boolean('open_to_mentoring').notNull().default(false),
    seekingMentor: boolean('seeking_mentor').notNull().default(false),
    /** Per-field audience: { field: 'district' | 'network' | 'public' }. */
    fieldVisibility: jsonb('field_visibility')
      .$type<Record<string, 'district' | 'network' | 'public'>>()
      .notNull()
      .default({}),
    /** Full-text vector over every field, for viewers in the same district. */
    searchAll: tsvector('search_all'),
    /** Full-text vector over the fields shown beyond the district. */
    searchNetwork: tsvector('search_network'),
    /** The person's name in lower case, kept with the search vectors: the directory's alphabetical order. */
    sortName: text('sort_name'),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('profiles_search_all_idx').using('gin', t.searchAll),
    index('profiles_search_network_idx').using('gin', t.searchNetwork),
    index('profiles_subjects_idx').using('gin', t.subjects),
    index('profiles_grade_bands_idx').using('gin', t.gradeBands),
    index('profiles_expertise_idx').using('gin', t.expertise),
    index('profiles_school_idx').on(t.schoolId),
    index('profiles_sort_name_idx').on(t.sortName, t.userId),
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

/** The activity stream: one xAPI-shaped statement per meaningful action. */
export const statements = pgTable(
  'statements',
  {
    id: id(),
    actorId: uuid('actor_id'),
    verb: text('verb').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    communityId: uuid('community_id'),
    schoolId: uuid('school_id'),
    districtId: uuid('district_id'),
    /** The full statement as xAPI 1.0.3 JSON. */
    body: jsonb('body').notNull(),
    timestamp: ts('timestamp').notNull().defaultNow(),
    stored: ts('stored').notNull().defaultNow(),
  },
  (t) => [
    index('statements_actor_idx').on(t.actorId, t.stored),
    index('statements_object_idx').on(t.objectType, t.objectId),
    index('statements_verb_idx').on(t.verb, t.stored),
    index('statements_district_idx').on(t.districtId, t.stored),
    index('statements_school_idx').on(t.schoolId, t.stored),
    index('statements_community_idx').on(t.communityId, t.stored),
  ],
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

/** Uploaded files kept through the storage interface. */
export const files = pgTable('files', {
  key: text('key').primaryKey(),
  ownerId: uuid('owner_id').references(() => users.id),
  contentType: text('content_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  createdAt: createdAt(),
});

/** A small row read by primary key: the benchmark's baseline. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
