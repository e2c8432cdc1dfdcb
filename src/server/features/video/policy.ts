import type { VideoAbilities } from '#shared/contracts/video.ts';
import type { AccessRow } from './queries.ts';

/** What one person may do with one video, and the part of it they may watch. */
export interface VideoAccess extends VideoAbilities {
  videoId: string;
  ownerId: string;
  districtId: string;
  /** The grant their access comes from (null for the owner). */
  grantId: string | null;
  /** The part they may watch, in seconds of the video; null: all of it. */
  clip: { start: number; end: number } | null;
}

/**
 * The one rule (decision 074): the owner may do everything; a grant lets its person (or the active
 * members of its community) watch the whole video or its clip, see the comments unless the grant
 * hides them, and comment and reply when it allows; everyone else gets nothing (a 404).
 */
export function accessFrom(row: AccessRow | null, userId: string): VideoAccess | null {
  if (!row) return null;
  const base = { videoId: row.id, ownerId: row.owner_id, districtId: row.district_id };
  if (row.owner_id === userId)
    return {
      ...base,
      grantId: null,
      clip: null,
      view: true,
      seeComments: true,
      comment: true,
      reply: true,
      manage: true,
    };
  if (!row.grant_id) return null;
  const seeComments = !row.hide_comments;
  const comment = seeComments && row.may_comment === true;
  return {
    ...base,
    grantId: row.grant_id,
    clip:
      row.clip_start === null || row.clip_end === null ? null : { start: row.clip_start, end: row.clip_end },
    view: true,
    seeComments,
    comment,
    reply: comment,
    manage: false,
  };
}

export const abilitiesOf = (access: VideoAccess): VideoAbilities => ({
  view: access.view,
  comment: access.comment,
  reply: access.reply,
  manage: access.manage,
  seeComments: access.seeComments,
});
