import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { listOpenOpportunityIds } from './queries.ts';
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

/** Nightly: people who came to meet an open opportunity's requirements since it was posted are told too. */
export const notifyNewlyEligibleJob = defineJob({
  name: 'pathways.notify-newly-eligible',
  title: 'Telling staff who now meet open leadership opportunities',
  schedule: '20 4 * * *',
  policy: 'singleton',
  async work(_job, app) {
    for (const id of await listOpenOpportunityIds(app.db)) await notifyEligibleStaff(app.db, id);
  },
});
