import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import { videos } from '#server/features/video/schema.ts';

/**
 * A clip of a teacher's lesson shared with a community as an exemplar: the part (null: the whole
 * video, only when the teacher chose it), comments shown or hidden, and the video grant that lets
 * the community's members play it. Taking it back revokes the grant and keeps the row.
 */
export const communityVideoClips = pgTable(
  'community_video_clips',
  {
    id: id(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    sharedBy: uuid('shared_by')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    note: text('note').notNull().default(''),
    clipStart: real('clip_start'),
    clipEnd: real('clip_end'),
    hideComments: boolean('hide_comments').notNull().default(true),
    grantId: uuid('grant_id').notNull(),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('community_video_clips_library_idx')
      .on(t.communityId, t.createdAt, t.id)
      .where(sql`${t.revokedAt} is null`),
    uniqueIndex('community_video_clips_once_idx')
      .on(t.videoId, t.communityId)
      .where(sql`${t.revokedAt} is null`),
  ],
);
