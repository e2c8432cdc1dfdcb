import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { RetentionSetting } from '#server/platform/data-retention.ts';
import type {
  DataExportKind,
  DataExportStatus,
  ErasureRequestStatus,
  RetentionKind,
} from '#shared/contracts/privacy.ts';

/** A person of a district, locked for erasure; undefined for anyone of another district. */
export async function findPersonForErasure(
  tx: Tx,
  args: { districtId: string; userId: string },
): Promise<{ id: string; email: string; status: string } | undefined> {
  const { rows } = await tx.execute<{ id: string; email: string; status: string }>(sql`
    select u.id, u.email, u.status
      from users u
     where u.id = ${args.userId} and u.district_id = ${args.districtId}
       for update of u`);
  return rows[0];
}

/**
 * Lets the erasure's statements run for minutes: columns that name a person rarely have an index of
 * their own (who hid a post, who acted in a feed item), so on a state-sized network a few are
 * scanned whole. Erasure is rare; it must finish.
 */
export async function allowLongStatements(tx: Tx): Promise<void> {
  await tx.execute(sql`set local statement_timeout = '5min'`);
}

/** A district's age limits. */
export async function listRetention(
  tx: Tx,
  districtId: string,
): Promise<{ kind: RetentionKind; days: number }[]> {
  const { rows } = await tx.execute<{ kind: RetentionKind; days: number }>(
    sql`select kind, days from retention_settings where district_id = ${districtId}`,
  );
  return rows;
}

/** Sets (or, with null days, removes) one of a district's age limits. */
export async function saveRetention(
  tx: Tx,
  args: { districtId: string; kind: RetentionKind; days: number | null; userId: string },
): Promise<void> {
  if (args.days === null) {
    await tx.execute(
      sql`delete from retention_settings where district_id = ${args.districtId} and kind = ${args.kind}`,
    );
    return;
  }
  await tx.execute(sql`
    insert into retention_settings (district_id, kind, days, updated_by, updated_at)
    values (${args.districtId}, ${args.kind}, ${args.days}, ${args.userId}, now())
    on conflict (district_id, kind)
    do update set days = excluded.days, updated_by = excluded.updated_by, updated_at = now()`);
}

/** Every district's age limits, for the nightly run. */
export async function allRetentionSettings(tx: Tx): Promise<RetentionSetting[]> {
  const { rows } = await tx.execute<{ district_id: string; kind: RetentionKind; days: number }>(
    sql`select district_id, kind, days from retention_settings order by district_id, kind`,
  );
  return rows.map((r) => ({ districtId: r.district_id, kind: r.kind, days: r.days }));
}

// ─── Exports made in the background ─────────────────────────────────────────────────────────────

export type DataExportRow = {
  id: string;
  district_id: string;
  kind: DataExportKind;
  requested_by: string | null;
  requested_by_name: string | null;
  person_id: string | null;
  status: DataExportStatus;
  steps_total: number;
  steps_done: number;
  step: string | null;
  rows_written: string | number;
  files_written: number;
  byte_size: string | number | null;
  file_key: string | null;
  error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
  expires_at: Date | string | null;
};

const exportColumns = sql`e.id, e.district_id, e.kind, e.requested_by, u.name as requested_by_name, e.person_id,
  e.status, e.steps_total, e.steps_done, e.step, e.rows_written, e.files_written, e.byte_size, e.file_key,
  e.error, e.created_at, e.finished_at, e.expires_at`;

/** One export, with who asked for it. */
export async function findDataExport(tx: Tx, id: string): Promise<DataExportRow | undefined> {
  const { rows } = await tx.execute<DataExportRow>(sql`
    select ${exportColumns} from data_exports e left join users u on u.id = e.requested_by where e.id = ${id}`);
  return rows[0];
}

/** A district's own exports, newest first. */
export async function listDistrictExports(tx: Tx, districtId: string, limit = 10): Promise<DataExportRow[]> {
  const { rows } = await tx.execute<DataExportRow>(sql`
    select ${exportColumns} from data_exports e left join users u on u.id = e.requested_by
     where e.district_id = ${districtId} and e.kind = 'district'
     order by e.created_at desc limit ${limit}`);
  return rows;
}

/** A person's own exports, newest first. */
export async function listPersonExports(tx: Tx, personId: string, limit = 5): Promise<DataExportRow[]> {
  const { rows } = await tx.execute<DataExportRow>(sql`
    select ${exportColumns} from data_exports e left join users u on u.id = e.requested_by
     where e.person_id = ${personId} and e.kind = 'person'
     order by e.created_at desc limit ${limit}`);
  return rows;
}

/**
 * Whether an export of this district (or, given a person, of this person) is still queued or running.
 * Locks the district's settings row's key so two requests at once do not both start one.
 */
export async function exportUnderWay(
  tx: Tx,
  args: { districtId: string; kind: DataExportKind; personId?: string },
): Promise<boolean> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`data-export:${args.kind}:${args.personId ?? args.districtId}`}))`,
  );
  const { rows } = await tx.execute(sql`
    select 1 from data_exports
     where district_id = ${args.districtId} and kind = ${args.kind}
       and (${args.personId ?? null}::uuid is null or person_id = ${args.personId ?? null}::uuid)
       and status in ('queued', 'running')
     limit 1`);
  return rows.length > 0;
}

export async function insertDataExport(
  tx: Tx,
  args: {
    id: string;
    districtId: string;
    kind: DataExportKind;
    requestedBy: string;
    personId: string | null;
    stepsTotal: number;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into data_exports (id, district_id, kind, requested_by, person_id, steps_total)
    values (${args.id}, ${args.districtId}, ${args.kind}, ${args.requestedBy}, ${args.personId}, ${args.stepsTotal})`);
}

/** Marks an export as being written (again, after a retry), from its first step. */
export async function markExportRunning(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`
    update data_exports
       set status = 'running', started_at = now(), steps_done = 0, step = null, rows_written = 0,
           files_written = 0, error = null
     where id = ${id}`);
}

/** Records how far an export got. */
export async function saveExportProgress(
  tx: Tx,
  args: { id: string; done: number; total: number; step: string; rows: number; files: number },
): Promise<void> {
  await tx.execute(sql`
    update data_exports
       set steps_done = ${args.done}, steps_total = ${args.total}, step = ${args.step},
           rows_written = ${args.rows}, files_written = ${args.files}
     where id = ${args.id} and status = 'running'`);
}

/**
 * Marks a running export written: its file may be downloaded until it expires. False when no row
 * changed (the export failed or was removed meanwhile): the file is then for the caller to delete.
 */
export async function markExportReady(
  tx: Tx,
  args: { id: string; key: string; bytes: number; rows: number; files: number; keepDays: number },
): Promise<boolean> {
  const result = await tx.execute(sql`
    update data_exports
       set status = 'ready', file_key = ${args.key}, byte_size = ${args.bytes}, rows_written = ${args.rows},
           files_written = ${args.files}, steps_done = steps_total, step = null, finished_at = now(),
           expires_at = now() + make_interval(days => ${args.keepDays})
     where id = ${args.id} and status = 'running'`);
  return (result.rowCount ?? 0) > 0;
}

export async function markExportFailed(tx: Tx, args: { id: string; error: string }): Promise<void> {
  await tx.execute(sql`
    update data_exports set status = 'failed', error = ${args.error}, finished_at = now(), step = null
     where id = ${args.id} and status in ('queued', 'running')`);
}

/** Ready exports past their time, marked expired; their files are for the caller to delete. */
export async function expireDataExports(tx: Tx, limit = 100): Promise<string[]> {
  const { rows } = await tx.execute<{ file_key: string | null }>(sql`
    with old as (
      select id, file_key from data_exports
       where status = 'ready' and expires_at < now()
       order by expires_at limit ${limit}
       for update skip locked)
    update data_exports e set status = 'expired', file_key = null
      from old where e.id = old.id
    returning old.file_key`);
  return rows.flatMap((r) => (r.file_key ? [r.file_key] : []));
}

// ─── Erasure requests and the district's records rules ─────────────────────────────────────────

export type ErasureRequestRow = {
  id: string;
  district_id: string;
  user_id: string;
  name: string | null;
  email: string | null;
  status: ErasureRequestStatus;
  note: string | null;
  decided_by: string | null;
  decision_note: string | null;
  created_at: Date | string;
  decided_at: Date | string | null;
};

const requestColumns = sql`r.id, r.district_id, r.user_id, u.name, u.email, r.status, r.note, r.decided_by,
  r.decision_note, r.created_at, r.decided_at`;

/** Whether erasing a person who asks waits for an administrator (true unless the district said not). */
export async function erasureNeedsApproval(tx: Tx, districtId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ erasure_needs_approval: boolean }>(sql`
    select erasure_needs_approval from privacy_settings where district_id = ${districtId}`);
  return rows[0]?.erasure_needs_approval ?? true;
}

export async function savePrivacySettings(
  tx: Tx,
  args: { districtId: string; erasureNeedsApproval: boolean; userId: string },
): Promise<void> {
  await tx.execute(sql`
    insert into privacy_settings (district_id, erasure_needs_approval, updated_by, updated_at)
    values (${args.districtId}, ${args.erasureNeedsApproval}, ${args.userId}, now())
    on conflict (district_id) do update
       set erasure_needs_approval = excluded.erasure_needs_approval, updated_by = excluded.updated_by,
           updated_at = now()`);
}

/** A person's latest erasure request. */
export async function latestErasureRequest(tx: Tx, userId: string): Promise<ErasureRequestRow | undefined> {
  const { rows } = await tx.execute<ErasureRequestRow>(sql`
    select ${requestColumns} from erasure_requests r join users u on u.id = r.user_id
     where r.user_id = ${userId} order by r.created_at desc limit 1`);
  return rows[0];
}

/** One request, by id. */
export async function findErasureRequest(tx: Tx, id: string): Promise<ErasureRequestRow | undefined> {
  const { rows } = await tx.execute<ErasureRequestRow>(sql`
    select ${requestColumns} from erasure_requests r left join users u on u.id = r.user_id where r.id = ${id}`);
  return rows[0];
}

/** One request of a district, locked for its decision; undefined for another district's. */
export async function findErasureRequestForDecision(
  tx: Tx,
  args: { id: string; districtId: string },
): Promise<ErasureRequestRow | undefined> {
  const { rows } = await tx.execute<ErasureRequestRow>(sql`
    select ${requestColumns} from erasure_requests r join users u on u.id = r.user_id
     where r.id = ${args.id} and r.district_id = ${args.districtId}
       for update of r`);
  return rows[0];
}

/** A district's requests: those waiting first (oldest first), then the latest decided. */
export async function listErasureRequests(tx: Tx, districtId: string): Promise<ErasureRequestRow[]> {
  const { rows } = await tx.execute<ErasureRequestRow>(sql`
    (select ${requestColumns} from erasure_requests r left join users u on u.id = r.user_id
      where r.district_id = ${districtId} and r.status = 'pending' order by r.created_at limit 200)
    union all
    (select ${requestColumns} from erasure_requests r left join users u on u.id = r.user_id
      where r.district_id = ${districtId} and r.status <> 'pending' order by r.decided_at desc nulls last limit 20)`);
  return rows;
}

export async function insertErasureRequest(
  tx: Tx,
  args: { id: string; districtId: string; userId: string; status: ErasureRequestStatus; note: string | null },
): Promise<void> {
  await tx.execute(sql`
    insert into erasure_requests (id, district_id, user_id, status, note, decided_at)
    values (${args.id}, ${args.districtId}, ${args.userId}, ${args.status}, ${args.note},
            case when ${args.status} = 'pending' then null else now() end)`);
}

/**
 * Decides (or withdraws) a request still waiting; false when it was decided or withdrawn meanwhile,
 * so a withdrawal never overwrites an approval, nor one decision another.
 */
export async function decideErasureRequest(
  tx: Tx,
  args: { id: string; status: ErasureRequestStatus; decidedBy: string | null; decisionNote: string | null },
): Promise<boolean> {
  const result = await tx.execute(sql`
    update erasure_requests
       set status = ${args.status}, decided_by = ${args.decidedBy}, decision_note = ${args.decisionNote},
           decided_at = now()
     where id = ${args.id} and status = 'pending'`);
  return (result.rowCount ?? 0) > 0;
}

/** The addresses of a district's active administrators, but one. */
export async function activeAdminEmails(
  tx: Tx,
  args: { districtId: string; except: string },
): Promise<string[]> {
  const { rows } = await tx.execute<{ email: string }>(sql`
    select distinct u.email from memberships m join users u on u.id = m.user_id
     where m.organization_id = ${args.districtId} and m.role = 'district_admin' and u.status = 'active'
       and u.id <> ${args.except}
     order by u.email`);
  return rows.map((r) => r.email);
}

/**
 * Whether the person is an active administrator of the district with no other active one beside
 * them. Asked under accounts' district-admin lock (`lockDistrictAdmins`), so the answer holds.
 */
export async function isLastActiveAdmin(
  tx: Tx,
  args: { districtId: string; userId: string },
): Promise<boolean> {
  const { rows } = await tx.execute<{ last: boolean }>(sql`
    select exists (
             select 1 from memberships m join users u on u.id = m.user_id
              where m.user_id = ${args.userId} and m.organization_id = ${args.districtId}
                and m.role = 'district_admin' and u.status = 'active')
       and not exists (
             select 1 from memberships m join users u on u.id = m.user_id
              where m.user_id <> ${args.userId} and m.organization_id = ${args.districtId}
                and m.role = 'district_admin' and u.status = 'active') as last`);
  return rows[0]?.last ?? false;
}

// ─── The data-protection page ───────────────────────────────────────────────────────────────────

export type DataProtectionRow = {
  hosting: string;
  subprocessors: string;
  contact: string;
  notes: string;
  updated_at: Date | string;
};

export async function findDataProtection(tx: Tx): Promise<DataProtectionRow | undefined> {
  const { rows } = await tx.execute<DataProtectionRow>(
    sql`select hosting, subprocessors, contact, notes, updated_at from data_protection_statements where id = 1`,
  );
  return rows[0];
}

export async function saveDataProtection(
  tx: Tx,
  args: { hosting: string; subprocessors: string; contact: string; notes: string; userId: string },
): Promise<void> {
  await tx.execute(sql`
    insert into data_protection_statements (id, hosting, subprocessors, contact, notes, updated_by, updated_at)
    values (1, ${args.hosting}, ${args.subprocessors}, ${args.contact}, ${args.notes}, ${args.userId}, now())
    on conflict (id) do update
       set hosting = excluded.hosting, subprocessors = excluded.subprocessors, contact = excluded.contact,
           notes = excluded.notes, updated_by = excluded.updated_by, updated_at = now()`);
}
