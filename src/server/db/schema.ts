import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
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
    /** Opt-in: the person's earned credentials are shown on a public portfolio page. */
    portfolioPublic: boolean('portfolio_public').notNull().default(false),
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

/**
 * Failed sign-ins (and failed current-password checks) per account and per address, shared by every
 * instance: written on sign-in attempts, read before each (decision 013). The key is
 * `account:<SHA-256 of the lower-cased address>` or `address:<IPv4, or IPv6 /64>`.
 */
export const signInFailures = pgTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: ts('last_failure_at').notNull(),
});

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
    status: text('status', { enum: ['pending', 'approved', 'declined', 'withdrawn'] })
      .notNull()
      .default('pending'),
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

/** A small row read by primary key: the benchmark's baseline. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

// ─── Communities and discussion ─────────────────────────────────────────────────────────────────

export const COMMUNITY_KINDS = [
  'plc',
  'learning_network',
  'improvement_community',
  'lesson_study',
  'cohort',
] as const;
export const JOIN_POLICIES = ['open', 'request', 'invitation'] as const;
export const MEMBER_STATUSES = ['active', 'requested', 'invited', 'declined', 'removed', 'left'] as const;
export const THREAD_TYPES = ['question', 'reflection', 'practice', 'announcement'] as const;
export const REACTION_KINDS = ['helpful', 'tried'] as const;

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
    ownerKind: text('owner_kind', { enum: ['school', 'district', 'network'] }).notNull(),
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
  },
  (t) => [
    index('communities_owner_idx').on(t.ownerId, t.lastActivityAt),
    index('communities_district_idx').on(t.districtId, t.lastActivityAt),
    index('communities_search_idx').using('gin', t.search),
    index('communities_subjects_idx').using('gin', t.subjects),
    index('communities_grade_bands_idx').using('gin', t.gradeBands),
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
    role: text('role', { enum: ['facilitator', 'member'] })
      .notNull()
      .default('member'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull(),
    /** What the person wrote when asking to join. */
    requestMessage: text('request_message'),
    /** What a facilitator wrote when approving, declining or removing. */
    decisionMessage: text('decision_message'),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    joinedAt: ts('joined_at'),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index('community_members_user_idx').on(t.userId, t.status),
    index('community_members_status_idx').on(t.communityId, t.status, t.role),
  ],
);

/** A conversation in a community; its opening words are the post marked isOpening. */
export const threads = pgTable(
  'threads',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    type: text('type', { enum: THREAD_TYPES }).notNull(),
    title: text('title').notNull(),
    pinnedAt: ts('pinned_at'),
    lockedAt: ts('locked_at'),
    /** The reply marked as the insight or answer. */
    insightPostId: uuid('insight_post_id'),
    replyCount: integer('reply_count').notNull().default(0),
    lastPostAt: createdAt('last_post_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('threads_community_idx').on(t.communityId, t.lastPostAt, t.id),
    index('threads_author_idx').on(t.authorId, t.createdAt),
  ],
);

/** Opening posts, replies (parentId null) and replies to replies (parentId a reply). */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => threads.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    parentId: uuid('parent_id'),
    isOpening: boolean('is_opening').notNull().default(false),
    bodyMd: text('body_md').notNull(),
    /** The Markdown rendered and sanitized on the server. */
    bodyHtml: text('body_html').notNull(),
    /** Title (for an opening post) and body words, for search. */
    search: tsvector('search'),
    idempotencyKey: text('idempotency_key'),
    helpfulCount: integer('helpful_count').notNull().default(0),
    triedCount: integer('tried_count').notNull().default(0),
    createdAt: createdAt(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    hiddenAt: ts('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by').references(() => users.id),
  },
  (t) => [
    index('posts_thread_idx').on(t.threadId, t.createdAt),
    index('posts_community_idx').on(t.communityId, t.createdAt),
    index('posts_search_idx').using('gin', t.search),
    uniqueIndex('posts_idempotency_idx').on(t.authorId, t.idempotencyKey),
  ],
);

/** Earlier wordings of an edited post, newest last: the visible edit history. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    title: text('title'),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** When this wording was replaced. */
    replacedAt: createdAt('replaced_at'),
  },
  (t) => [index('post_revisions_post_idx').on(t.postId, t.replacedAt)],
);

export const postReactions = pgTable(
  'post_reactions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: REACTION_KINDS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.kind] })],
);

/** A file uploaded for a post; postId is null until the post that uses it is saved. */
export const postAttachments = pgTable(
  'post_attachments',
  {
    id: id(),
    postId: uuid('post_id').references(() => posts.id),
    uploaderId: uuid('uploader_id')
      .notNull()
      .references(() => users.id),
    fileKey: text('file_key')
      .notNull()
      .references(() => files.key),
    filename: text('filename').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('post_attachments_post_idx').on(t.postId),
    index('post_attachments_uploader_idx').on(t.uploaderId, t.createdAt),
  ],
);

export const postReports = pgTable(
  'post_reports',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolution: text('resolution', { enum: ['hidden', 'dismissed'] }),
  },
  (t) => [
    index('post_reports_queue_idx').on(t.communityId, t.resolvedAt, t.createdAt),
    uniqueIndex('post_reports_open_idx').on(t.postId, t.reporterId).where(sql`${t.resolvedAt} is null`),
  ],
);

// ─── Following, feed and notifications ──────────────────────────────────────────────────────────

export const follows = pgTable(
  'follows',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.followeeId),
  ],
);

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'insight',
  'join_request',
  'join_decision',
  'community_invitation',
  'removed',
  'moderation',
  'new_follower',
  'credential_submitted',
  'credential_reviewed',
  'credential_escalated',
  'credential_earned',
  'credential_revoked',
  'resource_reviewed',
  'resource_tried',
  'resource_remixed',
  'resource_brought_home',
] as const;

/** One thing a person should know about, shown by the bell and, per their choice, emailed. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    communityId: uuid('community_id').references(() => communities.id),
    threadId: uuid('thread_id').references(() => threads.id),
    postId: uuid('post_id').references(() => posts.id),
    /** Plain-text facts the notification shows (names, titles, a moderation reason). */
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
    /** pending: to be emailed on its own; digest: to be included in the next daily digest. */
    emailState: text('email_state', { enum: ['none', 'pending', 'digest', 'sent', 'skipped'] })
      .notNull()
      .default('none'),
    emailedAt: ts('emailed_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    index('notifications_email_idx')
      .on(t.emailState, t.createdAt)
      .where(sql`${t.emailState} in ('pending', 'digest')`),
  ],
);

/** A person's choices about email and where they stopped reading their feed. */
export const personSettings = pgTable('person_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** each: one email per notification; daily: one digest a day; off: no email. */
  emailNotifications: text('email_notifications', { enum: ['each', 'daily', 'off'] })
    .notNull()
    .default('daily'),
  feedSeenAt: ts('feed_seen_at'),
  digestSentAt: ts('digest_sent_at'),
  updatedAt: createdAt('updated_at'),
});

// ─── Resource library and knowledge mobilization ────────────────────────────────────────────────

export const RESOURCE_KINDS = [
  'lesson',
  'unit',
  'performance_task',
  'assessment_bundle',
  'rubric',
  'video',
  'tool_protocol',
  'research_brief',
] as const;
export const LICENCES = [
  'cc-by',
  'cc-by-sa',
  'cc-by-nc',
  'cc-by-nc-sa',
  'cc-by-nd',
  'cc-by-nc-nd',
  'cc0',
  'all-rights-reserved',
] as const;
/**
 * Who may see a resource or collection: its owner alone, a community's readers, the people of a
 * school, a district or a network, or everyone signed in to Trellis. `audience_id` names the
 * community, school, district or network; it is null for private and public.
 */
export const AUDIENCES = ['private', 'community', 'school', 'district', 'network', 'public'] as const;

/** One file or link in a version of a resource, with the sharer's commentary. */
export type ResourceItem =
  | {
      type: 'file';
      fileId: string;
      filename: string;
      contentType: string;
      byteSize: number;
      commentary: string;
    }
  | { type: 'link'; url: string; title: string; commentary: string };

/**
 * A lesson, unit, task, bundle, rubric, video, protocol or brief a teacher shares. The row holds the
 * current version's fields (for lists, facets and search) and the counts its quality signals keep;
 * every version, this one included, is kept whole in resource_versions.
 */
export const resources = pgTable(
  'resources',
  {
    id: id(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    /** The owner's district and school when it was shared: where it came from, for the spread view. */
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    schoolId: uuid('school_id').references(() => organizations.id),
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    audienceId: uuid('audience_id'),
    kind: text('kind', { enum: RESOURCE_KINDS }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    /** Competencies or standards it aligns to: free tags, lower case. */
    alignments: text('alignments').array().notNull().default(sql`'{}'`),
    licence: text('licence', { enum: LICENCES }).notNull(),
    /** The current version's number; versions count from 1. */
    version: integer('version').notNull().default(1),
    /** The resource this one remixes, and the version it was made from. */
    remixOfId: uuid('remix_of_id'),
    remixOfVersion: integer('remix_of_version'),
    /** Mean of the reviews' rubric scores (1–4), null before the first review. */
    rating: doublePrecision('rating'),
    reviewCount: integer('review_count').notNull().default(0),
    triedCount: integer('tried_count').notNull().default(0),
    remixCount: integer('remix_count').notNull().default(0),
    endorsementCount: integer('endorsement_count').notNull().default(0),
    search: tsvector('search'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('resources_owner_idx').on(t.ownerId, t.updatedAt),
    index('resources_audience_idx').on(t.audience, t.audienceId, t.updatedAt),
    index('resources_remix_of_idx').on(t.remixOfId, t.createdAt),
    index('resources_search_idx').using('gin', t.search),
    index('resources_subjects_idx').using('gin', t.subjects),
    index('resources_grade_bands_idx').using('gin', t.gradeBands),
    index('resources_alignments_idx').using('gin', t.alignments),
    // The library's walk of the newest standing resources (library-service.ts) reads its visibility
    // and facet columns from this index alone; alignments stay out (free tags, unbounded in bytes).
    index('resources_library_idx')
      .on(
        t.id,
        t.audience,
        t.audienceId,
        t.ownerId,
        t.kind,
        t.licence,
        t.rating,
        t.triedCount,
        t.subjects,
        t.gradeBands,
      )
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** Every version of a resource, whole: older ones stay viewable and can be compared. */
export const resourceVersions = pgTable(
  'resource_versions',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    version: integer('version').notNull(),
    kind: text('kind', { enum: RESOURCE_KINDS }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** The sharer's notes in Markdown, and rendered and sanitized on the server. */
    notesMd: text('notes_md').notNull().default(''),
    notesHtml: text('notes_html').notNull().default(''),
    subjects: text('subjects').array().notNull(),
    gradeBands: text('grade_bands').array().notNull(),
    alignments: text('alignments').array().notNull(),
    licence: text('licence', { enum: LICENCES }).notNull(),
    /** Files and links, in order, each with commentary. */
    items: jsonb('items').$type<ResourceItem[]>().notNull().default([]),
    /** What the editor said changed. */
    changeNote: text('change_note').notNull().default(''),
    editedBy: uuid('edited_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.version] })],
);

/** A file uploaded for a resource; usable in a version once uploaded, by its uploader. */
export const resourceFiles = pgTable(
  'resource_files',
  {
    id: id(),
    uploaderId: uuid('uploader_id')
      .notNull()
      .references(() => users.id),
    fileKey: text('file_key')
      .notNull()
      .references(() => files.key),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('resource_files_uploader_idx').on(t.uploaderId, t.createdAt)],
);

/** Which files a version of a resource holds: a download is allowed only through a resource that holds it. */
export const resourceVersionFiles = pgTable(
  'resource_version_files',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    version: integer('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => resourceFiles.id),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.fileId, t.version] }),
    index('resource_version_files_file_idx').on(t.fileId),
  ],
);

/** A review against the rubric: each criterion scored 1–4. One per reviewer, editable. */
export const resourceReviews = pgTable(
  'resource_reviews',
  {
    id: id(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    /** The version reviewed. */
    version: integer('version').notNull(),
    alignment: smallint('alignment').notNull(),
    clarity: smallint('clarity').notNull(),
    evidence: smallint('evidence').notNull(),
    adaptability: smallint('adaptability').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    uniqueIndex('resource_reviews_reviewer_idx').on(t.resourceId, t.reviewerId),
    index('resource_reviews_resource_idx').on(t.resourceId, t.createdAt),
  ],
);

/** "I tried it": what happened when a teacher used a resource with their class. */
export const resourceTries = pgTable(
  'resource_tries',
  {
    id: id(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull(),
    gradeBand: text('grade_band').notNull(),
    subject: text('subject').notNull(),
    /** The class and setting, in the teacher's words. */
    context: text('context').notNull().default(''),
    whatHappened: text('what_happened').notNull(),
    /** What students produced, in aggregate: never a student's name or record. */
    studentWork: text('student_work').notNull().default(''),
    adaptations: text('adaptations').notNull().default(''),
    /** Where the teacher works, when they tried it. */
    schoolId: uuid('school_id').references(() => organizations.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('resource_tries_resource_idx').on(t.resourceId, t.createdAt),
    index('resource_tries_user_idx').on(t.userId, t.createdAt),
  ],
);

/** A community facilitator vouches for a resource on behalf of their community. */
export const resourceEndorsements = pgTable(
  'resource_endorsements',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    endorserId: uuid('endorser_id')
      .notNull()
      .references(() => users.id),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.communityId] })],
);

/** An ordered, annotated set of resources curated by a teacher, shared like a resource. */
export const collections = pgTable(
  'collections',
  {
    id: id(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    schoolId: uuid('school_id').references(() => organizations.id),
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    audienceId: uuid('audience_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    itemCount: integer('item_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('collections_owner_idx').on(t.ownerId, t.updatedAt),
    index('collections_audience_idx').on(t.audience, t.audienceId, t.updatedAt),
  ],
);

export const collectionItems = pgTable(
  'collection_items',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    /** Order in the collection, from 0. */
    position: integer('position').notNull(),
    annotation: text('annotation').notNull().default(''),
    addedAt: createdAt('added_at'),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.resourceId] }),
    index('collection_items_order_idx').on(t.collectionId, t.position),
    index('collection_items_resource_idx').on(t.resourceId),
  ],
);

/**
 * Knowledge mobilization: a member brings a resource, or a thread's insight, home from a community
 * to their own school or district with a note for colleagues who were not there. A resource brought
 * home becomes visible to the people of that school or district; it appears in their feeds.
 */
export const homeShares = pgTable(
  'home_shares',
  {
    id: id(),
    sharerId: uuid('sharer_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject', { enum: ['resource', 'insight'] }).notNull(),
    resourceId: uuid('resource_id').references(() => resources.id),
    /** For an insight: the reply marked as the insight, and its thread. */
    postId: uuid('post_id').references(() => posts.id),
    threadId: uuid('thread_id').references(() => threads.id),
    /** The community it was brought from, if any. */
    fromCommunityId: uuid('from_community_id').references(() => communities.id),
    targetKind: text('target_kind', { enum: ['school', 'district'] }).notNull(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => organizations.id),
    note: text('note').notNull().default(''),
    /** The activity-stream statement that records it: the feed shows it through that. */
    statementId: uuid('statement_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('home_shares_target_idx').on(t.targetId, t.createdAt, t.statementId),
    index('home_shares_resource_idx').on(t.resourceId, t.targetId),
    index('home_shares_post_idx').on(t.postId),
  ],
);

// ─── Competencies and micro-credentials ─────────────────────────────────────────────────────────

/**
 * A competency framework owned by a district or network: written in Trellis or imported from a CASE
 * 1.0 package (then `caseIdentifier` is the CFDocument's identifier, so re-importing updates it).
 */
export const competencyFrameworks = pgTable(
  'competency_frameworks',
  {
    id: id(),
    ownerOrgId: uuid('owner_org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    creator: text('creator').notNull().default(''),
    version: text('version').notNull().default(''),
    caseIdentifier: text('case_identifier'),
    caseUri: text('case_uri'),
    /** The CASE source's lastChangeDateTime when imported; null for frameworks written in Trellis. */
    caseLastChangeAt: ts('case_last_change_at'),
    /** Served on the public CASE addresses; private (its owner's scope only) until its admins publish it. */
    published: boolean('published').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('competency_frameworks_owner_idx').on(t.ownerOrgId, t.title),
    uniqueIndex('competency_frameworks_case_idx').on(t.ownerOrgId, t.caseIdentifier),
  ],
);

/** One competency in a framework, nested under its parent (CASE CFItem; hierarchy from isChildOf). */
export const competencies = pgTable(
  'competencies',
  {
    id: id(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => competencyFrameworks.id),
    parentId: uuid('parent_id'),
    /** Human coding scheme, e.g. "TL.2.1". */
    code: text('code').notNull().default(''),
    statement: text('statement').notNull(),
    description: text('description').notNull().default(''),
    itemType: text('item_type').notNull().default(''),
    caseIdentifier: text('case_identifier'),
    caseUri: text('case_uri'),
    /** The CASE source's lastChangeDateTime when imported; null for competencies written in Trellis. */
    caseLastChangeAt: ts('case_last_change_at'),
    /** Order among siblings, from 0. */
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('competencies_tree_idx').on(t.frameworkId, t.parentId, t.position),
    uniqueIndex('competencies_case_idx').on(t.frameworkId, t.caseIdentifier),
  ],
);

/** What evidence a micro-credential asks for: one prompt, answered in the kind it names. */
export interface EvidencePrompt {
  id: string;
  kind: 'reflection' | 'file' | 'link' | 'video' | 'resource' | 'activity';
  prompt: string;
  required: boolean;
}
/** A rubric: criteria scored on ordered levels (0 = lowest), and the rule for passing. */
export interface Rubric {
  levels: Array<{ id: string; name: string }>;
  criteria: Array<{ id: string; name: string; descriptors: string[] }>;
  /** Every criterion must reach `minLevel` (an index into levels). */
  passing: { minLevel: number };
}

/**
 * A micro-credential (kind micro) or a stack credential (kind stack: earned by earning every member
 * of the stack). The row holds the current version's title for lists and search; each version is
 * kept whole in micro_credential_versions, and a submission is judged against the one it started on.
 */
export const microCredentials = pgTable(
  'micro_credentials',
  {
    id: id(),
    kind: text('kind', { enum: ['micro', 'stack'] })
      .notNull()
      .default('micro'),
    /** The district or network that issues it and signs what it awards. */
    issuerOrgId: uuid('issuer_org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['draft', 'published', 'retired'] })
      .notNull()
      .default('draft'),
    currentVersion: integer('current_version').notNull().default(1),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('english', title || ' ' || summary)`,
    ),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('micro_credentials_issuer_idx').on(t.issuerOrgId, t.status, t.updatedAt),
    index('micro_credentials_search_idx').using('gin', t.searchVector),
  ],
);

export const microCredentialVersions = pgTable(
  'micro_credential_versions',
  {
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** How it is earned, in words: the OB 3.0 achievement's criteria narrative. */
    criteria: text('criteria').notNull().default(''),
    /** Storage key of the badge image (PNG or SVG), if any. */
    imageKey: text('image_key'),
    imageType: text('image_type'),
    competencyIds: uuid('competency_ids').array().notNull().default(sql`'{}'`),
    evidencePrompts: jsonb('evidence_prompts').$type<EvidencePrompt[]>().notNull().default([]),
    rubric: jsonb('rubric').$type<Rubric | null>(),
    /** Teams of up to this many may submit together; 1 means individuals only. */
    maxTeamSize: integer('max_team_size').notNull().default(1),
    /** Whether an award needs two assessors to agree (disagreement goes to a lead assessor). */
    secondAssessor: boolean('second_assessor').notNull().default(false),
    /** An award expires this many days after it is issued; null: never. */
    validForDays: integer('valid_for_days'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.version] })],
);

/** Who may review submissions for a credential; a lead settles disagreements. */
export const microCredentialAssessors = pgTable(
  'micro_credential_assessors',
  {
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lead: boolean('lead').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.credentialId, t.userId] }),
    index('micro_credential_assessors_user_idx').on(t.userId),
  ],
);

/** The micro-credentials a stack credential is made of, in order. */
export const stackMembers = pgTable(
  'stack_members',
  {
    stackId: uuid('stack_id')
      .notNull()
      .references(() => microCredentials.id),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stackId, t.credentialId] }),
    index('stack_members_credential_idx').on(t.credentialId),
  ],
);

/** An answer to one evidence prompt. Private evidence never leaves Trellis in a public credential. */
export interface EvidenceAnswer {
  promptId: string;
  text?: string;
  url?: string;
  fileId?: string;
  filename?: string;
  contentType?: string;
  resourceId?: string;
  statementId?: string;
  /** Private evidence (classroom video is private unless the earner says otherwise). */
  private: boolean;
}

/**
 * One attempt at a micro-credential by a teacher or a team, judged against the version it started
 * on. Evidence is drafted (autosaved) until submitted; each submitted round is kept in
 * submission_rounds, so a revised resubmission keeps its history.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: id(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    status: text('status', {
      enum: ['draft', 'submitted', 'escalated', 'revise', 'earned', 'withdrawn'],
    })
      .notNull()
      .default('draft'),
    /** The round under way: 1 for the first submission, +1 on each resubmission after revise. */
    round: integer('round').notNull().default(1),
    evidence: jsonb('evidence').$type<EvidenceAnswer[]>().notNull().default([]),
    startedAt: createdAt('started_at'),
    submittedAt: ts('submitted_at'),
    decidedAt: ts('decided_at'),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('submissions_owner_idx').on(t.ownerId, t.updatedAt),
    index('submissions_queue_idx').on(t.credentialId, t.status, t.submittedAt),
  ],
);

/** Everyone a submission is for: the owner and, for a team, its other members. */
export const submissionMembers = pgTable(
  'submission_members',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.userId] }),
    index('submission_members_user_idx').on(t.userId),
  ],
);

/** The evidence as it stood when each round was submitted. */
export const submissionRounds = pgTable(
  'submission_rounds',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    round: integer('round').notNull(),
    evidence: jsonb('evidence').$type<EvidenceAnswer[]>().notNull(),
    submittedAt: createdAt('submitted_at'),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.round] })],
);

/** An assessor's judgement of one round: a level and feedback per criterion, and a decision. */
export const submissionReviews = pgTable(
  'submission_reviews',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    round: integer('round').notNull(),
    assessorId: uuid('assessor_id')
      .notNull()
      .references(() => users.id),
    /** first, second, or lead (settling a disagreement). */
    role: text('role', { enum: ['first', 'second', 'lead'] }).notNull(),
    scores: jsonb('scores')
      .$type<Array<{ criterionId: string; level: number; feedback: string }>>()
      .notNull(),
    feedback: text('feedback').notNull().default(''),
    decision: text('decision', { enum: ['earned', 'revise'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('submission_reviews_once_idx').on(t.submissionId, t.round, t.assessorId),
    index('submission_reviews_assessor_idx').on(t.assessorId, t.createdAt),
  ],
);

/**
 * An Ed25519 key an organization signs credentials with. The private key is stored encrypted with
 * the deployment's CREDENTIAL_KEY_SECRET. Rotating retires the active key but keeps it in the
 * organization's DID document, so credentials signed with it still verify.
 */
export const issuerKeys = pgTable(
  'issuer_keys',
  {
    id: id(),
    orgId: uuid('org_id').references(() => organizations.id),
    /** Fragment of the verification method in the DID document, e.g. "key-1". */
    fragment: text('fragment').notNull(),
    publicKeyMultibase: text('public_key_multibase').notNull(),
    secretKeyEncrypted: text('secret_key_encrypted').notNull(),
    createdAt: createdAt(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('issuer_keys_fragment_idx').on(t.orgId, t.fragment),
    uniqueIndex('issuer_keys_active_idx').on(t.orgId).where(sql`${t.retiredAt} is null`),
  ],
);

/** A Bitstring Status List (revocation) of an issuing organization. */
export const statusLists = pgTable(
  'status_lists',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    purpose: text('purpose', { enum: ['revocation'] })
      .notNull()
      .default('revocation'),
    /** Number of entries (bits); at least 131,072 so a list does not single anyone out. */
    length: integer('length').notNull(),
    nextIndex: integer('next_index').notNull().default(0),
    /** The signed BitstringStatusListCredential as last issued; re-signed when an entry changes. */
    credential: jsonb('credential'),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('status_lists_org_idx').on(t.orgId, t.nextIndex)],
);

/**
 * An issued credential: the signed OpenBadgeCredential exactly as issued, with its place in the
 * issuer's status list. Awards are never edited: only revoked (and, if need be, issued again).
 */
export const awards = pgTable(
  'awards',
  {
    id: id(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => microCredentials.id),
    version: integer('version').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    submissionId: uuid('submission_id').references(() => submissions.id),
    issuerOrgId: uuid('issuer_org_id')
      .notNull()
      .references(() => organizations.id),
    issuedBy: uuid('issued_by').references(() => users.id),
    statusListId: uuid('status_list_id')
      .notNull()
      .references(() => statusLists.id),
    statusIndex: integer('status_index').notNull(),
    document: jsonb('document').notNull(),
    issuedAt: createdAt('issued_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revocationReason: text('revocation_reason'),
    /** Consent: listed on the credential's page among holders (shown when open to mentoring). */
    listed: boolean('listed').notNull().default(false),
  },
  (t) => [
    index('awards_recipient_idx').on(t.recipientId, t.issuedAt),
    index('awards_credential_idx').on(t.credentialId, t.issuedAt),
    uniqueIndex('awards_status_idx').on(t.statusListId, t.statusIndex),
    uniqueIndex('awards_current_idx').on(t.credentialId, t.recipientId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Awarding a credential to a cohort at once, done in the background with progress shown. */
export const awardJobs = pgTable('award_jobs', {
  id: id(),
  credentialId: uuid('credential_id')
    .notNull()
    .references(() => microCredentials.id),
  requestedBy: uuid('requested_by')
    .notNull()
    .references(() => users.id),
  recipientIds: uuid('recipient_ids').array().notNull(),
  status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
    .notNull()
    .default('queued'),
  issued: integer('issued').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  error: text('error'),
  createdAt: createdAt(),
  finishedAt: ts('finished_at'),
});

export * from '#server/features/integrations/schema.ts';
