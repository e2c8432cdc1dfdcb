import type { Db, Tx } from '#server/db/client.ts';
import { rosterSyncRuns } from '#server/db/schema.ts';
import { ConflictError } from '#server/platform/errors.ts';
import { defineJob, enqueue, type JobData } from '#server/platform/jobs.ts';
import { listSourcesDue, type RunRow } from './queries.ts';
import { carryOutRosterSyncRun, encryptionKey, failAbandonedRun } from './run.ts';

/** One preview or sync of a district's source. Not retried: a failed run says why, and the next night tries again. */
export const rosterSyncJob = defineJob<JobData & { districtId: string; runId: string }>({
  name: 'roster-sync.run',
  title: 'Syncing a district roster from its student information system',
  retryLimit: 0,
  // A state-sized roster is read page by page; an hour is far more than it needs.
  expireInSeconds: 3600,
  async work(job, app) {
    const key = await encryptionKey(app.config, app.log);
    await carryOutRosterSyncRun({
      db: app.db,
      key,
      runId: job.data.runId,
      log: app.log,
      addresses: app.config,
    });
  },
  async failed(job, app) {
    await failAbandonedRun({ db: app.db, runId: job.data.runId });
  },
});

const isActiveRunConflict = (error: unknown) =>
  (error as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

/** Adds a queued run and sends its job in the caller's transaction; one run of a district at a time. */
export async function queueRun(
  tx: Tx,
  values: Pick<RunRow, 'districtId' | 'sourceId' | 'kind' | 'trigger' | 'requestedBy'> & {
    allowDeactivations?: number | null;
    deactivations?: { confirmedUserIds: string[] };
  },
): Promise<RunRow> {
  let row: RunRow;
  try {
    // A savepoint, so that a refused insert leaves the caller's transaction usable.
    [row] = await tx.transaction((sp) =>
      sp
        .insert(rosterSyncRuns)
        .values({ ...values, status: 'queued' })
        .returning(),
    );
  } catch (error) {
    if (isActiveRunConflict(error))
      throw new ConflictError(
        'A roster sync of this district is already queued or running; wait for it to finish.',
      );
    throw error;
  }
  await enqueue(tx, rosterSyncJob, { districtId: row.districtId, runId: row.id });
  return row;
}

/** Each night: one sync for every source that syncs and has none queued or under way. */
export async function startNightlyRosterSyncs(args: { db: Db }): Promise<number> {
  let started = 0;
  for (const source of await listSourcesDue(args.db)) {
    try {
      await args.db.transaction((tx) =>
        queueRun(tx, {
          districtId: source.district_id,
          sourceId: source.id,
          kind: 'sync',
          trigger: 'schedule',
          requestedBy: null,
        }),
      );
      started += 1;
    } catch (error) {
      // One started meanwhile by an admin: that one is tonight's.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return started;
}

/** Each night, on whichever instance takes it: every syncing district's roster is read again. */
export const nightlyRosterSyncJob = defineJob<JobData>({
  name: 'roster-sync.nightly',
  title: "Starting each district's nightly roster sync",
  schedule: '30 2 * * *',
  policy: 'singleton',
  async work(_job, app) {
    const started = await startNightlyRosterSyncs({ db: app.db });
    if (started > 0) app.log.info({ started }, 'started nightly roster syncs');
  },
});
