import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { signalSessionsEnded } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Storage } from '#server/platform/storage.ts';
import { declaredTables, type FeatureData } from '#server/platform/data-classes.ts';
import { type ErasureResult, erasePerson, isFormerMember } from '#server/platform/data-erasure.ts';
import { exportPerson, personExportFile } from '#server/platform/data-export.ts';
import { deleteExpiredRows } from '#server/platform/data-retention.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  type ErasureBody,
  RETENTION_KINDS,
  type RetentionBody,
  type RetentionSetting,
} from '#shared/contracts/privacy.ts';
import {
  allowLongStatements,
  allRetentionSettings,
  findPersonForErasure,
  listRetention,
  saveRetention,
} from './queries.ts';
import { allData, allTables } from './registry.ts';

/** The signed-in person's own data as a file: JSON, zipped when large. */
export async function downloadMyData(args: { db: Db; actor: Actor }) {
  const declarations = await allData();
  const tables = declaredTables(declarations);
  const data = await args.db.transaction(
    (tx) => exportPerson({ tx, tables, personId: args.actor.userId, data: declarations }),
    {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    },
  );
  return personExportFile(data);
}

/**
 * Erases a person whose row `tx` holds locked: their open pages sign out, their own rows go, their
 * contributions stay under a Former member, and the erasure is audited without their name. Returns
 * the files to delete from storage once the transaction commits.
 */
export async function eraseLockedPerson(
  tx: Tx,
  args: {
    data: FeatureData[];
    personId: string;
    districtId: string;
    actorId: string;
    details?: Record<string, unknown>;
  },
): Promise<ErasureResult> {
  await allowLongStatements(tx);
  // Open pages of the person sign out at once; their sessions go with the rest.
  await signalSessionsEnded(tx, args.personId);
  const result = await erasePerson({
    tx,
    data: args.data,
    personId: args.personId,
    districtId: args.districtId,
  });
  await recordAudit(tx, {
    // A person who erased themselves is named by their Former member: their own row is gone.
    actorId: args.actorId === args.personId ? result.formerId : args.actorId,
    action: 'user.erased',
    target: { type: 'user', id: result.formerId },
    districtId: args.districtId,
    details: { deidentified: result.deidentified, deleted: result.deleted, ...args.details },
  });
  return result;
}

/** Deletes the files an erasure let go, once it committed; one that fails to go is logged. */
export async function removeErasedFiles(storage: Storage, keys: readonly string[], log: FastifyBaseLogger) {
  for (const key of keys)
    await storage.delete(key).catch((error) => log.error({ err: error, key }, 'an erased file stayed'));
}

/**
 * Erases a person who has left the administrator's district, in one transaction: their own rows
 * deleted, their contributions kept under a Former member, the erasure audited without their name.
 */
export async function erasePersonOfDistrict(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  userId: string;
  body: ErasureBody;
  log: FastifyBaseLogger;
}) {
  const data = await allData();
  const erased = await args.db.transaction(async (tx) => {
    const person = await findPersonForErasure(tx, { districtId: args.actor.districtId, userId: args.userId });
    if (!person) throw new NotFoundError('No such person in your district.');
    if (person.id === args.actor.userId) throw new ForbiddenError('You cannot erase your own account.');
    if (isFormerMember(person.email)) throw new ConflictError('This account was erased already.');
    // Only someone who has left is erased: deactivating first is the deliberate step before this one.
    if (person.status === 'active')
      throw new ConflictError('Deactivate this account first: only people who have left can be erased.');
    if (args.body.confirm.toLowerCase() !== person.email.toLowerCase())
      throw invalidField('/body/confirm', 'Type the person’s email address exactly as shown to confirm.');
    return eraseLockedPerson(tx, {
      data,
      personId: person.id,
      districtId: args.actor.districtId,
      actorId: args.actor.userId,
    });
  });
  await removeErasedFiles(args.storage, erased.filesToRemove, args.log);
  return { formerMemberId: erased.formerId, deidentified: erased.deidentified, deleted: erased.deleted };
}

/** The district's age limits, one per kind (null: kept). */
export async function readRetention(args: { db: Db; actor: Actor }): Promise<RetentionSetting[]> {
  const saved = new Map((await listRetention(args.db, args.actor.districtId)).map((r) => [r.kind, r.days]));
  return RETENTION_KINDS.map((kind) => ({ kind, days: saved.get(kind) ?? null }));
}

/** Sets the district's age limits, audited in the same transaction. */
export async function updateRetention(args: {
  db: Db;
  actor: Actor;
  body: RetentionBody;
}): Promise<RetentionSetting[]> {
  const kinds = args.body.settings.map((s) => s.kind);
  const repeated = kinds.findIndex((k, i) => kinds.indexOf(k) !== i);
  if (repeated >= 0) throw invalidField(`/body/settings/${repeated}/kind`, 'Each kind may be set once.');
  await args.db.transaction(async (tx) => {
    for (const setting of args.body.settings)
      await saveRetention(tx, { districtId: args.actor.districtId, userId: args.actor.userId, ...setting });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'district.retention_changed',
      target: { type: 'district', id: args.actor.districtId },
      districtId: args.actor.districtId,
      details: Object.fromEntries(args.body.settings.map((s) => [s.kind, s.days])),
    });
  });
  return readRetention(args);
}

/**
 * Deletes every district's records older than its age limits: the nightly run. Each pass deletes a
 * bounded batch per table in its own transaction, so a district that first sets a limit over years
 * of records never holds one long transaction.
 */
export async function applyRetention(args: {
  db: Db;
  now?: Date;
  batch?: number;
}): Promise<Record<string, number>> {
  const tables = await allTables();
  const now = args.now ?? new Date();
  const total: Record<string, number> = {};
  for (;;) {
    const deleted = await args.db.transaction(async (tx) =>
      deleteExpiredRows({ tx, tables, settings: await allRetentionSettings(tx), now, limit: args.batch }),
    );
    for (const [table, n] of Object.entries(deleted)) total[table] = (total[table] ?? 0) + n;
    if (Object.values(deleted).every((n) => n === 0)) return total;
  }
}
