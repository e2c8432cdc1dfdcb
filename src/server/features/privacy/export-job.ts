/**
 * The export job: writes one export's archive into storage, recording its progress in its row, and
 * the hourly job that deletes the archives of exports past their time.
 */
import type { FastifyInstance } from 'fastify';
import { writeDistrictArchive, writePersonArchive } from '#server/platform/data-archive.ts';
import { declaredTables } from '#server/platform/data-classes.ts';
import { exportPerson } from '#server/platform/data-export.ts';
import { defineJob, type JobData } from '#server/platform/jobs.ts';
import { DATA_EXPORT_KEEP_DAYS, type DataExportKind } from '#shared/contracts/privacy.ts';
import * as q from './queries.ts';
import { allData } from './registry.ts';

/** Where an export's archive is kept in storage. */
const archiveKey = (kind: DataExportKind, id: string) => `exports/${kind}/${id}.zip`;

/** The failure an export's people read: never the inner error. */
export const EXPORT_FAILED =
  'The export could not be written. An administrator can retry it from the jobs page, or start a new one.';

/** The job's work: writes the export's archive into storage, recording progress as it goes. */
export async function writeDataExport(app: FastifyInstance, exportId: string): Promise<void> {
  const row = await q.findDataExport(app.db, exportId);
  // An export already written (a retry after the last step committed) is done.
  if (!row || row.status === 'ready' || row.status === 'expired') return;
  await q.markExportRunning(app.db, exportId);
  const declarations = await allData();
  const tables = declaredTables(declarations);
  const key = archiveKey(row.kind, row.id);
  const progress = (p: { done: number; total: number; step: string; rows: number; files: number }) =>
    q.saveExportProgress(app.db, { id: exportId, ...p });
  let result: { rows: number; files: number; bytes: number };
  if (row.kind === 'district') {
    result = await writeDistrictArchive({
      pool: app.pool,
      storage: app.storage,
      tables,
      districtId: row.district_id,
      key,
      onProgress: progress,
      legalRecords: app.config.MESSAGES_RECORDS_RETENTION,
    });
  } else {
    if (!row.person_id) throw new Error('A personal export names its person.');
    const personId = row.person_id;
    await progress({ done: 0, total: 2, step: 'Reading your data', rows: 0, files: 0 });
    const data = await app.db.transaction(
      (tx) => exportPerson({ tx, tables, personId, data: declarations }),
      {
        isolationLevel: 'repeatable read',
        accessMode: 'read only',
      },
    );
    await progress({ done: 1, total: 2, step: 'Adding your files', rows: 0, files: 0 });
    result = await writePersonArchive({ storage: app.storage, tables, data, key });
  }
  const marked = await q.markExportReady(app.db, {
    id: exportId,
    key,
    keepDays: DATA_EXPORT_KEEP_DAYS,
    ...result,
  });
  // The export stopped or went meanwhile: no row names the file, so nothing would ever delete it.
  if (!marked) await deleteArchive(app, key);
}

const deleteArchive = (app: FastifyInstance, key: string) =>
  app.storage
    .delete(key)
    .catch((error: unknown) => app.log.error({ err: error, key }, 'an export file stayed'));

/** After the last attempt failed: the people waiting read that it stopped, and no partial file stays. */
export async function failDataExport(app: FastifyInstance, exportId: string): Promise<void> {
  await q.markExportFailed(app.db, { id: exportId, error: EXPORT_FAILED });
  const row = await q.findDataExport(app.db, exportId);
  if (row && row.status !== 'ready') await deleteArchive(app, archiveKey(row.kind, row.id));
}

/** Deletes the files of exports past their time; returns how many. */
export async function expireDataExports(app: FastifyInstance): Promise<number> {
  let removed = 0;
  for (;;) {
    const keys = await app.db.transaction((tx) => q.expireDataExports(tx));
    for (const key of keys)
      await app.storage
        .delete(key)
        .catch((error: unknown) => app.log.error({ err: error, key }, 'an expired export stayed'));
    removed += keys.length;
    if (keys.length < 100) return removed;
  }
}

/** Writes one export; a retry starts it again from the first table (the archive is written whole or not at all). */
export const dataExportJob = defineJob<JobData & { exportId: string }>({
  name: 'privacy.export',
  title: 'Writing a data export',
  retryLimit: 2,
  retryDelaySeconds: 30,
  // A state-sized district takes minutes; an attempt still running after this is taken as lost.
  expireInSeconds: 2 * 3600,
  async work(job, app) {
    await writeDataExport(app, job.data.exportId);
  },
  async failed(job, app) {
    await failDataExport(app, job.data.exportId);
  },
});

/** Each hour: the archives of exports past their time are deleted. */
export const expireExportsJob = defineJob<JobData>({
  name: 'privacy.expire-exports',
  title: 'Deleting data exports past their time',
  schedule: '17 * * * *',
  policy: 'singleton',
  async work(_job, app) {
    const removed = await expireDataExports(app);
    if (removed > 0) app.log.info({ removed }, 'deleted expired data exports');
  },
});
