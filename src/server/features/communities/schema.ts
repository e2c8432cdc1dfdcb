import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import {
  COMMUNITY_KINDS,
  JOIN_POLICIES,
  MEMBER_ROLES,
  MEMBER_STATUSES,
  OWNER_KINDS,
} from '#shared/contracts/communities.ts';

/**
 * A space where people learn together, owned by a school, a district or a network. Open
 * communities are read by everyone in the owner's scope; by-request communities are listed there
 * but only members read them; invitation communities are seen by members and invitees alone.
 */
export const communities = pgTable(
  'communities',
  {
    id: id(),
    kind: text('kind', { enum: COMMUNITY_KINDS }).notNull(),
    ownerKind: text('owner_kind', { enum: OWNER_KINDS }).notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => organizations.id),
    /** The owner's district (for a school or district owner); null for a network owner. */
    districtId: uuid('district_id').references(() => organizations.id),
    name: text('name').notNull(),
    purpose: text('purpose').notNull().default(''),
    studentFocus: text('student_focus').notNull().default(''),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    joinPolicy: text('join_policy', { enum: JOIN_POLICIES }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    memberCount: integer('member_count').notNull().default(0),
    threadCount: integer('thread_count').notNull().default(0),
    lastActivityAt: createdAt('last_activity_at'),
    search: tsvector('search'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    archivedAt: ts('archived_at'),
    /** False for a space reached from elsewhere (an event's own): not in lists or the directory. */
    listed: boolean('listed').notNull().default(true),
  },
  (t) => [
    index('communities_owner_idx').on(t.ownerId, t.lastActivityAt),
    index('communities_district_idx').on(t.districtId, t.lastActivityAt),
    index('communities_search_idx').using('gin', t.search),
    index('communities_subjects_idx').using('gin', t.subjects),
    index('communities_grade_bands_idx').using('gin', t.gradeBands),
    // The open communities in a viewer's scope (readableCommunityIds), read from the index alone: at
    // state scale a network's open communities are a fifth of all, too many to fetch row by row.
    index('communities_open_scope_idx').on(t.joinPolicy, t.ownerKind, t.ownerId, t.districtId, t.id),
  ],
);

/** A person's standing in a community; only 'active' rows are members. */
export const communityMembers = pgTable(
  'community_members',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull(),
    /** What the person wrote when asking to join. */
    requestMessage: text('request_message'),
    /** What a facilitator wrote when approving, declining or removing. */
    decisionMessage: text('decision_message'),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    joinedAt: ts('joined_at'),
    /**
     * What "people like you" compares, copied from the member's account and profile by triggers in
     * the same transaction as every change to them (migration 0022), so a community card counts
     * its members from this index alone: whether the account is active, its district, the profile's
     * subjects and grade bands, and to whom each is shown.
     */
    memberActive: boolean('member_active').notNull().default(false),
    memberDistrictId: uuid('member_district_id'),
    memberSubjects: text('member_subjects').array().notNull().default(sql`'{}'::text[]`),
    memberGradeBands: text('member_grade_bands').array().notNull().default(sql`'{}'::text[]`),
    memberSubjectsShown: text('member_subjects_shown').notNull().default('network'),
    memberGradeBandsShown: text('member_grade_bands_shown').notNull().default('network'),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index('community_members_user_idx').on(t.userId, t.status),
    index('community_members_status_idx').on(t.communityId, t.status, t.role),
    index('community_members_like_idx').on(
      t.communityId,
      t.status,
      t.memberActive,
      t.memberDistrictId,
      t.memberSubjectsShown,
      t.memberGradeBandsShown,
      t.memberSubjects,
      t.memberGradeBands,
    ),
  ],
);

/**
 * A version per community of what "people like you" counts on its card: bumped at commit, once per
 * transaction and in community order, by triggers on `community_members` whenever a membership row
 * is added, removed, or changes its status or the copies it carries (migration 0041), so a count
 * remembered at one version is known stale at the next. Rows are made on a community's first
 * change (a missing row reads as version 0) and never removed. No foreign key: a deleted
 * community's row is never read, and the bump at commit must not wait on the community's own row.
 */
export const communityMemberVersions = pgTable('community_member_versions', {
  communityId: uuid('community_id').primaryKey(),
  version: bigint('version', { mode: 'bigint' }).notNull(),
});
