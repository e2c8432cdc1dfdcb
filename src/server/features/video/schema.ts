import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import {
  CAPTION_SOURCES,
  COMMENT_TAG_KINDS,
  RENDITION_KINDS,
  VIDEO_STATUSES,
  type CaptionCue,
} from '#shared/contracts/video.ts';

/**
 * A lesson video a teacher uploaded. Its id is the tus upload's id, so the row exists (as
 * `uploading`) from the upload's first byte and the expiry job can remove what an abandoned upload
 * left. It may show students: private to its owner and the people they grant.
 */
export const videos = pgTable(
  'videos',
  {
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    status: text('status', { enum: VIDEO_STATUSES }).notNull(),
    /** Why it failed, or what the job is doing, in words the owner reads. */
    statusDetail: text('status_detail'),
    /** The transcode's progress, 0–100. */
    progress: integer('progress').notNull().default(0),
    durationSeconds: real('duration_seconds'),
    /** The original upload, kept until the renditions are made (and for a later trim). */
    sourceKey: text('source_key'),
    sourceBytes: bigint('source_bytes', { mode: 'number' }),
    trimStart: real('trim_start'),
    trimEnd: real('trim_end'),
    /** When the teacher confirmed consent, and the district's policy text they confirmed. */
    consentConfirmedAt: ts('consent_confirmed_at').notNull(),
    consentText: text('consent_text').notNull(),
    /** A transcode attempt's start: a job seen running past its limit is failed visibly, never left processing. */
    processingStartedAt: ts('processing_started_at'),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('videos_owner_idx').on(t.ownerId, t.createdAt, t.id),
    index('videos_status_idx').on(t.status, t.updatedAt),
    index('videos_district_idx').on(t.districtId, t.createdAt),
  ],
);

/** The playable files made from a video: two sizes, a poster frame, and clips cut for clip grants. */
export const videoRenditions = pgTable(
  'video_renditions',
  {
    id: id(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RENDITION_KINDS }).notNull(),
    /** For a clip: the grant it was cut for. */
    grantId: uuid('grant_id'),
    storageKey: text('storage_key').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('video_renditions_kind_idx').on(
      t.videoId,
      t.kind,
      sql`coalesce(${t.grantId}, '00000000-0000-0000-0000-000000000000')`,
    ),
  ],
);

/**
 * Who else may watch a video: one person or the members of one community, the whole video or a clip,
 * with comments shown or hidden. Revoking keeps the row (for the owner's history) and stops playback
 * at the next range request. `source` names what made it (a coaching cycle, the library, evidence).
 */
export const videoGrants = pgTable(
  'video_grants',
  {
    id: id(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id),
    communityId: uuid('community_id').references(() => communities.id),
    clipStart: real('clip_start'),
    clipEnd: real('clip_end'),
    hideComments: boolean('hide_comments').notNull().default(false),
    mayComment: boolean('may_comment').notNull().default(true),
    source: text('source').notNull(),
    grantedBy: uuid('granted_by').references(() => users.id),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('video_grants_video_idx').on(t.videoId),
    index('video_grants_user_idx').on(t.userId, t.videoId).where(sql`${t.revokedAt} is null`),
    index('video_grants_community_idx').on(t.communityId, t.videoId).where(sql`${t.revokedAt} is null`),
    index('video_grants_source_idx').on(t.source),
    check('video_grants_one_grantee', sql`(${t.userId} is null) <> (${t.communityId} is null)`),
  ],
);

/** A time-stamped comment on a moment of the video, tagged to a focus or rubric row; replies name their parent. */
export const videoComments = pgTable(
  'video_comments',
  {
    id: id(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    parentId: uuid('parent_id'),
    atSeconds: real('at_seconds').notNull(),
    tagKind: text('tag_kind', { enum: COMMENT_TAG_KINDS }),
    tagId: text('tag_id'),
    tagLabel: text('tag_label'),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('video_comments_video_idx').on(t.videoId, t.atSeconds, t.id)],
);

/** The video's captions as WebVTT (validated), with its cues parsed for the transcript and its search. */
export const videoCaptions = pgTable('video_captions', {
  videoId: uuid('video_id')
    .primaryKey()
    .references(() => videos.id, { onDelete: 'cascade' }),
  language: text('language').notNull().default('en'),
  vtt: text('vtt').notNull(),
  cues: jsonb('cues').$type<CaptionCue[]>().notNull(),
  source: text('source', { enum: CAPTION_SOURCES }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: createdAt('updated_at'),
});

/** One playback session (not each range request): who watched and when, for the owner. */
export const videoViews = pgTable(
  'video_views',
  {
    id: id(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => users.id),
    grantId: uuid('grant_id'),
    startedAt: createdAt('started_at'),
    /** The session's playback URLs carry a token whose hash is kept here, until it expires. */
    tokenHash: text('token_hash'),
    expiresAt: ts('expires_at'),
  },
  (t) => [
    index('video_views_video_idx').on(t.videoId, t.startedAt),
    uniqueIndex('video_views_token_idx').on(t.tokenHash),
  ],
);

/** A district's video policy: whether staff may upload, share across districts, and how long videos are kept. */
export const districtVideoPolicies = pgTable('district_video_policies', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  videoAllowed: boolean('video_allowed').notNull().default(true),
  shareAcrossDistricts: boolean('share_across_districts').notNull().default(true),
  /** Null: kept until its owner deletes it. */
  retentionDays: integer('retention_days'),
  consentText: text('consent_text'),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: createdAt('updated_at'),
});
