/**
 * Lesson videos' use cases. Every one that reads or changes a video asks `videoAccess` first, and
 * answers 404 to anyone it gives nothing: a video someone was not invited to does not exist for them.
 */
import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import type { Storage } from '#server/platform/storage.ts';
import { keysetPage, decodeTimeCursor } from '#server/platform/cursor.ts';
import { ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { hashToken } from '#server/platform/secrets.ts';
import {
  type CaptionCue,
  type CommentBody,
  COMMENT_STEMS,
  DEFAULT_CONSENT_TEXT,
  type PlaybackResponse,
  type ShareCandidate,
  type VideoComment,
  type VideoDetail,
  type VideoGrant,
  type VideoListResponse,
  type VideoPatchBody,
  type VideoPolicy,
  type VideoResponse,
  type VideoSummary,
} from '#shared/contracts/video.ts';
import { clipKey, removeVideoFiles } from './files.ts';
import { clipJob, transcodeJob } from './jobs.ts';
import { abilitiesOf, accessFrom, type VideoAccess } from './policy.ts';
import * as q from './queries.ts';
import { parseWebVtt } from './webvtt.ts';

export type { VideoAccess } from './policy.ts';

/** How long playback URLs work; each range request is authorized again meanwhile. */
export const PLAYBACK_MINUTES = 60;

/** Timestamps come from the driver as PostgreSQL prints them. */
const iso = (at: Date | string) => new Date(at).toISOString();

/** What one person may do with one video; null when nothing (callers answer 404). */
export async function videoAccess(args: {
  tx: Tx;
  userId: string;
  videoId: string;
}): Promise<VideoAccess | null> {
  if (!UUID.test(args.videoId)) return null;
  return accessFrom(await q.findAccess(args.tx, args.userId, args.videoId), args.userId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The videos a person may watch, as SQL for other features' lists: `videos.id in <this>`. */
export function readableVideosSql(userId: string): SQL {
  return q.readableVideosSql(userId);
}

async function requireAccess(tx: Tx, userId: string, videoId: string): Promise<VideoAccess> {
  const access = await videoAccess({ tx, userId, videoId });
  if (!access) throw new NotFoundError('There is no such video, or it is not shared with you.');
  return access;
}

async function requireOwner(tx: Tx, userId: string, videoId: string): Promise<VideoAccess> {
  const access = await requireAccess(tx, userId, videoId);
  if (!access.manage) throw new ForbiddenError('Only the teacher who uploaded this video may do this.');
  return access;
}

/** Times are the video's own; a clip viewer's player starts at the clip's start, so theirs are shifted. */
const toViewer = (access: VideoAccess, seconds: number) =>
  access.clip ? seconds - access.clip.start : seconds;
const fromViewer = (access: VideoAccess, seconds: number) =>
  access.clip ? seconds + access.clip.start : seconds;

function presentSummary(row: q.VideoRow, access: VideoAccess): VideoSummary {
  const clip = access.clip;
  return {
    id: row.id,
    title: row.title,
    owner: { id: row.owner_id, name: row.owner_name },
    status: row.status,
    statusDetail: row.status_detail,
    progress: row.progress,
    durationSeconds: clip ? clip.end - clip.start : trimmedLength(row),
    clip,
    createdAt: iso(row.created_at),
  };
}

const trimmedLength = (row: Pick<q.VideoRow, 'trim_start' | 'trim_end' | 'duration_seconds'>) =>
  row.trim_start !== null && row.trim_end !== null ? row.trim_end - row.trim_start : row.duration_seconds;

function presentComment(row: q.CommentRow, access: VideoAccess, userId: string): VideoComment {
  return {
    id: row.id,
    author: { id: row.author_id, name: row.author_name },
    parentId: row.parent_id,
    atSeconds: toViewer(access, row.at_seconds),
    tag: row.tag_kind ? { kind: row.tag_kind, id: row.tag_id, label: row.tag_label ?? '' } : null,
    body: row.body,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    mine: row.author_id === userId,
  };
}

/** A short description of a video for other features' pages (a cycle, evidence, the library). */
export async function getVideoSummary(args: {
  tx: Tx;
  userId: string;
  videoId: string;
}): Promise<(VideoSummary & { ownerId: string }) | null> {
  const access = await videoAccess(args);
  if (!access) return null;
  const row = await q.findVideo(args.tx, args.videoId);
  return row ? { ...presentSummary(row, access), ownerId: row.owner_id } : null;
}

/** The video page: the video, its comments and captions as the caller may see them, and what they may do. */
export async function getVideoPage(args: { db: Db; actor: Actor; videoId: string }): Promise<VideoResponse> {
  return JSON.parse(await getVideoPageJson(args)) as VideoResponse;
}

/**
 * The video page as the JSON text of a `VideoResponse`, read in one statement (queries.ts,
 * findVideoPage, decision 091): the access rule and district policy in SQL, the comments written as
 * JSON by the statement, the rest small. video.test.ts holds it to the schema.
 */
export async function getVideoPageJson(args: { db: Db; actor: Actor; videoId: string }): Promise<string> {
  const { db, actor, videoId } = args;
  const row = UUID.test(videoId) ? await q.findVideoPage(db, actor.userId, videoId) : null;
  const access = accessFrom(row, actor.userId);
  if (!row || !access) throw new NotFoundError('There is no such video, or it is not shared with you.');
  const data: Omit<VideoDetail, 'comments'> = {
    ...presentSummary(row, access),
    trim:
      access.manage && row.trim_start !== null && row.trim_end !== null
        ? { start: row.trim_start, end: row.trim_end }
        : null,
    consentConfirmedAt: iso(row.consent_confirmed_at),
    captions:
      row.caption_cues && row.caption_language && row.caption_source
        ? {
            language: row.caption_language,
            source: row.caption_source,
            cues: cuesFor(access, row.caption_cues),
          }
        : null,
  };
  const head = JSON.stringify(data);
  const comments = (access.seeComments && row.comments) || '[]';
  return `{"data":${head.slice(0, -1)},"comments":${comments}},"abilities":${JSON.stringify(abilitiesOf(access))}}`;
}

/** Caption cues as a viewer's player counts time: within their clip, shifted to its start. */
function cuesFor(access: VideoAccess, cues: CaptionCue[]): CaptionCue[] {
  const clip = access.clip;
  if (!clip) return cues;
  return cues
    .filter((c) => c.end > clip.start && c.start < clip.end)
    .map((c) => ({
      start: Math.max(0, c.start - clip.start),
      end: Math.min(clip.end, c.end) - clip.start,
      text: c.text,
    }));
}

/** The caller's own videos and those shared with them, newest first. */
export async function listVideos(args: {
  db: Db;
  actor: Actor;
  query: { cursor?: string; limit: number; whose: 'mine' | 'shared' | 'all' };
}): Promise<VideoListResponse> {
  const { db, actor, query } = args;
  const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
  const rows = await q.listVideos(db, {
    userId: actor.userId,
    whose: query.whose,
    after,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (r) => [String(r.created_at), r.id]);
  return {
    data: shown.map((row) => {
      const mine = row.owner_id === actor.userId;
      const clip =
        !mine && row.clip_start !== null && row.clip_end !== null
          ? { start: row.clip_start, end: row.clip_end }
          : null;
      return {
        ...presentSummary(row, {
          videoId: row.id,
          ownerId: row.owner_id,
          districtId: row.district_id,
          grantId: null,
          clip,
          view: true,
          seeComments: true,
          comment: false,
          reply: false,
          manage: mine,
        }),
        mine,
      };
    }),
    nextCursor,
  };
}

/** Renames the video, or trims it (the renditions are made again from the original). */
export async function updateVideo(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  body: VideoPatchBody;
}): Promise<VideoResponse> {
  const { db, actor, videoId, body } = args;
  await db.transaction(async (tx) => {
    await requireOwner(tx, actor.userId, videoId);
    const row = await q.findVideo(tx, videoId);
    if (!row) throw new NotFoundError();
    if (body.trim !== undefined) {
      if (row.status === 'uploading' || row.status === 'processing')
        throw invalidField('/body/trim', 'can be changed once the video is ready');
      if (body.trim) {
        if (body.trim.end <= body.trim.start) throw invalidField('/body/trim/end', 'must be after the start');
        if (row.duration_seconds !== null && body.trim.end > row.duration_seconds + 0.5)
          throw invalidField(
            '/body/trim/end',
            `must be within the video (${Math.floor(row.duration_seconds)} seconds long)`,
          );
        if (body.trim.end - body.trim.start < 1)
          throw invalidField('/body/trim/end', 'must keep at least one second');
      }
      await q.deleteRenditions(tx, videoId, ['720p', '360p', 'poster', 'clip']);
    }
    await q.updateVideo(tx, { id: videoId, title: body.title, trim: body.trim });
    if (body.trim !== undefined) {
      await enqueue(tx, transcodeJob, { districtId: row.district_id, videoId });
      await enqueueClips(tx, videoId, row.district_id);
    }
    await recordActivity(tx, { actor, verb: 'updated', object: { type: 'video', id: videoId } });
  });
  return getVideoPage({ db, actor, videoId });
}

async function enqueueClips(tx: Tx, videoId: string, districtId: string) {
  for (const grant of await q.listGrants(tx, videoId))
    if (!grant.revoked_at && grant.clip_start !== null)
      await enqueue(tx, clipJob, { districtId, videoId, grantId: grant.id });
}

/**
 * Deletes the video with its files, renditions, captions, comments, grants and viewings. The owner,
 * or Trellis itself (`actor` null: the district's retention). Evidence that pointed to it shows it
 * as removed by its owner.
 */
export async function deleteVideo(args: {
  tx: Tx;
  /** Where the files are removed through: the app's storage, or the data folder itself. */
  storage?: Storage;
  config?: Pick<Config, 'dataDir'>;
  actor: Actor | null;
  videoId: string;
}): Promise<void> {
  const { tx, actor, videoId } = args;
  if (actor) await requireOwner(tx, actor.userId, videoId);
  const row = await q.findVideo(tx, videoId);
  if (!row) return;
  const keys = [
    ...(await q.renditionsOf(tx, videoId)).map((r) => r.storage_key),
    ...(row.source_key ? [row.source_key] : []),
    `video-uploads/${videoId}`,
    `video-uploads/${videoId}.json`,
  ];
  await q.deleteVideoRow(tx, videoId);
  await recordActivity(tx, {
    actor: actor ?? null,
    verb: 'deleted',
    object: { type: 'video', id: videoId },
    context: { districtId: row.district_id },
  });
  if (args.storage) for (const key of new Set(keys)) await args.storage.delete(key);
  if (args.config) await removeVideoFiles(args.config, videoId);
}

/** Starts a playback session: audited once, with URLs that work for an hour and are checked on every request. */
export async function startPlayback(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  baseUrl: string;
}): Promise<PlaybackResponse> {
  const { db, actor, videoId } = args;
  return db.transaction(async (tx) => {
    const access = await requireAccess(tx, actor.userId, videoId);
    const row = await q.findVideo(tx, videoId);
    if (!row) throw new NotFoundError();
    const renditions = await q.renditionsOf(tx, videoId);
    const clipRendition = access.clip
      ? renditions.find(
          (r) => r.storage_key === clipKey(videoId, access.clip as { start: number; end: number }),
        )
      : undefined;
    // A clip still being cut is nothing to watch yet: no session, no viewing to audit; the page asks again.
    if (access.clip && !clipRendition)
      return {
        data: { sources: [], poster: null, captions: null, expiresAt: new Date().toISOString() },
      };
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + PLAYBACK_MINUTES * 60_000);
    await q.insertView(tx, {
      videoId,
      viewerId: actor.userId,
      grantId: access.grantId,
      tokenHash: hashToken(token),
      expiresAt,
    });
    const url = (kind: string) => `${args.baseUrl}/api/video-files/${token}/${kind}`;
    const poster = renditions.find((r) => r.kind === 'poster');
    const captions = await q.findCaptions(tx, videoId);
    const sources: PlaybackResponse['data']['sources'] = clipRendition
      ? [{ url: url('clip'), kind: 'clip', width: clipRendition.width, height: clipRendition.height }]
      : renditions
          .filter((r) => r.kind === '720p' || r.kind === '360p')
          .sort((a, b) => (a.kind === '720p' ? -1 : b.kind === '720p' ? 1 : 0))
          .map((r) => ({
            url: url(r.kind),
            kind: r.kind as '720p' | '360p',
            width: r.width,
            height: r.height,
          }));
    return {
      data: {
        sources,
        poster: poster && !access.clip ? url('poster') : null,
        captions: captions ? url('captions') : null,
        expiresAt: expiresAt.toISOString(),
      },
    };
  });
}

/** What a playback URL may serve now: its session unexpired, and the person's access as it is at this moment. */
export async function authorizeFile(args: {
  db: Db;
  token: string;
  kind: string;
  /** The signed-in person making the request: a URL works only in its viewer's own session. */
  userId: string | null;
}): Promise<{ storageKey: string; contentType: string; filename: string } | { captions: string } | null> {
  const { db, token, kind } = args;
  const view = await q.findViewByToken(db, hashToken(token));
  if (!view || new Date(view.expires_at).getTime() < Date.now() || view.viewer_id !== args.userId)
    return null;
  const access = await videoAccess({ tx: db, userId: view.viewer_id, videoId: view.video_id });
  if (!access) return null;
  if (kind === 'captions') {
    const captions = await q.findCaptions(db, view.video_id);
    if (!captions) return null;
    return { captions: access.clip ? cuesToVtt(cuesFor(access, captions.cues)) : captions.vtt };
  }
  let key: string;
  if (access.clip) {
    if (kind !== 'clip') return null;
    key = clipKey(view.video_id, access.clip);
  } else {
    if (kind !== '720p' && kind !== '360p' && kind !== 'poster') return null;
    const found = (await q.renditionsOf(db, view.video_id)).find((r) => r.kind === kind);
    if (!found) return null;
    key = found.storage_key;
  }
  const rendition = await q.findRenditionByKey(db, view.video_id, key);
  if (!rendition) return null;
  const poster = kind === 'poster';
  return {
    storageKey: rendition.storage_key,
    contentType: poster ? 'image/jpeg' : 'video/mp4',
    filename: poster ? 'poster.jpg' : 'lesson.mp4',
  };
}

const stamp = (s: number) => {
  const ms = Math.round(s * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`;
};
/** Cues written back as WebVTT (a clip's share of the captions). */
export const cuesToVtt = (cues: CaptionCue[]) =>
  `WEBVTT\n\n${cues.map((c) => `${stamp(c.start)} --> ${stamp(c.end)}\n${c.text.replace(/-->/g, '->')}`).join('\n\n')}\n`;

/** Who watched the video and when (one row per playback session), for its owner. */
export async function listViews(args: { db: Db; actor: Actor; videoId: string }) {
  await requireOwner(args.db, args.actor.userId, args.videoId);
  const rows = await q.listViews(args.db, args.videoId);
  return {
    data: rows.map((r) => ({
      viewer: { id: r.viewer_id, name: r.viewer_name },
      startedAt: iso(r.started_at),
    })),
  };
}

// Comments ---------------------------------------------------------------------------------------

export async function listComments(args: { db: Db; actor: Actor; videoId: string }): Promise<VideoComment[]> {
  const access = await requireAccess(args.db, args.actor.userId, args.videoId);
  if (!access.seeComments) return [];
  return (await q.listComments(args.db, args.videoId, access.clip)).map((c) =>
    presentComment(c, access, args.actor.userId),
  );
}

/** Comments on a moment of the video (or replies to a comment), by the owner and those a grant lets comment. */
export async function addComment(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  body: CommentBody;
}): Promise<VideoComment> {
  const { db, actor, videoId, body } = args;
  return db.transaction(async (tx) => {
    const access = await requireAccess(tx, actor.userId, videoId);
    if (!access.comment) throw new ForbiddenError('You may watch this video but not comment on it.');
    const video = await q.findVideo(tx, videoId);
    if (!video) throw new NotFoundError();
    const length = access.clip ? access.clip.end - access.clip.start : trimmedLength(video);
    if (length !== null && body.atSeconds > length + 0.5)
      throw invalidField('/body/atSeconds', `must be within the video (${Math.floor(length)} seconds long)`);
    let parent: q.CommentRow | null = null;
    if (body.parentId) {
      parent = await q.findComment(tx, videoId, body.parentId);
      if (
        !parent ||
        (access.clip && (parent.at_seconds < access.clip.start || parent.at_seconds > access.clip.end))
      )
        throw invalidField('/body/parentId', 'is not a comment on this video');
      if (parent.parent_id)
        throw invalidField('/body/parentId', 'is a reply: answer the comment it replies to');
    }
    const id = uuidv7();
    await q.insertComment(tx, {
      id,
      videoId,
      authorId: actor.userId,
      parentId: parent?.id ?? null,
      atSeconds: parent ? parent.at_seconds : fromViewer(access, body.atSeconds),
      tag: body.tag ? { kind: body.tag.kind, id: body.tag.id ?? null, label: body.tag.label } : null,
      body: body.body,
    });
    await recordActivity(tx, {
      actor,
      verb: parent ? 'replied' : 'posted',
      object: { type: 'video_comment', id },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/video': videoId } },
    });
    const row = await q.findComment(tx, videoId, id);
    return presentComment(row!, access, actor.userId);
  });
}

export async function updateComment(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  commentId: string;
  body: { body?: string; atSeconds?: number; tag?: CommentBody['tag'] };
}): Promise<VideoComment> {
  const { db, actor, videoId, commentId, body } = args;
  return db.transaction(async (tx) => {
    const access = await requireAccess(tx, actor.userId, videoId);
    const row = access.seeComments ? await q.findComment(tx, videoId, commentId) : null;
    if (!row) throw new NotFoundError('There is no such comment.');
    if (row.author_id !== actor.userId) throw new ForbiddenError('Only its author may change a comment.');
    if (body.atSeconds !== undefined && !row.parent_id) {
      // Moved only within what this viewer may play: the video, or their clip of it.
      const video = await q.findVideo(tx, videoId);
      if (!video) throw new NotFoundError();
      const length = access.clip ? access.clip.end - access.clip.start : trimmedLength(video);
      if (length !== null && body.atSeconds > length + 0.5)
        throw invalidField(
          '/body/atSeconds',
          `must be within the video (${Math.floor(length)} seconds long)`,
        );
    }
    await q.updateComment(tx, {
      id: commentId,
      body: body.body,
      atSeconds:
        body.atSeconds === undefined || row.parent_id ? undefined : fromViewer(access, body.atSeconds),
      tag:
        body.tag === undefined
          ? undefined
          : body.tag
            ? { kind: body.tag.kind, id: body.tag.id ?? null, label: body.tag.label }
            : null,
    });
    await recordActivity(tx, { actor, verb: 'updated', object: { type: 'video_comment', id: commentId } });
    return presentComment((await q.findComment(tx, videoId, commentId))!, access, actor.userId);
  });
}

/** Removes a comment (its author, or the video's owner) and the replies to it. */
export async function deleteComment(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  commentId: string;
}): Promise<void> {
  const { db, actor, videoId, commentId } = args;
  await db.transaction(async (tx) => {
    const access = await requireAccess(tx, actor.userId, videoId);
    const row = access.seeComments ? await q.findComment(tx, videoId, commentId) : null;
    if (!row) throw new NotFoundError('There is no such comment.');
    if (row.author_id !== actor.userId && !access.manage)
      throw new ForbiddenError('Only its author or the video’s owner may remove a comment.');
    await q.deleteComment(tx, videoId, commentId);
    await recordActivity(tx, { actor, verb: 'deleted', object: { type: 'video_comment', id: commentId } });
  });
}

export const commentStems = (): string[] => [...COMMENT_STEMS];

// Captions ---------------------------------------------------------------------------------------

/**
 * Where automatic captions would come from: a service that turns the video's audio into cues. None
 * is built in; an operator's deployment may register one, and the captions it writes say `automatic`.
 */
export interface CaptionGenerator {
  generate(args: { videoId: string; audioFile: string; language: string }): Promise<CaptionCue[]>;
}
let captionGenerator: CaptionGenerator | null = null;
/** Registers the automatic captioning service (none by default). */
export function setCaptionGenerator(generator: CaptionGenerator | null): void {
  captionGenerator = generator;
}
export const automaticCaptionsAvailable = () => captionGenerator !== null;

export async function getCaptions(args: { db: Db; actor: Actor; videoId: string }) {
  const access = await requireAccess(args.db, args.actor.userId, args.videoId);
  const row = await q.findCaptions(args.db, args.videoId);
  if (!row) throw new NotFoundError('This video has no captions yet.');
  const cues = cuesFor(access, row.cues);
  return {
    data: { language: row.language, source: row.source, cues, vtt: access.clip ? cuesToVtt(cues) : row.vtt },
  };
}

/** Keeps the owner's WebVTT captions (uploaded or edited), refused with the line that is wrong. */
export async function saveCaptions(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  vtt: string;
  language: string;
}) {
  const { db, actor, videoId } = args;
  const parsed = parseWebVtt(args.vtt);
  if (!parsed.ok) throw invalidField('/body/vtt', `line ${parsed.line}: ${parsed.message}`);
  await db.transaction(async (tx) => {
    await requireOwner(tx, actor.userId, videoId);
    const existing = await q.findCaptions(tx, videoId);
    await q.saveCaptions(tx, {
      videoId,
      language: args.language,
      vtt: args.vtt,
      cues: parsed.cues,
      source: existing ? 'edit' : 'upload',
      by: actor.userId,
    });
    await recordActivity(tx, { actor, verb: 'updated', object: { type: 'video', id: videoId } });
  });
  return getCaptions({ db, actor, videoId });
}

export async function deleteCaptions(args: { db: Db; actor: Actor; videoId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    await requireOwner(tx, args.actor.userId, args.videoId);
    await q.deleteCaptions(tx, args.videoId);
  });
}

// Grants -----------------------------------------------------------------------------------------

function presentGrant(row: q.GrantRow): VideoGrant {
  return {
    id: row.id,
    to: row.user_id
      ? { user: { id: row.user_id, name: row.user_name ?? '' } }
      : { community: { id: row.community_id ?? '', name: row.community_name ?? '' } },
    clip:
      row.clip_start === null || row.clip_end === null ? null : { start: row.clip_start, end: row.clip_end },
    hideComments: row.hide_comments,
    mayComment: row.may_comment,
    source: row.source,
    createdAt: iso(row.created_at),
    revokedAt: (row.revoked_at ? iso(row.revoked_at) : null) ?? null,
  };
}

/**
 * Lets a person, or a community's members, watch the video (or a clip of it). Only its owner may;
 * the owner's district must allow sharing across districts for a grantee of another district.
 * Granting the same again returns the grant there is. A clip is cut for its viewers in the background.
 */
export async function grantVideo(args: {
  tx: Tx;
  actor: Actor;
  videoId: string;
  to: { userId: string } | { communityId: string };
  clip?: { start: number; end: number } | null;
  hideComments?: boolean;
  mayComment?: boolean;
  source: string;
}): Promise<{ grantId: string }> {
  const { tx, actor, videoId } = args;
  const access = await requireOwner(tx, actor.userId, videoId);
  const video = await q.findVideo(tx, videoId);
  if (!video) throw new NotFoundError();
  const userId = 'userId' in args.to ? args.to.userId : null;
  const communityId = 'communityId' in args.to ? args.to.communityId : null;
  if (userId === actor.userId)
    throw invalidField('/body/userId', 'is you: your own videos are always yours to watch');
  const clip = args.clip ?? null;
  if (clip) {
    if (clip.end <= clip.start) throw invalidField('/body/clip/end', 'must be after the start');
    const length = trimmedLength(video);
    if (length !== null && clip.end > length + 0.5)
      throw invalidField('/body/clip/end', `must be within the video (${Math.floor(length)} seconds long)`);
  }
  const policy = await getVideoPolicy({ tx, districtId: access.districtId });
  if (!policy.videoAllowed)
    throw invalidField(
      userId ? '/body/userId' : '/body/communityId',
      'cannot be given this video: your district does not allow sharing lesson videos',
    );
  if (userId) {
    const district = await q.districtOf(tx, userId);
    if (!district) throw invalidField('/body/userId', 'is not a person on Trellis');
    if (district !== access.districtId && !policy.shareAcrossDistricts)
      throw invalidField(
        '/body/userId',
        'is in another district, and your district keeps videos within the district',
      );
  } else if (communityId) {
    if (!(await q.communityExists(tx, communityId)))
      throw invalidField('/body/communityId', 'is not a community');
    if (
      !policy.shareAcrossDistricts &&
      (await q.communityDistrictsOutside(tx, communityId, access.districtId))
    )
      throw invalidField(
        '/body/communityId',
        'has members in other districts, and your district keeps videos within the district',
      );
  }
  const same = await q.findSameGrant(tx, { videoId, userId, communityId, clip, source: args.source });
  if (same) return { grantId: same };
  const grantId = uuidv7();
  await q.insertGrant(tx, {
    id: grantId,
    videoId,
    userId,
    communityId,
    clip,
    hideComments: args.hideComments ?? false,
    mayComment: args.mayComment ?? userId !== null,
    source: args.source,
    grantedBy: actor.userId,
  });
  if (clip && video.status === 'ready')
    await enqueue(tx, clipJob, { districtId: video.district_id, videoId, grantId });
  await recordActivity(tx, { actor, verb: 'shared', object: { type: 'video', id: videoId } });
  return { grantId };
}

/** Revokes a grant: the next range request of any URL issued under it is refused. Its owner, or Trellis (`actor` null). */
export async function revokeVideoGrant(args: {
  tx: Tx;
  actor: Actor | null;
  grantId: string;
}): Promise<void> {
  const grant = await q.findGrant(args.tx, args.grantId);
  if (!grant) throw new NotFoundError('There is no such grant.');
  if (args.actor) await requireOwner(args.tx, args.actor.userId, grant.video_id);
  await q.revokeGrant(args.tx, args.grantId);
}

/** Revokes every unrevoked grant a feature made under `source` (for one person when `userId` is given). */
export async function revokeVideoGrantsBySource(args: {
  tx: Tx;
  source: string;
  userId?: string | null;
}): Promise<number> {
  return q.revokeGrantsBySource(args.tx, args.source, args.userId ?? null);
}

export async function listGrants(args: { db: Db; actor: Actor; videoId: string }): Promise<VideoGrant[]> {
  await requireOwner(args.db, args.actor.userId, args.videoId);
  return (await q.listGrants(args.db, args.videoId)).map(presentGrant);
}

/** The owner shares the video with a colleague of their district or network (or a community). */
export async function shareVideo(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  body: {
    userId?: string;
    communityId?: string;
    clip?: { start: number; end: number } | null;
    hideComments: boolean;
  };
}): Promise<VideoGrant> {
  const { db, actor, videoId, body } = args;
  if ((body.userId ? 1 : 0) + (body.communityId ? 1 : 0) !== 1)
    throw invalidField('/body/userId', 'give either a person or a community to share with');
  return db.transaction(async (tx) => {
    const to = body.userId ? { userId: body.userId } : { communityId: body.communityId as string };
    // Only people the owner may reach (their district or network) and communities they are an active
    // member of; one answer for an id that does not exist and one out of reach, so ids cannot be probed.
    const access = await requireOwner(tx, actor.userId, videoId);
    if (body.userId && !(await q.isShareablePerson(tx, actor, await withinDistrict(tx, access), body.userId)))
      throw invalidField(
        '/body/userId',
        'is not someone in your district or network you may share videos with',
      );
    if (body.communityId && !(await q.isActiveMemberOf(tx, actor.userId, body.communityId)))
      throw invalidField('/body/communityId', 'is not a community you are a member of');
    const { grantId } = await grantVideo({
      tx,
      actor,
      videoId,
      to,
      clip: body.clip,
      hideComments: body.hideComments,
      source: 'share',
    });
    return presentGrant((await q.findGrant(tx, grantId))!);
  });
}

/** Whether the owner's district keeps its videos within the district (sharing across districts turned off). */
async function withinDistrict(tx: Tx, access: VideoAccess): Promise<boolean> {
  return !(await getVideoPolicy({ tx, districtId: access.districtId })).shareAcrossDistricts;
}

/**
 * The share picker's people: those whose names match that the owner may share the video with now,
 * by the rule `shareVideo` holds (their district or network, within the district when its policy
 * says so; no one while the district does not allow video).
 */
export async function listShareCandidates(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  q: string;
}): Promise<ShareCandidate[]> {
  const { db, actor } = args;
  const access = await requireOwner(db, actor.userId, args.videoId);
  const policy = await getVideoPolicy({ tx: db, districtId: access.districtId });
  if (!policy.videoAllowed) return [];
  const rows = await q.shareablePeople(db, actor, !policy.shareAcrossDistricts, { q: args.q, limit: 20 });
  return rows.map((r) => ({ id: r.id, name: r.name, districtName: r.district_name }));
}

export async function unshareVideo(args: {
  db: Db;
  actor: Actor;
  videoId: string;
  grantId: string;
}): Promise<void> {
  await args.db.transaction(async (tx) => {
    const grant = await q.findGrant(tx, args.grantId);
    if (!grant || grant.video_id !== args.videoId) throw new NotFoundError('There is no such grant.');
    await revokeVideoGrant({ tx, actor: args.actor, grantId: args.grantId });
  });
}

// Policy -----------------------------------------------------------------------------------------

/** A district's video policy; the defaults (video allowed, shared across districts, kept) when it set none. */
export async function getVideoPolicy(args: { tx: Tx; districtId: string }): Promise<VideoPolicy> {
  const row = await q.findPolicy(args.tx, args.districtId);
  return {
    videoAllowed: row?.video_allowed ?? true,
    shareAcrossDistricts: row?.share_across_districts ?? true,
    retentionDays: row?.retention_days ?? null,
    consentText: row?.consent_text ?? DEFAULT_CONSENT_TEXT,
  };
}

/** Writes a district's policy (the caller has checked that the actor administers the district). */
export async function setVideoPolicy(args: {
  tx: Tx;
  districtId: string;
  actorId: string | null;
  policy: Partial<VideoPolicy>;
}): Promise<VideoPolicy> {
  const current = await getVideoPolicy(args);
  const next = { ...current, ...args.policy };
  await q.upsertPolicy(args.tx, {
    districtId: args.districtId,
    actorId: args.actorId,
    policy: {
      video_allowed: next.videoAllowed,
      share_across_districts: next.shareAcrossDistricts,
      retention_days: next.retentionDays,
      consent_text: next.consentText === DEFAULT_CONSENT_TEXT ? null : next.consentText,
    },
  });
  return next;
}

/** Videos older than their district keeps them, oldest first (for the retention job). */
export async function listExpiredVideos(args: { tx: Tx; limit: number }): Promise<string[]> {
  return q.expiredVideoIds(args.tx, args.limit);
}
