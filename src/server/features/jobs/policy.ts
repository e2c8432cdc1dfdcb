/**
 * Who sees which background jobs, as pure functions with their SQL mirror. A job carries the
 * district it belongs to (`data.districtId`; null for the platform's own work).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Role } from '#server/db/schema.ts';

/** The part of an actor these rules read. */
export interface JobsActor {
  districtId: string;
  roles: readonly Role[];
}

/** Platform administrators see every job; district administrators their district's; no one else any. */
export function canSeeJobs(actor: JobsActor): boolean {
  return actor.roles.includes('platform_admin') || actor.roles.includes('district_admin');
}

/** Whether the actor sees a job of this district (null: the platform's own work). */
export function canSeeJob(actor: JobsActor, districtId: string | null): boolean {
  if (actor.roles.includes('platform_admin')) return true;
  return actor.roles.includes('district_admin') && districtId === actor.districtId;
}

/** A failed job may be retried by whoever sees it. */
export function canRetryJob(actor: JobsActor, job: { districtId: string | null; state: string }): boolean {
  return job.state === 'failed' && canSeeJob(actor, job.districtId);
}

/** SQL: the pgboss.job row `j` is one `canSeeJob` allows. */
export function visibleJobSql(actor: JobsActor): SQL {
  if (actor.roles.includes('platform_admin')) return sql`true`;
  if (!actor.roles.includes('district_admin')) return sql`false`;
  return sql`j.data->>'districtId' = ${actor.districtId}`;
}
