import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import {
  CaptionsBody,
  CaptionsResponse,
  CommentBody,
  CommentParams,
  CommentPatchBody,
  CommentResponse,
  CommentsResponse,
  GrantBody,
  GrantParams,
  GrantResponse,
  GrantsResponse,
  ShareCandidatesQuery,
  ShareCandidatesResponse,
  PlaybackResponse,
  StemsResponse,
  VideoListQuery,
  VideoListResponse,
  VideoParams,
  VideoPatchBody,
  VideoPolicyResponse,
  VideoResponse,
  ViewsResponse,
} from '#shared/contracts/video.ts';
import { filePath } from './files.ts';
import * as service from './service.ts';
import { uploadRoutes } from './upload.ts';

const tags = ['video'];
const FileParams = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a playback token'),
  kind: z.enum(['720p', '360p', 'poster', 'clip', 'captions']),
});

/** Lesson videos: uploads (tus), the video page, playback, comments, captions, sharing and viewers. */
export async function videoRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  await app.register(uploadRoutes);

  app.get(
    '/videos',
    {
      schema: {
        tags,
        summary: 'My lesson videos and those shared with me, newest first',
        querystring: VideoListQuery,
        response: { 200: VideoListResponse },
      },
    },
    async (request) => service.listVideos({ db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/videos/:id',
    {
      schema: {
        tags,
        summary: 'A video with its comments and captions, as the caller may see them',
        params: VideoParams,
        response: { 200: VideoResponse },
      },
    },
    // Sent as JSON text (service.getVideoPageJson): checking and copying 200 comments against the
    // response schema cost more Node time than reading them. The schema documents it; tests hold it.
    async (request, reply) => {
      const page = await service.getVideoPageJson({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
      });
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(page);
    },
  );

  app.patch(
    '/videos/:id',
    {
      schema: {
        tags,
        summary: 'Rename or trim one’s video (trimming converts it again)',
        params: VideoParams,
        body: VideoPatchBody,
        response: { 200: VideoResponse },
      },
    },
    async (request) =>
      service.updateVideo({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        body: request.body,
      }),
  );

  app.delete(
    '/videos/:id',
    {
      schema: {
        tags,
        summary: 'Delete one’s video with its files, renditions, captions and comments',
        params: VideoParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) =>
        service.deleteVideo({ tx, storage: app.storage, actor, videoId: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/videos/:id/playback',
    {
      schema: {
        tags,
        summary: 'Start watching: short-lived URLs for this viewing, which is recorded for the owner',
        params: VideoParams,
        response: { 200: PlaybackResponse },
      },
    },
    async (request) =>
      service.startPlayback({ db, actor: requireActor(request), videoId: request.params.id, baseUrl: '' }),
  );

  app.get(
    '/video-files/:token/:kind',
    {
      schema: {
        tags,
        summary:
          'A rendition, poster or captions of a playback session, in byte ranges; authorized again on every request',
        params: FileParams,
        security: [],
      },
    },
    async (request, reply) => {
      const found = await service.authorizeFile({
        db,
        token: request.params.token,
        kind: request.params.kind,
        userId: request.actor?.userId ?? null,
      });
      if (!found) throw new NotFoundError('This video link has expired or no longer works for you.');
      reply
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin');
      if ('captions' in found)
        return reply
          .type('text/vtt; charset=utf-8')
          .header('content-disposition', 'inline; filename="captions.vtt"')
          .send(found.captions);
      return sendRange(reply, {
        file: filePath(app.config, found.storageKey),
        contentType: found.contentType,
        filename: found.filename,
        range: request.headers.range,
      });
    },
  );

  app.get(
    '/videos/:id/views',
    {
      schema: {
        tags,
        summary: 'Who watched one’s video, and when (one row per viewing)',
        params: VideoParams,
        response: { 200: ViewsResponse },
      },
    },
    async (request) => service.listViews({ db, actor: requireActor(request), videoId: request.params.id }),
  );

  app.get(
    '/videos/:id/comments',
    {
      schema: {
        tags,
        summary: 'The video’s time-stamped comments and replies',
        params: VideoParams,
        response: { 200: CommentsResponse },
      },
    },
    async (request) => ({
      data: await service.listComments({ db, actor: requireActor(request), videoId: request.params.id }),
    }),
  );

  app.post(
    '/videos/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment on a moment of the video, or reply to a comment',
        params: VideoParams,
        body: CommentBody,
        response: { 201: CommentResponse },
      },
    },
    async (request, reply) => {
      const data = await service.addComment({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.patch(
    '/videos/:id/comments/:commentId',
    {
      schema: {
        tags,
        summary: 'Change one’s comment',
        params: CommentParams,
        body: CommentPatchBody,
        response: { 200: CommentResponse },
      },
    },
    async (request) => ({
      data: await service.updateComment({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        commentId: request.params.commentId,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/videos/:id/comments/:commentId',
    {
      schema: {
        tags,
        summary: 'Remove a comment (its author or the video’s owner) and its replies',
        params: CommentParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.deleteComment({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        commentId: request.params.commentId,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/video-comment-stems',
    { schema: { tags, summary: 'Comment stems that prompt thinking', response: { 200: StemsResponse } } },
    async (request) => {
      requireActor(request);
      return { data: service.commentStems() };
    },
  );

  app.get(
    '/videos/:id/captions',
    {
      schema: {
        tags,
        summary: 'The video’s captions as cues and WebVTT',
        params: VideoParams,
        response: { 200: CaptionsResponse },
      },
    },
    async (request) => service.getCaptions({ db, actor: requireActor(request), videoId: request.params.id }),
  );

  app.put(
    '/videos/:id/captions',
    {
      schema: {
        tags,
        summary: 'Upload or edit the video’s WebVTT captions (checked; errors name the line)',
        params: VideoParams,
        body: CaptionsBody,
        response: { 200: CaptionsResponse },
      },
    },
    async (request) =>
      service.saveCaptions({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        vtt: request.body.vtt,
        language: request.body.language,
      }),
  );

  app.delete(
    '/videos/:id/captions',
    {
      schema: {
        tags,
        summary: 'Remove the video’s captions',
        params: VideoParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.deleteCaptions({ db, actor: requireActor(request), videoId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/videos/:id/grants',
    {
      schema: {
        tags,
        summary: 'Whom one’s video is shared with, revoked shares included',
        params: VideoParams,
        response: { 200: GrantsResponse },
      },
    },
    async (request) => ({
      data: await service.listGrants({ db, actor: requireActor(request), videoId: request.params.id }),
    }),
  );

  app.get(
    '/videos/:id/share-candidates',
    {
      schema: {
        tags,
        summary: 'People whose names match whom one may share one’s video with now',
        params: VideoParams,
        querystring: ShareCandidatesQuery,
        response: { 200: ShareCandidatesResponse },
      },
    },
    async (request) => ({
      data: await service.listShareCandidates({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        q: request.query.q,
      }),
    }),
  );

  app.post(
    '/videos/:id/grants',
    {
      schema: {
        tags,
        summary: 'Share one’s video (or a clip of it) with a colleague or a community',
        params: VideoParams,
        body: GrantBody,
        response: { 201: GrantResponse },
      },
    },
    async (request, reply) => {
      const data = await service.shareVideo({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.delete(
    '/videos/:id/grants/:grantId',
    {
      schema: {
        tags,
        summary: 'Stop sharing: playback through that share stops at once',
        params: GrantParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.unshareVideo({
        db,
        actor: requireActor(request),
        videoId: request.params.id,
        grantId: request.params.grantId,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/video-policy',
    {
      schema: {
        tags,
        summary: 'My district’s video policy and the upload size limit, for the upload form',
        response: { 200: VideoPolicyResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const policy = await service.getVideoPolicy({ tx: db, districtId: actor.districtId });
      return { data: { ...policy, maxUploadBytes: app.config.VIDEO_UPLOAD_MAX_BYTES } };
    },
  );
}

/**
 * Sends a file whole (200) or the one byte range asked for (206), or 416 when the range lies beyond
 * it. Several ranges in one request get the whole file, which a player never asks for anyway.
 */
async function sendRange(
  reply: FastifyReply,
  args: { file: string; contentType: string; filename: string; range: string | undefined },
): Promise<FastifyReply> {
  let size: number;
  try {
    size = (await stat(args.file)).size;
  } catch {
    throw new NotFoundError('This video’s file is not there any more.');
  }
  reply
    .type(args.contentType)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', `inline; filename="${args.filename}"`);
  const match = args.range ? /^bytes=(\d*)-(\d*)$/.exec(args.range.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) {
    return reply.header('content-length', size).send(createReadStream(args.file));
  }
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || end < start || size === 0)
    return reply.status(416).header('content-range', `bytes */${size}`).send();
  return reply
    .status(206)
    .header('content-range', `bytes ${start}-${end}/${size}`)
    .header('content-length', end - start + 1)
    .send(createReadStream(args.file, { start, end }));
}
