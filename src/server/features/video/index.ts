import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { clipJob, sweepJob, transcodeJob } from './jobs.ts';
import { videoRoutes } from './routes.ts';

/** Lesson videos (issue 16): uploads, transcoding, playback, comments, captions and who may watch. */
export default defineFeature({
  name: 'video',
  routes: async (app: FastifyInstance) => {
    await app.register(videoRoutes);
  },
  data,
  jobs: [transcodeJob, clipJob, sweepJob],
});

// What other features (coaching, the video library, credential evidence, the bench) may call.
export { ffmpegPath, probeVideo, transcodeArgs } from './ffmpeg.ts';
export { sweepVideos } from './jobs.ts';
export type { VideoAccess } from './policy.ts';
export {
  automaticCaptionsAvailable,
  type CaptionGenerator,
  deleteVideo,
  getVideoPolicy,
  getVideoSummary,
  grantVideo,
  listExpiredVideos,
  readableVideosSql,
  revokeVideoGrant,
  revokeVideoGrantsBySource,
  setCaptionGenerator,
  setVideoPolicy,
  videoAccess,
} from './service.ts';
export { parseWebVtt } from './webvtt.ts';
