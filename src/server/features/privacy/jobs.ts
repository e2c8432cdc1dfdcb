import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { applyRetention } from './service.ts';

/** Each night, on whichever instance takes it: what districts keep no longer is deleted. */
export const retentionJob = defineJob<JobData>({
  name: 'privacy.retention',
  title: 'Deleting records older than districts keep them',
  schedule: '40 3 * * *',
  policy: 'singleton',
  async work(_job, app) {
    const deleted = await applyRetention({ db: app.db });
    const rows = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    if (rows > 0) app.log.info({ deleted }, 'deleted records older than districts keep them');
  },
});
