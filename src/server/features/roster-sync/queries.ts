import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { rosterAbsences, rosterSources, rosterSyncRuns, users } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { Role } from '#shared/contracts/session.ts';

export type SourceRow = typeof rosterSources.$inferSelect;
export type RunRow = typeof rosterSyncRuns.$inferSelect;

export async function findSource(db: Db | Tx, districtId: string, lock = false): Promise<SourceRow | null> {
  const query = db.select().from(rosterSources).where(eq(rosterSources.districtId, districtId));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findSourceById(db: Db | Tx, id: string): Promise<SourceRow | null> {
  const [row] = await db.select().from(rosterSources).where(eq(rosterSources.id, id));
  return row ?? null;
}

/** A run of the district with the name of who asked for it; null for another district's id. */
export async function findRun(db: Db | Tx, districtId: string, id: string, lock = false) {
  const query = db
    .select({ run: rosterSyncRuns, requesterName: users.name })
    .from(rosterSyncRuns)
    .leftJoin(users, eq(users.id, rosterSyncRuns.requestedBy))
    .where(and(eq(rosterSyncRuns.id, id), eq(rosterSyncRuns.districtId, districtId)));
  const [row] = lock ? await query.for('update', { of: rosterSyncRuns }) : await query;
  return row ?? null;
}

/** The district's runs, newest first (ids are UUIDv7, so the id is the cursor). */
export async function listRuns(db: Db, districtId: string, cursor: string | undefined, limit: number) {
  return db
    .select({
      run: {
        id: rosterSyncRuns.id,
        kind: rosterSyncRuns.kind,
        trigger: rosterSyncRuns.trigger,
        mode: rosterSyncRuns.mode,
        status: rosterSyncRuns.status,
        requestedBy: rosterSyncRuns.requestedBy,
        createdAt: rosterSyncRuns.createdAt,
        startedAt: rosterSyncRuns.startedAt,
        finishedAt: rosterSyncRuns.finishedAt,
        counts: rosterSyncRuns.counts,
        error: rosterSyncRuns.error,
      },
      requesterName: users.name,
    })
    .from(rosterSyncRuns)
    .leftJoin(users, eq(users.id, rosterSyncRuns.requestedBy))
    .where(and(eq(rosterSyncRuns.districtId, districtId), cursor ? lt(rosterSyncRuns.id, cursor) : undefined))
    .orderBy(desc(rosterSyncRuns.id))
    .limit(limit + 1);
}

export async function hasPreview(tx: Tx, sourceId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    select 1 from roster_sync_runs where source_id = ${sourceId} and status = 'previewed' limit 1`);
  return rows.length > 0;
}

/** Whom a run acts for, as a signed-in actor would be: null unless an active admin of the district. */
export async function loadAdminActor(tx: Tx, userId: string, districtId: string): Promise<Actor | null> {
  const { rows } = await tx.execute<{
    id: string;
    name: string;
    email: string;
    school_id: string | null;
    school_ids: string[];
    roles: Role[];
    network_ids: string[];
  }>(sql`
    select u.id, u.name, u.email,
           (select p.school_id from profiles p where p.user_id = u.id) as school_id,
           array(select m.organization_id from memberships m join organizations so on so.id = m.organization_id
                  where m.user_id = u.id and so.kind = 'school' and so.district_id = u.district_id) as school_ids,
           coalesce((select array_agg(m.role) from memberships m
                      where m.user_id = u.id and m.organization_id = u.district_id), '{}') as roles,
           coalesce((select array_agg(nd.network_id) from network_districts nd
                      where nd.district_id = u.district_id), '{}') as network_ids
      from users u
     where u.id = ${userId} and u.district_id = ${districtId} and u.status = 'active'`);
  const row = rows[0];
  if (!row?.roles.includes('district_admin')) return null;
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    districtId,
    schoolId: row.school_id,
    schoolIds:
      row.school_id && !row.school_ids.includes(row.school_id)
        ? [row.school_id, ...row.school_ids]
        : row.school_ids,
    roles: row.roles,
    networkIds: row.network_ids,
    networkAdminOf: [],
    // A background run has no session of its own.
    sessionId: '',
    csrfToken: '',
  };
}

export async function countActiveStaff(tx: Tx, districtId: string): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from users where district_id = ${districtId} and status = 'active'`);
  return rows[0]?.n ?? 0;
}

export async function listAbsences(tx: Tx, districtId: string) {
  return tx
    .select({
      userId: rosterAbsences.userId,
      since: rosterAbsences.since,
      name: users.name,
      email: users.email,
      sourcedId: users.sourcedId,
      status: users.status,
    })
    .from(rosterAbsences)
    .innerJoin(users, eq(users.id, rosterAbsences.userId))
    .where(eq(rosterAbsences.districtId, districtId));
}

/** Starts the grace clock of people who left (an earlier start is kept) and stops it for those back. */
export async function recordAbsences(
  tx: Tx,
  districtId: string,
  started: Map<string, Date>,
  ended: string[],
): Promise<void> {
  const rows = [...started].map(([userId, since]) => ({ userId, districtId, since }));
  for (let i = 0; i < rows.length; i += 1000)
    await tx
      .insert(rosterAbsences)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  for (let i = 0; i < ended.length; i += 1000)
    await tx
      .delete(rosterAbsences)
      .where(
        and(
          eq(rosterAbsences.districtId, districtId),
          inArray(rosterAbsences.userId, ended.slice(i, i + 1000)),
        ),
      );
  // Someone deactivated (by this run or by hand) is no longer waited for.
  await tx.execute(sql`
    delete from roster_absences a using users u
     where a.user_id = u.id and a.district_id = ${districtId} and u.status <> 'active'`);
}

/** Sources that sync each night and have no run queued or under way. */
export async function listSourcesDue(db: Db) {
  const { rows } = await db.execute<{ id: string; district_id: string; connected_by: string | null }>(sql`
    select s.id, s.district_id, s.connected_by from roster_sources s
     where s.syncing_since is not null
       and not exists (select 1 from roster_sync_runs r
                        where r.district_id = s.district_id and r.status in ('queued', 'running'))`);
  return rows;
}
