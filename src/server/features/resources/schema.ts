import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, tsvector } from '#server/db/columns.ts';
import { files, organizations, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { AUDIENCES, RESOURCE_KINDS } from '#shared/contracts/resources.ts';
import { LICENCE_IDS } from '#shared/licences.ts';

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
    licence: text('licence', { enum: LICENCE_IDS }).notNull(),
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
    licence: text('licence', { enum: LICENCE_IDS }).notNull(),
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

/**
 * A resource's words and facets under each broad key that may find it (`*`, and `o:<network>` for
 * every network among its document's readers): one row per term (a 64-bit hash of key, word or
 * facet, and value; `library_term` in migration 0048) and resource, kept by statement triggers on
 * search_documents in the same statement as every document change. A library search with words
 * walks these ranges newest first for the broad keys the viewer holds (decision 042).
 */
export const libraryPostings = pgTable(
  'library_postings',
  {
    term: bigint('term', { mode: 'bigint' }).notNull(),
    resourceId: uuid('resource_id').notNull(),
  },
  (t) => [primaryKey({ name: 'library_postings_pkey', columns: [t.term, t.resourceId] })],
);
