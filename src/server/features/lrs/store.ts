import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { statements } from '#server/db/schema.ts';
import { logReportedLearning, voidReportedLearning } from '#server/features/learning/index.ts';
import type { ApiClientCaller } from '#server/platform/api-clients.ts';
import { FORMER_MEMBER_EMAIL_LIKE } from '#server/platform/data-erasure.ts';
import { ConflictError } from '#server/platform/errors.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';
import {
  agentKey,
  comparable,
  mergeDefinition,
  type Obj,
  statementActivities,
  statementKeys,
} from './format.ts';
import { matchActors, type XapiActor } from './identities.ts';
import { lrsActivities, lrsAttachments } from './schema.ts';
import { badRequest } from './http.ts';
import { toInstant, VOIDED } from './validate.ts';

/**
 * Storing statements (decision 049): one transaction per request writes the statements rows, their
 * filter keys, the attachments' content, the merged Activity definitions, voiding, and the learning
 * log entries of the people the actors match. A statement id already stored in the district with the
 * same content is a no-op; with other content the whole request is a 409 and nothing changes.
 */

export interface Incoming {
  statement: Obj;
  id: string;
}

export interface AttachmentData {
  sha2: string;
  contentType: string;
  content: Buffer;
}

/**
 * The time before which every statement is committed and readable: `stored` is its transaction's
 * start, so the start of the oldest transaction still open on the database (or now).
 */
export const CONSISTENT_THROUGH = sql`least(now(), coalesce((select min(xact_start) from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()
      and backend_type = 'client backend' and xact_start is not null), now()))`;

/** The authority the LRS sets on what a client sends: the client, by its key. */
export function clientAuthority(client: ApiClientCaller): Obj {
  return {
    objectType: 'Agent',
    name: client.name,
    account: { homePage: `${statementBaseUrl()}/xapi/clients`, name: client.id },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface ExistingRow extends Record<string, unknown> {
  id: string;
  xapi_id: string;
  body: Obj;
  stored: Date;
  client_id: string | null;
  verb: string;
  ref_target: string | null;
  /** Its actor was erased (decision 058): the body names the erasure's Former member instead. */
  actor_erased?: boolean;
}

/**
 * The keys a statement inherits from the statements it targets by StatementRef, followed through
 * the chain (a targets b targets c): read from the targets' stored bodies or the batch itself.
 */
async function inheritedKeys(
  tx: Tx,
  districtId: string,
  target: string,
  batch: Map<string, Obj>,
  depth = 0,
): Promise<Set<string>> {
  if (depth > 10) return new Set();
  let body = batch.get(target);
  if (!body) {
    const { rows } = await tx.execute<{ body: Obj }>(
      sql`select body from statements where district_id = ${districtId} and xapi_id = ${target}`,
    );
    body = rows[0]?.body;
  }
  if (!body) return new Set();
  const keys = statementKeys(body);
  const object = body.object as Obj | undefined;
  if (object?.objectType === 'StatementRef' && typeof object.id === 'string')
    for (const key of await inheritedKeys(tx, districtId, object.id.toLowerCase(), batch, depth + 1))
      keys.add(key);
  return keys;
}

async function insertKeys(
  tx: Tx,
  districtId: string,
  rows: Array<{ key: string; stored: Date; statementId: string; clientId: string | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into lrs_statement_keys (district_id, key, stored, statement_id, client_id)
    select ${districtId}::uuid, k, s, i, c
      from unnest(${sql.param(rows.map((r) => r.key))}::text[], ${sql.param(rows.map((r) => r.stored.toISOString()))}::timestamptz[],
                  ${sql.param(rows.map((r) => r.statementId))}::uuid[], ${sql.param(rows.map((r) => r.clientId))}::uuid[]) as t(k, s, i, c)
    on conflict do nothing`);
}

/** The stored body without what the LRS assigned where the incoming statement left it to the LRS. */
function withoutAssigned(body: Obj, incoming: Obj): Obj {
  const copy = { ...body };
  if (incoming.timestamp === undefined) delete copy.timestamp;
  return copy;
}

/**
 * Whether an incoming statement is the one stored under its id. A statement whose actor was erased is
 * held with the Former member as its actor: the same statement sent again (a tool replaying its queue)
 * is compared without the actor and is the no-op it was before the erasure, neither a confusing 409
 * nor a new row that would bring the erased person's identifier back (decision 058).
 */
function sameStatement(before: ExistingRow, incoming: Obj): boolean {
  const sent = before.actor_erased ? { ...incoming, actor: before.body.actor } : incoming;
  return comparable(withoutAssigned(before.body, incoming)) === comparable(sent);
}

/** Stores a request's statements; answers their ids in order. Throws 409 on a conflicting id. */
export async function storeStatements(
  db: Db,
  client: ApiClientCaller,
  incoming: Incoming[],
  attachments: AttachmentData[],
): Promise<{ ids: string[]; through: Date }> {
  const districtId = client.districtId;
  return db.transaction(async (tx) => {
    const ids = incoming.map((i) => i.id);
    // One read for what this request meets: the clock, ids already stored, and statements that
    // target these (voiding statements that came first, references to pass keys on to).
    const { rows: found } = await tx.execute<ExistingRow & { now: Date; through: Date }>(sql`
      select date_trunc('milliseconds', now()) as now, ${CONSISTENT_THROUGH} as through, x.*
        from (select 1) one left join lateral (
          select s.id, s.xapi_id, s.body, s.stored, s.client_id, s.verb, s.ref_target,
                 exists (select 1 from users u where u.id = s.actor_id and u.email like ${FORMER_MEMBER_EMAIL_LIKE}) as actor_erased
            from statements s
           where s.district_id = ${districtId}
             and (s.xapi_id = any(${sql.param(ids)}::uuid[]) or s.ref_target = any(${sql.param(ids)}::uuid[]))) x on true`);
    const stored = new Date(found[0].now);
    const through = new Date(found[0].through);
    const existing = found.filter((row) => row.id && ids.includes(row.xapi_id));
    const targeting = found.filter((row) => row.id && row.ref_target && ids.includes(row.ref_target));
    const known = new Map(existing.map((row) => [row.xapi_id, row]));
    const fresh: Incoming[] = [];
    for (const item of incoming) {
      const before = known.get(item.id);
      if (!before) fresh.push(item);
      else if (!sameStatement(before, item.statement))
        throw new ConflictError(
          `A different statement with the id ${item.id} is already stored; statements cannot change.`,
        );
    }
    if (fresh.length === 0) return { ids, through };

    // Voiding: the target must not itself be a voiding statement (Data 2.3.2).
    const batch = new Map(fresh.map((item) => [item.id, item.statement]));
    const voidTargets: string[] = [];
    for (const item of fresh) {
      const verb = (item.statement.verb as Obj).id;
      if (verb !== VOIDED) continue;
      const target = String((item.statement.object as Obj).id).toLowerCase();
      const inBatch = batch.get(target);
      if (inBatch && (inBatch.verb as Obj).id === VOIDED)
        throw badRequest(
          `The statement ${item.id} voids a voiding statement, which cannot be voided.`,
          '/body',
        );
      voidTargets.push(target);
    }
    if (voidTargets.length > 0) {
      const { rows } = await tx.execute<{ xapi_id: string }>(
        sql`select xapi_id from statements where district_id = ${districtId} and xapi_id = any(${sql.param(voidTargets)}::uuid[])
             and verb = ${VOIDED}`,
      );
      if (rows.length > 0)
        throw badRequest(
          `The statement ${rows[0].xapi_id} is a voiding statement, which cannot be voided.`,
          '/body',
        );
    }

    // Statements a voiding statement stored earlier already targets arrive voided.
    const voidedOnArrival = new Set([
      ...targeting.filter((row) => row.verb === VOIDED).map((row) => row.ref_target as string),
      ...voidTargets,
    ]);

    const actors = await matchActors(
      tx,
      districtId,
      fresh.map((item) => item.statement.actor as XapiActor),
    );

    const rows = fresh.map((item, index) => {
      const statement = item.statement;
      const object = statement.object as Obj;
      const objectType = String(object.objectType ?? 'Activity');
      const context = (statement.context ?? {}) as Obj;
      const timestamp =
        typeof statement.timestamp === 'string' ? new Date(toInstant(statement.timestamp)) : stored;
      const isVoiding = (statement.verb as Obj).id === VOIDED;
      return {
        id: uuidv7(),
        actorId: actors[index],
        verb: String((statement.verb as Obj).id),
        objectType: `xapi:${objectType}`,
        objectId:
          objectType === 'Agent' || objectType === 'Group'
            ? (agentKey(object) ?? '')
            : objectType === 'SubStatement'
              ? ''
              : String(object.id),
        districtId,
        body:
          statement.timestamp === undefined ? { ...statement, timestamp: stored.toISOString() } : statement,
        timestamp: Number.isNaN(timestamp.getTime()) ? stored : timestamp,
        stored,
        xapiId: item.id,
        clientId: client.id,
        voided: !isVoiding && voidedOnArrival.has(item.id),
        registration: typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
        actorIfi: agentKey(statement.actor),
        refTarget: objectType === 'StatementRef' ? String(object.id).toLowerCase() : null,
      };
    });
    try {
      await tx.insert(statements).values(rows);
    } catch (error) {
      if (
        (error as { code?: string }).code === '23505' ||
        (error as { cause?: { code?: string } }).cause?.code === '23505'
      )
        throw new ConflictError(
          'A statement with one of these ids was stored at the same moment; send it again to compare.',
        );
      throw error;
    }

    // Filter keys: each statement's own, and those of the statements it targets.
    const keyRows: Array<{ key: string; stored: Date; statementId: string; clientId: string | null }> = [];
    const keysOf = new Map<string, Set<string>>();
    for (const row of rows) {
      const keys = statementKeys(row.body);
      if (row.refTarget)
        for (const key of await inheritedKeys(tx, districtId, row.refTarget, batch)) keys.add(key);
      keysOf.set(row.xapiId, keys);
      for (const key of keys) keyRows.push({ key, stored, statementId: row.id, clientId: client.id });
    }
    // Statements stored earlier that target these now match what these match, along the chain.
    let referring: ExistingRow[] = targeting.filter((row) => !ids.includes(row.xapi_id));
    for (let depth = 0; depth < 10 && referring.length > 0; depth++) {
      const next: string[] = [];
      for (const row of referring) {
        const inherited = keysOf.get(row.ref_target as string);
        if (!inherited) continue;
        const mine = keysOf.get(row.xapi_id) ?? new Set<string>();
        for (const key of inherited) {
          mine.add(key);
          keyRows.push({ key, stored: new Date(row.stored), statementId: row.id, clientId: row.client_id });
        }
        keysOf.set(row.xapi_id, mine);
        next.push(row.xapi_id);
      }
      if (next.length === 0) break;
      referring = (
        await tx.execute<ExistingRow>(
          sql`select id, xapi_id, body, stored, client_id, verb, ref_target from statements
               where district_id = ${districtId} and ref_target = any(${sql.param(next)}::uuid[])`,
        )
      ).rows;
    }
    await insertKeys(tx, districtId, keyRows);

    if (voidTargets.length > 0) {
      // Only statements of this district are voided, and only their learning entries with them.
      const { rows: voidedNow } = await tx.execute<{ xapi_id: string; actor_id: string | null }>(
        sql`update statements set voided = true
             where district_id = ${districtId} and xapi_id = any(${sql.param(voidTargets)}::uuid[]) and client_id is not null
               and verb <> ${VOIDED} and not voided
         returning xapi_id, actor_id`,
      );
      for (const target of voidedNow)
        if (target.actor_id) await voidReportedLearning(tx, { statementId: target.xapi_id, districtId });
    }

    // Canonical Activity definitions, merged in the order the statements came.
    const definitions = new Map<string, { id: string; definition: Obj }>();
    for (const row of rows)
      for (const activity of statementActivities(row.body)) {
        if (!activity.definition || Object.keys(activity.definition).length === 0) continue;
        const hash = sha256(activity.id);
        const before = definitions.get(hash);
        definitions.set(hash, {
          id: activity.id,
          definition: before ? mergeDefinition(before.definition, activity.definition) : activity.definition,
        });
      }
    if (definitions.size > 0) {
      const hashes = [...definitions.keys()];
      const { rows: current } = await tx.execute<{ id_hash: string; definition: Obj }>(
        sql`select id_hash, definition from lrs_activities where district_id = ${districtId} and id_hash = any(${sql.param(hashes)}::text[]) for update`,
      );
      const now = new Map(current.map((r) => [r.id_hash, r.definition]));
      const values = hashes.map((hash) => {
        const { id, definition } = definitions.get(hash)!;
        const before = now.get(hash);
        return {
          districtId,
          idHash: hash,
          activityId: id,
          definition: before ? mergeDefinition(before, definition) : definition,
          updatedAt: stored,
        };
      });
      await tx
        .insert(lrsActivities)
        .values(values)
        .onConflictDoUpdate({
          target: [lrsActivities.districtId, lrsActivities.idHash],
          set: { definition: sql`excluded.definition`, updatedAt: sql`excluded.updated_at` },
        });
    }

    if (attachments.length > 0)
      await tx
        .insert(lrsAttachments)
        .values(
          attachments.map((a) => ({
            districtId,
            sha2: a.sha2.toLowerCase(),
            contentType: a.contentType,
            length: a.content.length,
            content: a.content,
          })),
        )
        .onConflictDoNothing();

    // The learning log of each person an actor matched (a voided statement logs nothing).
    for (const row of rows) {
      if (!row.actorId || row.voided || row.verb === VOIDED) continue;
      await logReportedLearning(tx, {
        statementId: row.xapiId,
        userId: row.actorId,
        districtId,
        statement: { ...row.body, stored: stored.toISOString() },
        provider: client.name,
      });
    }
    return { ids, through };
  });
}

/** A stored statement's body as the LRS returns it: its own, with `stored` (and for Trellis's, id and authority). */
export function returnedStatement(row: {
  id: string;
  xapi_id: string | null;
  body: Obj;
  stored: Date | string;
}): Obj {
  const stored = new Date(row.stored).toISOString();
  if (row.xapi_id) return { ...row.body, stored };
  const body = row.body;
  return {
    id: row.id,
    ...body,
    stored,
    authority: {
      objectType: 'Agent',
      name: 'Trellis',
      account: { homePage: statementBaseUrl(), name: 'trellis' },
    },
  };
}

export type { SQL };
