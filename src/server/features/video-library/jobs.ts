import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { applyVideoRetention } from './service.ts';

/** Each night: videos older than their district keeps video are deleted, files and all. */
export const videoRetentionJob = defineJob<JobData>({
  name: 'video-library.retention',
  title: 'Deleting lesson videos older than districts keep them',
  schedule: '50 3 * * *',
  policy: 'singleton',
  async work(_job, app) {
    const deleted = await applyVideoRetention({ db: app.db, config: app.config });
    if (deleted > 0) app.log.info({ deleted }, 'deleted lesson videos older than districts keep them');
  },
});
