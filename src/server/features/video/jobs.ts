import { defineJob, enqueue, type JobData } from '#server/platform/jobs.ts';
import { removeUpload, removeVideoFiles } from './files.ts';
import * as q from './queries.ts';
import { cutClip, failureDetail, transcodeVideo } from './transcode.ts';

export interface VideoJobData extends JobData {
  videoId: string;
}
export interface ClipJobData extends VideoJobData {
  grantId: string;
}

/** How long an upload may sit unfinished before what it left is removed. */
export const ABANDONED_UPLOAD_HOURS = 24;
/** A video whose progress has not moved for this long while processing lost its worker. */
const SILENT_MINUTES = 3;

/**
 * Makes a video's renditions and poster. One worker per instance takes these one at a time, and
 * ffmpeg holds at most one core at the lowest priority, so requests are never kept waiting. An
 * attempt may run as long as a two-hour lesson takes; an attempt that dies sooner is resumed by the
 * sweep below rather than waiting for that expiry.
 */
export const transcodeJob = defineJob<VideoJobData>({
  name: 'video.transcode',
  title: 'Convert a lesson video for playback',
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 4 * 3600,
  async work(job, app) {
    try {
      await transcodeVideo(app, job.data.videoId);
    } catch (error) {
      if (job.lastAttempt)
        await q.setStatus(app.db, { id: job.data.videoId, status: 'failed', detail: failureDetail(error) });
      else
        await q.setStatus(app.db, {
          id: job.data.videoId,
          status: 'processing',
          detail: 'Trying again after a problem',
        });
      throw error;
    }
  },
});

/** Cuts the clip a clip grant (library, evidence) shows, so its viewers are never sent the whole video. */
export const clipJob = defineJob<ClipJobData>({
  name: 'video.clip',
  title: 'Cut a shared clip of a lesson video',
  retryLimit: 3,
  expireInSeconds: 3600,
  async work(job, app) {
    await cutClip(app, job.data.videoId, job.data.grantId);
  },
});

/**
 * Every few minutes: removes what abandoned uploads left (bytes, metadata, the video row), takes up
 * again a transcode whose worker died (its progress stopped moving), and fails visibly one that has
 * gone on far longer than its video could need.
 */
export const sweepJob = defineJob({
  name: 'video.sweep',
  title: 'Clear abandoned video uploads and stalled conversions',
  schedule: '*/5 * * * *',
  policy: 'singleton',
  retryLimit: 1,
  async work(_job, app) {
    await sweepVideos(app);
  },
});

export async function sweepVideos(
  app: Parameters<typeof transcodeVideo>[0],
): Promise<{ abandoned: number; resumed: number; failed: number }> {
  const db = app.db;
  const abandoned = await q.abandonedUploads(db, ABANDONED_UPLOAD_HOURS);
  for (const id of abandoned) {
    await removeUpload(app.config, id);
    await removeVideoFiles(app.config, id);
    await q.deleteVideoRow(db, id);
  }
  const stuck = await q.stuckVideos(db);
  for (const id of stuck)
    await q.setStatus(db, {
      id,
      status: 'failed',
      detail: 'Converting this video took far longer than it should. Upload it again, or try a shorter file.',
    });
  const silent = await q.silentVideos(db, SILENT_MINUTES);
  for (const video of silent)
    await db.transaction(async (tx) => {
      await q.setStatus(tx, { id: video.id, status: 'processing', detail: 'Resuming after an interruption' });
      await enqueue(tx, transcodeJob, { districtId: video.district_id, videoId: video.id });
    });
  return { abandoned: abandoned.length, resumed: silent.length, failed: stuck.length };
}
