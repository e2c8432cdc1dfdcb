import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { notifyEligibleStaff } from './service.ts';

export interface NotifyEligible extends JobData {
  opportunityId: string;
}

/**
 * After an opportunity is posted: finds the district's staff who meet its requirements, by the same
 * evaluator as every page, and tells them. Running again tells no one twice.
 */
export const notifyEligibleJob = defineJob<NotifyEligible>({
  name: 'pathways.notify-eligible',
  title: 'Telling eligible staff of a leadership opportunity',
  async work(job, app) {
    await notifyEligibleStaff(app.db, job.data.opportunityId);
  },
});
