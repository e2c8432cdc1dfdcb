/**
 * Resumable uploads of lesson videos with the tus protocol (@tus/server over a file store in
 * DATA_DIR/files/video-uploads). A phone's dropped connection or a reloaded page resumes where the
 * bytes stopped: the browser remembers the upload's URL (tus-js-client's fingerprint) and asks the
 * server how far it got. The upload's id is the video's, and its row exists from the first request,
 * so what an abandoned upload leaves is found and removed (jobs.ts). At the end the file is checked
 * by its content (its first bytes name a video container, and ffmpeg reads a video stream and a
 * duration in it), moved beside its renditions and handed to the transcode job.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { open, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server, type Upload } from '@tus/server';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { uuidv7 } from 'uuidv7';
import { recordActivity } from '#server/platform/activity.ts';
import { type Actor, requireActor } from '#server/platform/auth.ts';
import { enqueue } from '#server/platform/jobs.ts';
import { displayName } from '#shared/contracts/common.ts';
import { filePath, removeUpload, sourceKey, uploadsDir } from './files.ts';
import { probeVideo } from './ffmpeg.ts';
import { transcodeJob } from './jobs.ts';
import * as q from './queries.ts';
import { getVideoPolicy } from './service.ts';

/** The containers a lesson video may come in: MP4 and QuickTime from phones, WebM and Matroska from browsers. */
const VIDEO_CONTAINERS = new Set([
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'video/x-m4v',
  'video/3gpp',
]);

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const refuse = (status: number, message: string) => ({ status_code: status, body: message });

/** The person a tus request is for, set by the route around the tus server's handling of it. */
const current = new AsyncLocalStorage<{ actor: Actor }>();
const actorOf = () => {
  const found = current.getStore();
  if (!found) throw refuse(401, 'Sign in to continue.');
  return found.actor;
};

const titleSchema = displayName(200);

export function createUploadServer(app: FastifyInstance): Server {
  const db = app.db;
  const directory = uploadsDir(app.config);
  const server = new Server({
    path: '/api/video-uploads',
    datastore: new FileStore({ directory }),
    relativeLocation: true,
    maxSize: app.config.VIDEO_UPLOAD_MAX_BYTES,
    namingFunction: () => uuidv7(),
    async onIncomingRequest(req, uploadId) {
      const actor = actorOf();
      if (req.method === 'POST') return;
      // An upload's id is a video's uuid; anything else (a path, a file name) is no upload.
      if (!UPLOAD_ID.test(uploadId)) throw refuse(404, 'There is no such upload.');
      const video = await q.findVideo(db, uploadId);
      if (!video || video.owner_id !== actor.userId || video.status !== 'uploading')
        throw refuse(404, 'There is no such upload.');
      if (req.method === 'PATCH') await q.touchUpload(db, uploadId);
    },
    async onUploadCreate(_req, upload) {
      const actor = actorOf();
      const metadata = upload.metadata ?? {};
      if (metadata.consent !== 'yes')
        throw refuse(
          400,
          'Confirm that the recording follows your district’s consent rules before uploading.',
        );
      const title = titleSchema.safeParse(metadata.title ?? metadata.filename ?? '');
      if (!title.success) throw refuse(400, `The title ${title.error.issues[0]?.message ?? 'is not valid'}.`);
      if (upload.sizeIsDeferred) throw refuse(400, 'Say the size of the video when the upload starts.');
      if (!upload.size) throw refuse(400, 'The video is empty.');
      const policy = await getVideoPolicy({ tx: db, districtId: actor.districtId });
      if (!policy.videoAllowed) throw refuse(403, 'Your district does not allow lesson videos in Trellis.');
      await q.insertVideo(db, {
        id: upload.id,
        ownerId: actor.userId,
        districtId: actor.districtId,
        title: title.data,
        consentText: policy.consentText,
      });
      return {};
    },
    async onUploadFinish(_req, upload) {
      const actor = actorOf();
      await acceptUpload(app, actor, upload);
      return { headers: { 'Video-Id': upload.id } };
    },
  });
  // The browser gave up (tus termination): the row goes with the bytes.
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
    void q
      .deleteVideoRow(db, id)
      .catch((error: unknown) => app.log.warn({ err: error }, 'removing a terminated upload'));
  });
  return server;
}

/** Checks a finished upload by its content and hands it to the transcode job; a refused one leaves nothing. */
async function acceptUpload(app: FastifyInstance, actor: Actor, upload: Upload): Promise<void> {
  const db = app.db;
  const uploaded = path.join(uploadsDir(app.config), upload.id);
  const reject = async (message: string) => {
    await removeUpload(app.config, upload.id);
    await q.deleteVideoRow(db, upload.id);
    return refuse(415, message);
  };
  const head = Buffer.alloc(4100);
  const handle = await open(uploaded, 'r');
  let read: number;
  try {
    ({ bytesRead: read } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  const type = await fileTypeFromBuffer(head.subarray(0, read));
  if (!type || !VIDEO_CONTAINERS.has(type.mime))
    throw await reject('This file is not a video. Upload an MP4, MOV or WebM recording of the lesson.');
  const probe = await probeVideo(uploaded);
  if (!probe)
    throw await reject(
      'Trellis could not read a video in this file. Export it again as MP4 and upload that.',
    );
  const key = sourceKey(upload.id);
  const target = filePath(app.config, key);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(uploaded, target);
  await rm(`${uploaded}.json`, { force: true });
  const bytes = (await stat(target)).size;
  await db.transaction(async (tx) => {
    await q.markUploaded(tx, {
      id: upload.id,
      sourceKey: key,
      sourceBytes: bytes,
      durationSeconds: probe.durationSeconds,
    });
    await enqueue(tx, transcodeJob, { districtId: actor.districtId, videoId: upload.id });
    await recordActivity(tx, { actor, verb: 'created', object: { type: 'video_upload', id: upload.id } });
  });
}

/** The tus endpoint's routes: the tus server reads the request's body itself, so Fastify leaves it alone. */
export async function uploadRoutes(fastify: FastifyInstance): Promise<void> {
  const server = createUploadServer(fastify);
  fastify.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
  const handler = async (
    request: import('fastify').FastifyRequest,
    reply: import('fastify').FastifyReply,
  ) => {
    const actor = requireActor(request);
    reply.hijack();
    await current.run({ actor }, () => server.handle(request.raw, reply.raw));
  };
  const schema = { hide: true } as const;
  fastify.route({ method: ['POST', 'OPTIONS'], url: '/video-uploads', schema, handler });
  fastify.route({
    method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/video-uploads/:id',
    schema,
    handler,
  });
}
