/**
 * Exports made in the background: a district's (its administrators start one, watch its progress
 * and download it) and a person's own. Each is a job on the queue that writes one ZIP into storage;
 * the file may be downloaded by those it belongs to until it expires, and every start and download
 * is audited.
 */
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { isDistrictAdmin } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { districtExportPlan } from '#server/platform/data-export.ts';
import { ConflictError, NotFoundError } from '#server/platform/errors.ts';
import { enqueue } from '#server/platform/jobs.ts';
import type { Storage } from '#server/platform/storage.ts';
import type { DataExport } from '#shared/contracts/privacy.ts';
import { dataExportJob } from './export-job.ts';
import * as q from './queries.ts';
import { allTables } from './registry.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function presentExport(row: q.DataExportRow): DataExport {
  const ready = row.status === 'ready' && row.expires_at !== null && new Date(row.expires_at) > new Date();
  return {
    id: row.id,
    kind: row.kind,
    status: row.status === 'ready' && !ready ? 'expired' : row.status,
    requestedBy: row.requested_by_name,
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    step: row.step,
    rows: Number(row.rows_written),
    files: row.files_written,
    byteSize: row.byte_size === null ? null : Number(row.byte_size),
    error: row.error,
    createdAt: iso(row.created_at) as string,
    finishedAt: iso(row.finished_at),
    expiresAt: iso(row.expires_at),
    downloadUrl: ready ? `/api/data-exports/${row.id}/file` : null,
  };
}

/** Whether the actor may see and download this export: its district's administrators, or its person. */
function mayReach(actor: Actor, row: q.DataExportRow): boolean {
  if (row.kind === 'district') return isDistrictAdmin(actor) && row.district_id === actor.districtId;
  return row.person_id === actor.userId;
}

/** Queues an export of the administrator's district; one at a time per district. */
export async function startDistrictExport(args: { db: Db; actor: Actor }): Promise<DataExport> {
  const { included } = districtExportPlan(await allTables());
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    if (await q.exportUnderWay(tx, { districtId: args.actor.districtId, kind: 'district' }))
      throw new ConflictError('An export of the district is already being prepared; wait for it to finish.');
    await q.insertDataExport(tx, {
      id,
      districtId: args.actor.districtId,
      kind: 'district',
      requestedBy: args.actor.userId,
      personId: null,
      stepsTotal: included.length + 1,
    });
    await enqueue(tx, dataExportJob, { districtId: args.actor.districtId, exportId: id });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'district.data_export_started',
      target: { type: 'data_export', id },
      districtId: args.actor.districtId,
    });
  });
  return presentExport((await q.findDataExport(args.db, id))!);
}

/** The district's latest exports, newest first. */
export async function listDistrictExports(args: { db: Db; actor: Actor }): Promise<DataExport[]> {
  return (await q.listDistrictExports(args.db, args.actor.districtId)).map(presentExport);
}

/** Queues an archive of the signed-in person's own data, with their files; one at a time. */
export async function startPersonExport(args: { db: Db; actor: Actor }): Promise<DataExport> {
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    if (
      await q.exportUnderWay(tx, {
        districtId: args.actor.districtId,
        kind: 'person',
        personId: args.actor.userId,
      })
    )
      throw new ConflictError('An archive of your data is already being prepared.');
    await q.insertDataExport(tx, {
      id,
      districtId: args.actor.districtId,
      kind: 'person',
      requestedBy: args.actor.userId,
      personId: args.actor.userId,
      stepsTotal: 2,
    });
    await enqueue(tx, dataExportJob, { districtId: args.actor.districtId, exportId: id });
  });
  return presentExport((await q.findDataExport(args.db, id))!);
}

/** The signed-in person's latest archives. */
export async function listPersonExports(args: { db: Db; actor: Actor }): Promise<DataExport[]> {
  return (await q.listPersonExports(args.db, args.actor.userId)).map(presentExport);
}

/** One export, for whoever it belongs to; 404 for anyone else. */
export async function readDataExport(args: { db: Db; actor: Actor; id: string }): Promise<DataExport> {
  const row = await q.findDataExport(args.db, args.id);
  if (!row || !mayReach(args.actor, row)) throw new NotFoundError('No such export.');
  return presentExport(row);
}

/**
 * The archive of a ready export, for whoever it belongs to, until it expires (then 404, as for
 * anyone else). A district's download is audited before it starts.
 */
export async function downloadDataExport(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  id: string;
}): Promise<{ stream: Readable; size: number; filename: string }> {
  const row = await q.findDataExport(args.db, args.id);
  if (!row || !mayReach(args.actor, row)) throw new NotFoundError('No such export.');
  const shown = presentExport(row);
  if (shown.status === 'expired')
    throw new NotFoundError('This export has expired and its file was deleted; start a new one.');
  if (shown.status !== 'ready' || !row.file_key) throw new ConflictError('This export is not ready yet.');
  const file = await args.storage.get(row.file_key);
  if (!file) throw new NotFoundError('This export’s file is gone; start a new one.');
  if (row.kind === 'district')
    await recordAudit(args.db, {
      actorId: args.actor.userId,
      action: 'district.data_exported',
      target: { type: 'data_export', id: row.id },
      districtId: row.district_id,
    });
  const day = (iso(row.finished_at) ?? iso(row.created_at) ?? '').slice(0, 10);
  const filename =
    row.kind === 'district' ? `trellis-district-data-${day}.zip` : `trellis-my-data-${day}.zip`;
  return { stream: file.stream, size: file.size, filename };
}
