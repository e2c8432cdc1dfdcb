/**
 * Carrying out one roster sync run, as the job queue does: read the source outside any transaction,
 * then plan and (for a sync) apply in one transaction with the CSV import's own plan and apply, so
 * a run changes everything it says or nothing. Deactivations wait out the district's grace period,
 * and a run that would deactivate more than the district's share of its staff waits for an admin.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import { rosterSources, rosterSyncRuns } from '#server/db/schema.ts';
import { applyRosterPlan, computeRosterPlan } from '#server/features/accounts/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Config } from '#server/platform/config.ts';
import { AppError } from '#server/platform/errors.ts';
import { decryptSecret, deriveEncryptionKey, loadKeySecret } from '#server/platform/secret-box.ts';
import type { RosterPlan, RosterUserPlan } from '#shared/contracts/roster.ts';
import type { RosterSyncCounts } from '#shared/contracts/roster-sync.ts';
import type { RosterAddressPolicy } from './addresses.ts';
import { OneRosterClient, RosterSourceError } from './client.ts';
import {
  countActiveStaff,
  findSource,
  findSourceById,
  listAbsences,
  loadAdminActor,
  recordAbsences,
  type RunRow,
} from './queries.ts';
import { readSourceRoster } from './read.ts';

const DAY_MS = 86_400_000;
/** A delta cannot see people a source deletes outright: a full read at least this often does. */
const FULL_SYNC_EVERY_MS = 7 * DAY_MS;

// Bound to the row, so an encrypted secret cannot be moved to another district's source.
export const secretContext = (sourceId: string) => `roster-source:${sourceId}`;

/** The key stored secrets are encrypted with, the one issuer keys and sign-on secrets use. */
const keys = new WeakMap<object, Promise<Buffer>>();
export function encryptionKey(
  config: Pick<Config, 'CREDENTIAL_KEY_SECRET' | 'dataDir'>,
  log: Pick<FastifyBaseLogger, 'warn'>,
): Promise<Buffer> {
  let key = keys.get(config);
  if (!key) {
    key = loadKeySecret(config, (message) => log.warn(message)).then(deriveEncryptionKey);
    key.catch(() => keys.delete(config));
    keys.set(config, key);
  }
  return key;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Holds deactivations to the grace period: a person the roster stopped listing (or marks tobedeleted)
 * is deactivated once `graceDays` have passed since a run first saw them gone; before that the plan
 * says when. A delta does not mention people who left earlier, so those whose time is up are added.
 */
async function holdForGrace(
  tx: Tx,
  args: {
    plan: RosterPlan;
    districtId: string;
    graceDays: number;
    now: Date;
    full: boolean;
    actorId: string;
  },
): Promise<{ plan: RosterPlan; started: Map<string, Date>; ended: string[] }> {
  const { plan, now } = args;
  const absences = await listAbsences(tx, args.districtId);
  const since = new Map(absences.map((a) => [a.userId, a.since]));
  const started = new Map<string, Date>();
  const ended: string[] = [];
  const dueOn = (from: Date) => new Date(from.getTime() + args.graceDays * DAY_MS);
  const hold = (u: RosterUserPlan): RosterUserPlan => {
    const from = since.get(u.userId!) ?? now;
    started.set(u.userId!, from);
    const due = dueOn(from);
    if (due <= now)
      return {
        ...u,
        reason: `Left the roster${u.absent ? '' : ' (marked tobedeleted or disabled)'} on ${dayOf(from)}; the grace period of ${args.graceDays} days is over.`,
      };
    return {
      ...u,
      action: 'skip',
      changes: [],
      deactivateOn: dayOf(due),
      reason: `Left the roster${u.absent ? '' : ' (marked tobedeleted or disabled)'}: deactivated on ${dayOf(due)} unless the roster lists them again.`,
    };
  };
  const users = plan.users.map((u) => {
    if (u.action === 'deactivate' && u.userId) return hold(u);
    if (u.active && u.userId && since.has(u.userId)) ended.push(u.userId);
    return u;
  });
  if (!args.full) {
    // People who left before this delta and are not in it: still gone, their clock runs on.
    const mentioned = new Set(plan.users.map((u) => u.userId).filter(Boolean));
    for (const a of absences) {
      if (mentioned.has(a.userId) || a.status !== 'active' || !a.sourcedId || a.userId === args.actorId)
        continue;
      users.push(
        hold({
          row: 0,
          sourcedId: a.sourcedId,
          name: a.name,
          email: a.email,
          role: 'teacher',
          schoolSourcedId: null,
          schoolName: null,
          active: false,
          absent: true,
          action: 'deactivate',
          userId: a.userId,
          changes: ['status'],
          reason: `Left the roster on ${dayOf(a.since)}; the grace period of ${args.graceDays} days is over.`,
        }),
      );
    }
  }
  const counts = structuredClone(plan.counts);
  counts.users = { create: 0, update: 0, unchanged: 0, deactivate: 0, skip: 0 };
  for (const u of users) counts.users[u.action] += 1;
  return { plan: { ...plan, users, counts }, started, ended };
}

function countsOf(plan: RosterPlan): RosterSyncCounts {
  const of = (action: RosterUserPlan['action']) => plan.users.filter((u) => u.action === action);
  const pending = plan.users.filter((u) => u.deactivateOn).length;
  return {
    created: of('create').length,
    updated: of('update').length,
    schoolChanges: of('update').filter((u) => u.changes.includes('school')).length,
    roleChanges: of('update').filter((u) => u.changes.includes('role')).length,
    deactivated: of('deactivate').length,
    pendingDeactivation: pending,
    unchanged: of('unchanged').length,
    skipped: of('skip').length - pending,
    schoolsCreated: plan.schools.filter((s) => s.action === 'create').length,
    schoolsUpdated: plan.schools.filter((s) => s.action === 'update').length,
    rejected: plan.rejected.length,
    studentsAndGuardiansSkipped: plan.counts.studentsAndGuardiansSkipped,
  };
}

/** The most people a run's stored plan lists: a state's first sync creates 100,000, which no one reads one by one. */
const KEPT_PEOPLE = 2_000;
/** Listed first when a plan is cut short: what takes access away, then what changes people, then the rest. */
const KEPT_ORDER: Record<RosterUserPlan['action'], number> = {
  deactivate: 0,
  skip: 2,
  update: 3,
  create: 4,
  unchanged: 5,
};

/** What a run keeps of its plan: what changes or would, not the people and schools left as they are. */
function kept(plan: RosterPlan): RosterPlan {
  const changing = plan.users.filter((u) => u.action !== 'unchanged');
  const rank = (u: RosterUserPlan) => (u.deactivateOn ? 1 : KEPT_ORDER[u.action]);
  const users =
    changing.length > KEPT_PEOPLE
      ? changing
          .map((u, i) => [u, i] as const)
          .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
          .slice(0, KEPT_PEOPLE)
          .map(([u]) => u)
      : changing;
  const notes = [...(plan.notes ?? [])];
  if (users.length < changing.length)
    notes.push(
      `The list shows ${users.length} of the ${changing.length} people with something to do (deactivations first); the counts cover everyone.`,
    );
  return {
    ...plan,
    schools: plan.schools.filter((s) => s.action !== 'unchanged'),
    users,
    notes,
    rejected: plan.rejected.slice(0, KEPT_PEOPLE),
    listedSourcedIds: undefined,
  };
}

async function finish(db: Db | Tx, runId: string, values: Partial<RunRow>) {
  await db
    .update(rosterSyncRuns)
    .set({ finishedAt: new Date(), ...values })
    .where(eq(rosterSyncRuns.id, runId));
}

/**
 * Carries out one queued run (the job's work): reads the source, plans, and for a sync applies the
 * plan in one transaction. A source that cannot be read or a roster that cannot be used fails the
 * run with the reason and changes nothing. Running it again after it finished does nothing.
 */
export async function carryOutRosterSyncRun(args: {
  db: Db;
  key: Buffer;
  runId: string;
  /** Where a source may be reached (the app's config). */
  addresses: RosterAddressPolicy;
  log: Pick<FastifyBaseLogger, 'error'> & Partial<Pick<FastifyBaseLogger, 'info'>>;
  now?: () => Date;
}): Promise<RunRow['status'] | null> {
  const { db } = args;
  const now = args.now ?? (() => new Date());
  // Taken once: a run already under way or finished is left alone.
  const [run] = await db
    .update(rosterSyncRuns)
    .set({ status: 'running', startedAt: now() })
    .where(and(eq(rosterSyncRuns.id, args.runId), eq(rosterSyncRuns.status, 'queued')))
    .returning();
  if (!run) return null;
  try {
    const source = await findSourceById(db, run.sourceId);
    if (!source) throw new RosterSourceError('The roster source was disconnected.');
    const startedAt = now();
    const begun = performance.now();
    const full =
      run.kind === 'preview' ||
      run.trigger === 'confirmation' ||
      !source.deltaSince ||
      !source.lastFullSyncAt ||
      startedAt.getTime() - source.lastFullSyncAt.getTime() >= FULL_SYNC_EVERY_MS;
    let clientSecret: string;
    try {
      clientSecret = decryptSecret(args.key, source.clientSecretEncrypted, secretContext(source.id));
    } catch {
      throw new RosterSourceError(
        'The stored client secret cannot be read with this deployment’s key: enter the secret again in the settings.',
      );
    }
    const client = new OneRosterClient(
      {
        baseUrl: source.baseUrl,
        tokenUrl: source.tokenUrl,
        clientId: source.clientId,
        clientSecret,
      },
      { addresses: args.addresses },
    );
    const orgs = await client.readAll('orgs');
    const people = await client.readAll('users', full ? null : source.deltaSince);
    const roster = readSourceRoster({ orgs, users: people, full });

    const read = performance.now();
    return await db.transaction(async (tx) => {
      // A state's first sync writes 100,000 people in this one transaction: background work, not a
      // request, so the pool's 30-second limit per statement does not apply (as for data exports).
      await tx.execute(sql`set local statement_timeout = '30min'`);
      // One run of a district at a time reaches this point; the source row is the district's lock.
      await findSource(tx, source.districtId, true);
      const actingFor = run.requestedBy ?? source.connectedBy;
      const actor = actingFor ? await loadAdminActor(tx, actingFor, source.districtId) : null;
      if (!actor)
        throw new RosterSourceError(
          'The sync acts for the administrator who asked for it or last saved the settings, and that account is no longer an active district administrator: save the settings again to take it over.',
        );
      const planning = performance.now();
      const computed = await computeRosterPlan(tx, actor, roster);
      const { plan, started, ended } = await holdForGrace(tx, {
        plan: computed,
        districtId: source.districtId,
        graceDays: source.graceDays,
        now: startedAt,
        full,
        actorId: actor.userId,
      });
      const counts = countsOf(plan);
      const activeStaff = await countActiveStaff(tx, source.districtId);
      const allowed = Math.floor((activeStaff * source.confirmSharePercent) / 100);
      const deactivating = plan.users.flatMap((u) =>
        u.action === 'deactivate' && u.userId ? [u.userId] : [],
      );
      // A confirmation covers the very people the admin saw held back, no one else.
      const confirmed = new Set(
        (run.deactivations as { confirmedUserIds?: string[] } | null)?.confirmedUserIds ?? [],
      );
      const unconfirmed = deactivating.filter((id) => !confirmed.has(id)).length;
      const deactivations = { count: counts.deactivated, allowed, activeStaff };
      const base = {
        mode: full ? ('full' as const) : ('delta' as const),
        counts,
        plan: kept(plan),
        deactivations,
      };
      if (run.kind === 'preview') {
        await finish(tx, run.id, { ...base, status: 'previewed' });
        return 'previewed';
      }
      if (counts.deactivated > allowed && unconfirmed > 0) {
        await finish(tx, run.id, {
          ...base,
          // Kept with the run, so that confirming it allows exactly these deactivations.
          deactivations: { ...deactivations, userIds: deactivating },
          status: 'waiting',
          error: `This sync would deactivate ${counts.deactivated} people, more than ${source.confirmSharePercent}% of the district's ${activeStaff} active staff (${allowed}). Nothing was changed: check the list, then confirm to carry it out.`,
        });
        return 'waiting';
      }
      const applying = performance.now();
      await applyRosterPlan(tx, actor, plan, 'roster-sync');
      await recordAbsences(tx, source.districtId, started, ended);
      const newest =
        roster.newest && (!source.deltaSince || roster.newest > source.deltaSince)
          ? roster.newest
          : source.deltaSince;
      await tx
        .update(rosterSources)
        .set({
          syncingSince: source.syncingSince ?? startedAt,
          lastFullSyncAt: full ? startedAt : source.lastFullSyncAt,
          deltaSince: newest,
        })
        .where(eq(rosterSources.id, source.id));
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'roster.synced',
        target: { type: 'roster-sync-run', id: run.id },
        districtId: source.districtId,
        details: { counts, mode: base.mode, trigger: run.trigger },
      });
      await recordActivity(tx, {
        actor,
        verb: 'imported',
        object: { type: 'roster-sync-run', id: run.id, name: 'OneRoster roster sync' },
        context: {
          districtId: source.districtId,
          schoolId: null,
          extensions: { 'https://trellis.dev/xapi/extensions/roster-counts': plan.counts },
        },
      });
      await finish(tx, run.id, { ...base, status: 'applied' });
      const ms = (from: number, to: number) => Math.round(to - from);
      args.log.info?.(
        {
          runId: run.id,
          people: roster.staff.length,
          readMs: ms(begun, read),
          planMs: ms(planning, applying),
          applyMs: ms(applying, performance.now()),
        },
        'roster sync applied',
      );
      return 'applied';
    });
  } catch (error) {
    let message: string;
    if (error instanceof RosterSourceError || error instanceof AppError) message = error.message;
    else {
      args.log.error({ err: error, runId: run.id }, 'roster sync run failed');
      message = 'The sync stopped on an unexpected error; nothing was changed. The next run tries again.';
    }
    await finish(db, run.id, {
      status: 'failed',
      error: /nothing was changed/i.test(message) ? message : `${message} Nothing was changed.`,
    });
    return 'failed';
  }
}

/** After the job gave up on a run (its process died, or it ran too long): say so in the history. */
export async function failAbandonedRun(args: { db: Db; runId: string }): Promise<void> {
  const { db, runId } = args;
  const [run] = await db.select().from(rosterSyncRuns).where(eq(rosterSyncRuns.id, runId));
  if (!run || run.finishedAt) return;
  await finish(db, runId, {
    status: 'failed',
    error: 'The sync did not finish (it ran too long or its server stopped); nothing was changed.',
  });
}
