/**
 * The transcode job's work: the renditions a browser plays (720p and 360p H.264/AAC MP4 with fast
 * start) and a poster frame, made one after another from the original in a limited ffmpeg
 * (ffmpeg.ts). Each rendition is saved as soon as it is made, so an attempt cut short (a crash, a
 * restart) resumes with the next one missing; progress is written as it goes, and a video whose
 * progress stops moving is picked up again or failed by the sweep, never left "processing".
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { recordActivity } from '#server/platform/activity.ts';
import { FfmpegError, probeVideo, runFfmpeg, transcodeArgs } from './ffmpeg.ts';
import { clipKey, filePath, removeVideoFiles, renditionKey } from './files.ts';
import * as q from './queries.ts';

/** The share of the progress bar each step takes, in order. */
const STEPS = [
  { kind: '720p', from: 0, to: 60 },
  { kind: '360p', from: 60, to: 95 },
  { kind: 'poster', from: 95, to: 100 },
] as const;

/** How long one rendition may take: four times the video's length, and at least five minutes. */
const timeLimitMs = (seconds: number) => Math.max(5 * 60, seconds * 4) * 1000;

export async function transcodeVideo(app: FastifyInstance, videoId: string): Promise<void> {
  const db = app.db;
  const video = await q.findVideo(db, videoId);
  if (video?.status !== 'processing' || !video.source_key) return;
  await q.setStatus(db, {
    id: videoId,
    status: 'processing',
    startedProcessing: true,
    detail: 'Preparing the video',
  });
  const source = filePath(app.config, video.source_key);
  const range =
    video.trim_start !== null && video.trim_end !== null
      ? { start: video.trim_start, end: video.trim_end }
      : null;
  const length = range ? range.end - range.start : (video.duration_seconds ?? 60);
  const done = new Set((await q.renditionsOf(db, videoId)).map((r) => r.kind));
  for (const step of STEPS) {
    if (done.has(step.kind)) continue;
    const key = renditionKey(videoId, step.kind);
    const target = filePath(app.config, key);
    const partial = `${target}.partial`;
    await mkdir(path.dirname(target), { recursive: true });
    let lastWrite = 0;
    try {
      await runFfmpeg(
        transcodeArgs({
          source,
          target: partial,
          kind: step.kind,
          range,
          durationSeconds: length,
          cpuSeconds: timeLimitMs(length) / 1000,
        }),
        {
          timeoutMs: timeLimitMs(length),
          onProgress: (seconds) => {
            const now = Date.now();
            if (now - lastWrite < 2000) return;
            lastWrite = now;
            const share = Math.min(1, seconds / Math.max(length, 0.1));
            void q
              .setProgress(db, videoId, Math.floor(step.from + (step.to - step.from) * share))
              .catch(() => {});
          },
        },
      );
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await rename(partial, target);
    const size = (await stat(target)).size;
    const probe = step.kind === 'poster' ? null : await probeVideo(target);
    const saved = await saveUnlessDeleted(app, videoId, () =>
      q.saveRendition(db, {
        videoId,
        kind: step.kind,
        storageKey: key,
        byteSize: size,
        width: probe?.width ?? null,
        height: probe?.height ?? null,
      }),
    );
    if (!saved) return;
    await q.setProgress(db, videoId, step.to);
  }
  await db.transaction(async (tx) => {
    await q.setStatus(tx, { id: videoId, status: 'ready', progress: 100, detail: null });
    await recordActivity(tx, {
      actor: { userId: video.owner_id, districtId: video.district_id },
      verb: 'created',
      object: { type: 'video', id: videoId, name: video.title },
    });
  });
}

/** Cuts the clip a grant shows from the original (after the teacher's trim), once per range. */
export async function cutClip(app: FastifyInstance, videoId: string, grantId: string): Promise<void> {
  const db = app.db;
  const video = await q.findVideo(db, videoId);
  const grant = await q.findGrant(db, grantId);
  if (!video?.source_key || !grant || grant.clip_start === null || grant.clip_end === null) return;
  const clip = { start: grant.clip_start, end: grant.clip_end };
  const key = clipKey(videoId, clip);
  if (await q.findRenditionByKey(db, videoId, key)) return;
  const offset = video.trim_start ?? 0;
  const target = filePath(app.config, key);
  const partial = `${target}.partial`;
  await mkdir(path.dirname(target), { recursive: true });
  const length = clip.end - clip.start;
  try {
    await runFfmpeg(
      transcodeArgs({
        source: filePath(app.config, video.source_key),
        target: partial,
        kind: 'clip',
        range: { start: offset + clip.start, end: offset + clip.end },
        cpuSeconds: timeLimitMs(length) / 1000,
      }),
      { timeoutMs: timeLimitMs(length) },
    );
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, target);
  const probe = await probeVideo(target);
  const size = (await stat(target)).size;
  await saveUnlessDeleted(app, videoId, () =>
    q.saveRendition(db, {
      videoId,
      kind: 'clip',
      grantId,
      storageKey: key,
      byteSize: size,
      width: probe?.width ?? null,
      height: probe?.height ?? null,
    }),
  );
}

/**
 * Records a rendition just written. When the teacher (or the retention job) deleted the video while
 * ffmpeg worked, the row cannot be written and the file would outlive its video: the video's files
 * are removed again and false is returned.
 */
async function saveUnlessDeleted(
  app: FastifyInstance,
  videoId: string,
  save: () => Promise<void>,
): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (await q.findVideo(app.db, videoId)) throw error;
    await removeVideoFiles(app.config, videoId);
    return false;
  }
}

/** What the owner reads when the transcode failed for good. */
export function failureDetail(error: unknown): string {
  if (error instanceof FfmpegError)
    return `Trellis could not convert this video (ffmpeg ${error.message}). Try another file, or export it again as MP4.`;
  return 'Trellis could not convert this video. Try again, or upload another file.';
}
