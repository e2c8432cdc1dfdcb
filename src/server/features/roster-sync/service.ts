/**
 * Roster sync from a district's OneRoster 1.2 REST API, as district admins use it: connect the
 * source (the client secret encrypted, never shown again), preview the first sync (a dry run), then
 * sync on demand (and each night, `jobs.ts`), read the history of runs, and confirm a run that held
 * back more deactivations than the district allows at once. Runs are carried out in `run.ts`.
 */
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { rosterSources, rosterSyncRuns } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { encryptSecret } from '#server/platform/secret-box.ts';
import type { RosterPlan } from '#shared/contracts/roster.ts';
import type {
  RosterSource,
  RosterSyncCounts,
  RosterSyncRunDetail,
  RosterSyncRunSummary,
  SaveRosterSourceBody,
} from '#shared/contracts/roster-sync.ts';
import { type RosterAddressPolicy, sourceAddressProblem } from './addresses.ts';
import { forgetRosterTokens } from './client.ts';
import { queueRun } from './jobs.ts';
import { findRun, findSource, hasPreview, listRuns, type RunRow, type SourceRow } from './queries.ts';
import { secretContext } from './run.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

function presentSource(row: SourceRow): RosterSource {
  return {
    id: row.id,
    baseUrl: row.baseUrl,
    tokenUrl: row.tokenUrl,
    clientId: row.clientId,
    hasClientSecret: row.clientSecretEncrypted.length > 0,
    graceDays: row.graceDays,
    confirmSharePercent: row.confirmSharePercent,
    syncingSince: iso(row.syncingSince),
    lastFullSyncAt: iso(row.lastFullSyncAt),
    deltaSince: iso(row.deltaSince),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The district's roster source (never its secret), and what the admin may start. */
export async function getRosterSource(args: { db: Db; actor: Actor }) {
  const row = await findSource(args.db, args.actor.districtId);
  return {
    data: row ? presentSource(row) : null,
    abilities: {
      preview: !!row?.clientSecretEncrypted,
      sync: !!row?.clientSecretEncrypted && (await args.db.transaction((tx) => hasPreview(tx, row.id))),
    },
  };
}

/**
 * Connects the district's OneRoster source or changes its settings. A secret left out is kept only
 * while the base URL, token URL and client id stay as they were: the secret is sent wherever they
 * point, so changing any of them asks for the secret again.
 */
export async function saveRosterSource(args: {
  db: Db;
  actor: Actor;
  key: Buffer;
  body: SaveRosterSourceBody;
  addresses: RosterAddressPolicy;
}): Promise<RosterSource> {
  const { db, actor, key, body } = args;
  for (const field of ['baseUrl', 'tokenUrl'] as const) {
    const problem = sourceAddressProblem(args.addresses, body[field]);
    if (problem) throw invalidField(`/body/${field}`, problem);
  }
  return db.transaction(async (tx) => {
    const existing = await findSource(tx, actor.districtId, true);
    if (!existing && !body.clientSecret)
      throw invalidField('/body/clientSecret', 'is required to connect a roster source');
    if (
      existing &&
      !body.clientSecret &&
      (existing.baseUrl !== body.baseUrl ||
        existing.tokenUrl !== body.tokenUrl ||
        existing.clientId !== body.clientId)
    )
      throw invalidField(
        '/body/clientSecret',
        'is required again when the base URL, token URL or client id changes',
      );
    const id = existing?.id ?? uuidv7();
    const settings = {
      baseUrl: body.baseUrl,
      tokenUrl: body.tokenUrl,
      clientId: body.clientId,
      graceDays: body.graceDays,
      confirmSharePercent: body.confirmSharePercent,
      // Nightly runs act for the admin who last saved the settings.
      connectedBy: actor.userId,
      ...(body.clientSecret
        ? { clientSecretEncrypted: encryptSecret(key, body.clientSecret, secretContext(id)) }
        : {}),
    };
    const [row] = existing
      ? await tx
          .update(rosterSources)
          .set({ ...settings, updatedAt: new Date() })
          .where(eq(rosterSources.id, id))
          .returning()
      : await tx
          .insert(rosterSources)
          .values({ id, districtId: actor.districtId, clientSecretEncrypted: '', ...settings })
          .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: existing ? 'roster_source.updated' : 'roster_source.connected',
      target: { type: 'roster-source', id },
      districtId: actor.districtId,
      details: {
        baseUrl: body.baseUrl,
        clientId: body.clientId,
        graceDays: body.graceDays,
        confirmSharePercent: body.confirmSharePercent,
        secretReplaced: !!body.clientSecret,
      },
    });
    // A token fetched with the old credentials is not used again.
    if (body.clientSecret) forgetRosterTokens();
    return presentSource(row);
  });
}

function presentSummary(
  run: Omit<RunRow, 'plan' | 'deactivations' | 'sourceId' | 'districtId' | 'allowDeactivations'>,
  requesterName: string | null,
): RosterSyncRunSummary {
  return {
    id: run.id,
    kind: run.kind,
    trigger: run.trigger,
    mode: run.mode,
    status: run.status,
    requestedBy: run.requestedBy && requesterName ? { id: run.requestedBy, name: requesterName } : null,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    counts: (run.counts as RosterSyncCounts | null) ?? null,
    error: run.error,
  };
}

/** The counts only: a run also keeps the ids it held back or may deactivate, which are not shown. */
function presentDeactivations(value: unknown): RosterSyncRunDetail['deactivations'] {
  const d = value as { count?: number; allowed?: number; activeStaff?: number } | null;
  if (typeof d?.count !== 'number') return null;
  return { count: d.count, allowed: d.allowed ?? 0, activeStaff: d.activeStaff ?? 0 };
}

function presentDetail(run: RunRow, requesterName: string | null): RosterSyncRunDetail {
  return {
    ...presentSummary(run, requesterName),
    plan: (run.plan as RosterPlan | null) ?? null,
    deactivations: presentDeactivations(run.deactivations),
  };
}

/** Queues a preview (a dry run) or a sync of the district's source, carried out by the job queue. */
export async function startRosterSyncRun(args: {
  db: Db;
  actor: Actor;
  kind: 'preview' | 'sync';
}): Promise<RosterSyncRunDetail> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const source = await findSource(tx, actor.districtId, true);
    if (!source) throw new NotFoundError('No roster source is connected to your district.');
    if (!source.clientSecretEncrypted)
      throw new ConflictError('Enter the client secret your student information system gave you first.');
    if (args.kind === 'sync' && !(await hasPreview(tx, source.id)))
      throw new ConflictError(
        'Preview the first sync before syncing: the preview shows what it will change.',
      );
    const row = await queueRun(tx, {
      districtId: actor.districtId,
      sourceId: source.id,
      kind: args.kind,
      trigger: 'admin',
      requestedBy: actor.userId,
    });
    return presentDetail(row, actor.name);
  });
}

/** The district's runs, newest first. */
export async function listRosterSyncRuns(args: { db: Db; actor: Actor; cursor?: string; limit: number }) {
  const cursor = args.cursor && /^[0-9a-f-]{36}$/i.test(args.cursor) ? args.cursor : undefined;
  const rows = await listRuns(args.db, args.actor.districtId, cursor, args.limit);
  const page = rows.slice(0, args.limit);
  return {
    data: page.map((r) => presentSummary(r.run, r.requesterName)),
    nextCursor: rows.length > args.limit ? page[page.length - 1].run.id : null,
  };
}

/** One run with what it changed; another district's id is not found. */
export async function getRosterSyncRun(args: { db: Db; actor: Actor; id: string }) {
  const found = await findRun(args.db, args.actor.districtId, args.id);
  if (!found) throw new NotFoundError('No such roster sync run in your district.');
  return {
    data: presentDetail(found.run, found.requesterName),
    abilities: { confirm: found.run.status === 'waiting' },
  };
}

/**
 * An admin confirms a run that waited on its deactivations: a new run reads the source again and
 * may deactivate the very people the admin saw held back (anyone else would make it wait again).
 */
export async function confirmRosterSyncRun(args: {
  db: Db;
  actor: Actor;
  id: string;
}): Promise<RosterSyncRunDetail> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const found = await findRun(tx, actor.districtId, args.id, true);
    if (!found) throw new NotFoundError('No such roster sync run in your district.');
    const { run } = found;
    if (run.status !== 'waiting')
      throw new ConflictError('Only a run waiting for confirmation can be confirmed.');
    const held = run.deactivations as { count: number; userIds?: string[] } | null;
    await tx.update(rosterSyncRuns).set({ status: 'confirmed' }).where(eq(rosterSyncRuns.id, run.id));
    const row = await queueRun(tx, {
      districtId: run.districtId,
      sourceId: run.sourceId,
      kind: 'sync',
      trigger: 'confirmation',
      requestedBy: actor.userId,
      allowDeactivations: held?.count ?? 0,
      // The new run may deactivate only the people this one held back.
      deactivations: { confirmedUserIds: held?.userIds ?? [] },
    });
    return presentDetail(row, actor.name);
  });
}
