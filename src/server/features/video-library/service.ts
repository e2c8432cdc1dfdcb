import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '#server/platform/errors.ts';
import type { Config } from '#server/platform/config.ts';
import type {
  DistrictVideoPolicyBody,
  LibraryClip,
  LibraryResponse,
  ShareClipBody,
} from '#shared/contracts/video-library.ts';
import { assertParticipant, canFacilitate, isMember, readableCommunity } from '../communities/index.ts';
import {
  deleteVideo,
  getVideoPolicy,
  grantVideo,
  listExpiredVideos,
  revokeVideoGrant,
  setVideoPolicy,
  videoAccess,
} from '../video/index.ts';
import * as q from './queries.ts';

const CLIP_OBJECT = 'video_clip';

function present(row: q.ClipRow, actor: Actor, facilitates: boolean): LibraryClip {
  return {
    id: row.id,
    videoId: row.video_id,
    title: row.title,
    note: row.note,
    sharedBy: { id: row.shared_by, name: row.shared_by_name },
    clip:
      row.clip_start === null || row.clip_end === null ? null : { start: row.clip_start, end: row.clip_end },
    hideComments: row.hide_comments,
    durationSeconds: row.duration_seconds,
    createdAt: new Date(row.created_at).toISOString(),
    abilities: { revoke: row.shared_by === actor.userId || facilitates },
  };
}

/**
 * A community's video library, newest first, for its members: who are not members are told to
 * join (403), and who may not read the community at all get 404.
 */
export async function listCommunityLibrary(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  cursor?: string;
  limit: number;
}): Promise<LibraryResponse> {
  const community = await readableCommunity(args.db, args.actor, args.communityId);
  if (!isMember(community)) throw new ForbiddenError('Join this community to watch its video library.');
  const rows = await q.listCommunityClips(args.db, {
    communityId: community.id,
    viewerId: args.actor.userId,
    after: args.cursor ? decodeTimeCursor(args.cursor) : undefined,
    limit: args.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, args.limit, (r) => [r.created_at, r.id]);
  const facilitates = canFacilitate(community);
  return {
    data: shown.map((r) => present(r, args.actor, facilitates)),
    nextCursor,
    abilities: { share: community.archivedAt === null },
  };
}

/**
 * A teacher shares a clip of their own lesson (the whole lesson only when they say so) with a
 * community they belong to: one grant to its members for that part, comments hidden unless they
 * choose to show them. The district's video policy is checked by the grant.
 */
export async function shareClipWithCommunity(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  body: ShareClipBody & { wholeVideo: boolean; hideComments: boolean; note: string };
}): Promise<LibraryClip> {
  const { actor, body } = args;
  const id = await args.db.transaction(async (tx) => {
    const community = await readableCommunity(tx, actor, args.communityId);
    assertParticipant(community);
    const access = await videoAccess({ tx, userId: actor.userId, videoId: body.videoId });
    if (!access) throw invalidField('/body/videoId', 'is not a video of yours');
    if (!access.manage)
      throw invalidField('/body/videoId', 'is not a video of yours: only its owner may share it');
    // The range is checked against the video's length by the grant below.
    const clip = body.wholeVideo ? null : (body.clip ?? null);
    if (await q.clipOfVideoInCommunity(tx, { videoId: body.videoId, communityId: community.id }))
      throw new ConflictError(
        'This video is in the community’s library already: take it back first to share another part.',
      );
    const policy = await getVideoPolicy({ tx, districtId: actor.districtId });
    if (!policy.videoAllowed)
      throw new ForbiddenError('Your district does not allow lesson video in Trellis.');
    if (
      !policy.shareAcrossDistricts &&
      (await q.reachesOtherDistricts(tx, { communityId: community.id, districtId: actor.districtId }))
    )
      throw new ForbiddenError(
        'This community has members in other districts, and your district keeps lesson video within the district.',
      );
    const clipId = uuidv7();
    const { grantId } = await grantVideo({
      tx,
      actor,
      videoId: body.videoId,
      to: { communityId: community.id },
      clip: clip ?? undefined,
      hideComments: body.hideComments,
      mayComment: false,
      source: `library:${clipId}`,
    });
    await q.insertCommunityClip(tx, {
      id: clipId,
      videoId: body.videoId,
      communityId: community.id,
      sharedBy: actor.userId,
      title: body.title,
      note: body.note,
      clip,
      hideComments: body.hideComments,
      grantId,
    });
    await recordActivity(tx, {
      actor,
      verb: 'shared',
      object: { type: CLIP_OBJECT, id: clipId, name: body.title },
      context: { communityId: community.id },
    });
    return clipId;
  });
  const row = await q.findCommunityClip(args.db, { communityId: args.communityId, clipId: id });
  if (!row) throw new NotFoundError('No such clip.');
  return present(row, actor, false);
}

/**
 * Takes a clip out of a community's library: the teacher who shared it, or a facilitator. Its grant
 * is revoked, so a member's player stops at its next range request.
 */
export async function takeBackClip(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  clipId: string;
}): Promise<void> {
  await args.db.transaction(async (tx) => {
    const community = await readableCommunity(tx, args.actor, args.communityId);
    const row = await q.findCommunityClip(tx, { communityId: community.id, clipId: args.clipId });
    if (!row || !isMember(community)) throw new NotFoundError('No such clip.');
    if (row.shared_by !== args.actor.userId && !canFacilitate(community))
      throw new ForbiddenError('Only the teacher who shared this clip, or a facilitator, may take it back.');
    await revokeVideoGrant({ tx, actor: null, grantId: row.grant_id });
    await q.markClipRevoked(tx, row.id);
    await recordActivity(tx, {
      actor: args.actor,
      verb: 'removed',
      object: { type: CLIP_OBJECT, id: row.id, name: row.title },
      context: { communityId: community.id },
    });
  });
}

// ─── The district's video policy ───────────────────────────────────────────────────────────────

/** The district's video policy as its administrators set it. */
export async function readDistrictVideoPolicy(args: { db: Db; actor: Actor }) {
  return {
    data: await getVideoPolicy({ tx: args.db, districtId: args.actor.districtId }),
    abilities: { edit: isDistrictAdmin(args.actor) },
  };
}

/** Sets the district's video policy (an administrator), audited. */
export async function updateDistrictVideoPolicy(args: {
  db: Db;
  actor: Actor;
  body: Required<DistrictVideoPolicyBody>;
}) {
  await args.db.transaction(async (tx) => {
    await setVideoPolicy({
      tx,
      districtId: args.actor.districtId,
      actorId: args.actor.userId,
      policy: {
        videoAllowed: args.body.videoAllowed,
        shareAcrossDistricts: args.body.shareAcrossDistricts,
        retentionDays: args.body.retentionDays,
        consentText: args.body.consentText,
      },
    });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'video_policy.changed',
      target: { type: 'district', id: args.actor.districtId },
      districtId: args.actor.districtId,
      details: {
        videoAllowed: args.body.videoAllowed,
        shareAcrossDistricts: args.body.shareAcrossDistricts,
        retentionDays: args.body.retentionDays,
      },
    });
  });
  return readDistrictVideoPolicy(args);
}

/**
 * Deletes every video older than its district keeps video, a batch at a time, each in its own
 * transaction (its files, renditions, captions, comments and grants go with it). Returns how many.
 */
export async function applyVideoRetention(args: {
  db: Db;
  config: Pick<Config, 'dataDir'>;
  batch?: number;
}): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await listExpiredVideos({ tx: args.db, limit: args.batch ?? 100 });
    if (ids.length === 0) return deleted;
    for (const videoId of ids)
      await args.db.transaction((tx) => deleteVideo({ tx, config: args.config, actor: null, videoId }));
    deleted += ids.length;
  }
}
