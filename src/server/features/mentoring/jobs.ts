import { defineJob } from '#server/platform/jobs.ts';
import { tellStalledPairs } from './service.ts';

/** Daily: coordinators hear of pairs with no meeting in 30 days, once per stall. */
export const tellStalledPairsJob = defineJob({
  name: 'mentoring.tell-stalled',
  title: 'Telling coordinators of mentoring pairs that stalled',
  schedule: '40 4 * * *',
  policy: 'singleton',
  async work(_job, app) {
    await tellStalledPairs(app.db);
  },
});
