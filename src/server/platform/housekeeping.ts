import path from 'node:path';
import { defineJob, type JobData } from './jobs.ts';
import { removeAbandonedPartials } from './storage.ts';

/**
 * Every hour, on whichever instance takes it: expired sessions, used or expired reset tokens and
 * old sign-in failures are of no further use to anyone, nor are partial files of uploads cut short.
 */
export const housekeepingJob = defineJob<JobData>({
  name: 'platform.housekeeping',
  title: 'Housekeeping',
  schedule: '17 * * * *',
  policy: 'singleton',
  async work(_job, app) {
    await app.pool.query(
      'delete from sessions where expires_at < now() or last_seen_at < now() - make_interval(mins => $1)',
      [app.config.SESSION_IDLE_MINUTES],
    );
    await app.pool.query("delete from password_resets where expires_at < now() - interval '1 day'");
    // Failed sign-ins are long forgiven a day after the last one (decision 013).
    await app.pool.query("delete from sign_in_failures where last_failure_at < now() - interval '1 day'");
    const removed = await removeAbandonedPartials(path.join(app.config.dataDir, 'files'));
    if (removed > 0) app.log.info({ removed }, 'removed partial files of unfinished uploads');
  },
});
