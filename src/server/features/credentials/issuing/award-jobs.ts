/**
 * Awarding a credential to a cohort: checked and queued at once (an award_jobs row and one job per
 * batch on the queue, in one transaction), then issued in the background, each batch in one
 * transaction that claims the batch's number and records the progress. A batch cut off by a crash
 * is retried and finds its number claimed only if it committed; issuing also skips anyone holding
 * the credential, so no one is issued it twice (decision 016).
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '#server/platform/errors.ts';
import { defineJob, enqueueMany, type JobData } from '#server/platform/jobs.ts';
import type { AwardJob, CohortAwardBody } from '#shared/contracts/awards.ts';
import { Email } from '#shared/contracts/common.ts';
import type {
  CohortPreviewBody,
  CohortPreviewResponse,
  CohortPreviewRow,
} from '#shared/contracts/credential-awards.ts';
import { canAdministerIssuer, inScopeSql, issuerOrgIds } from '../policy.ts';
import type { CredentialService } from './issuer.ts';

/**
 * People issued per batch, one job and one transaction each: progress moves every few seconds at
 * most, and a failure loses little. Each batch also pays a fixed cost (taking the job, claiming it,
 * reading the credential, its status list and stacks, recording progress), so batches of 20 held a
 * cohort of 500 under about 25 a second on a loaded machine where batches of 50 reach 40.
 */
export const AWARD_BATCH_SIZE = 50;

/** One batch of a cohort award: the recipients at `batch * batch_size` onwards, at the credential's `version`. */
export interface CohortBatch extends JobData {
  awardJobId: string;
  batch: number;
  version: number;
}

const STOPPED_MESSAGE =
  'Some people could not be awarded yet; the others keep their credentials. An administrator can retry the failed part from the jobs page.';

type JobRow = {
  id: string;
  credential_id: string;
  requested_by: string;
  recipient_ids: string[];
  status: AwardJob['status'];
  issued: number;
  skipped: number;
  batch_size: number;
  batches_failed: number[];
  error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

function presentJob(row: JobRow): AwardJob {
  const total = row.recipient_ids.length;
  return {
    id: row.id,
    credentialId: row.credential_id,
    status: row.status,
    total,
    issued: row.issued,
    skipped: row.skipped,
    failed: row.batches_failed.reduce(
      (sum, batch) => sum + Math.max(0, Math.min(row.batch_size, total - batch * row.batch_size)),
      0,
    ),
    error: row.error,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  };
}

const jobColumns = sql`id, credential_id, requested_by, recipient_ids, status, issued, skipped, batch_size,
  batches_failed, error, created_at, finished_at`;

/** SQL: the person is active and works in the issuer's scope (its district, or a district of its network). */
const inIssuerScopeSql = (issuerOrgId: string) => sql`u.status = 'active' and (u.district_id = ${issuerOrgId}
  or exists (select 1 from network_districts nd where nd.network_id = ${issuerOrgId} and nd.district_id = u.district_id))`;

/** The cohort's people, by email or id; a 400 naming every address or id not found in the issuer's scope. */
async function resolveCohort(db: Db, issuerOrgId: string, body: CohortAwardBody): Promise<string[]> {
  if (body.emails) {
    const emails = [...new Set(body.emails)];
    const { rows } = await db.execute<{ id: string; email: string }>(sql`
      select u.id, lower(u.email) as email from users u
       where lower(u.email) = any(${sql.param(emails)}::text[]) and ${inIssuerScopeSql(issuerOrgId)}`);
    const found = new Set(rows.map((r) => r.email));
    const unknown = emails.filter((e) => !found.has(e));
    if (unknown.length)
      throw new InvalidError(
        `${unknown.length} of these addresses are not active staff the issuer can award: ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}`,
        unknown.map((e) => ({
          path: `/body/emails/${body.emails!.indexOf(e)}`,
          message: `${e} is not active staff the issuer can award`,
        })),
      );
    return rows.map((r) => r.id);
  }
  const ids = [...new Set(body.recipientIds ?? [])];
  const { rows } = await db.execute<{ id: string }>(sql`
    select u.id from users u where u.id = any(${sql.param(ids)}::uuid[]) and ${inIssuerScopeSql(issuerOrgId)}`);
  const found = new Set(rows.map((r) => r.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length)
    throw new InvalidError(
      `${unknown.length} of these people are not active staff the issuer can award.`,
      unknown.map((id) => ({
        path: `/body/recipientIds/${body.recipientIds!.indexOf(id)}`,
        message: `${id} is not active staff the issuer can award`,
      })),
    );
  return ids;
}

/**
 * Queues a cohort award of a published credential (the issuer's admins only): the award and its
 * batches' jobs commit together, and any instance's workers issue them.
 */
export async function createCohortAward(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  body: CohortAwardBody;
}): Promise<AwardJob> {
  const { db, actor } = args;
  const credential = await loadAwardableCredential(db, actor, args.credentialId);
  const recipientIds = await resolveCohort(db, credential.issuer_org_id, args.body);
  return db.transaction(async (tx) => {
    // The job is the issuer's district's (a network issuer's belongs to no district: platform admins
    // see it), not the home district of whoever started it.
    const { rows: issuer } = await tx.execute<{ district_id: string | null }>(sql`
      select case o.kind when 'district' then o.id when 'school' then o.district_id end as district_id
        from organizations o where o.id = ${credential.issuer_org_id}`);
    const { rows: created } = await tx.execute<JobRow>(sql`
      insert into award_jobs (id, credential_id, requested_by, recipient_ids, batch_size)
      values (${uuidv7()}, ${credential.id}, ${actor.userId}, ${sql.param(recipientIds)}::uuid[], ${AWARD_BATCH_SIZE})
      returning ${jobColumns}`);
    await enqueueMany(
      tx,
      cohortAwardJob,
      Array.from({ length: Math.ceil(recipientIds.length / AWARD_BATCH_SIZE) }, (_, batch) => ({
        districtId: issuer[0]?.district_id ?? null,
        awardJobId: created[0].id,
        batch,
        version: credential.current_version,
      })),
    );
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'micro_credential.cohort_awarded',
      target: { type: 'micro_credential', id: credential.id },
      districtId: actor.districtId,
      details: { jobId: created[0].id, recipients: recipientIds.length },
    });
    return presentJob(created[0]);
  });
}

/**
 * What a cohort award would do, row by row, before anything is issued (the issuer's admins only):
 * which addresses would be issued, which already hold the credential, and which rows are skipped and
 * why. A row that is not active staff in the issuer's scope says only that, whatever the reason.
 */
export async function previewCohortAward(args: {
  db: Db;
  actor: Actor;
  credentialId: string;
  body: CohortPreviewBody;
}): Promise<CohortPreviewResponse['data']> {
  const { db, actor } = args;
  const credential = await loadAwardableCredential(db, actor, args.credentialId);
  const candidates = args.body.emails.map((raw) => ({ raw, email: raw.toLowerCase() }));
  const wellFormed = candidates.filter((c) => Email.safeParse(c.raw).success).map((c) => c.email);
  const { rows: people } = await db.execute<{ email: string; holds: boolean }>(sql`
    select lower(u.email) as email,
           exists (select 1 from awards a where a.credential_id = ${credential.id}
                      and a.recipient_id = u.id and a.revoked_at is null) as holds
      from users u
     where lower(u.email) = any(${sql.param([...new Set(wellFormed)])}::text[])
       and ${inIssuerScopeSql(credential.issuer_org_id)}`);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const seen = new Set<string>();
  const ready: string[] = [];
  const rows = candidates.map(({ raw, email }, index): CohortPreviewRow => {
    const row = { row: index + 1, email: raw };
    if (!Email.safeParse(raw).success)
      return { ...row, outcome: 'not_an_address', message: 'is not an email address' };
    if (seen.has(email)) return { ...row, outcome: 'repeated', message: 'is listed already' };
    seen.add(email);
    const person = byEmail.get(email);
    if (!person) return { ...row, outcome: 'not_found', message: 'is not active staff the issuer can award' };
    if (person.holds) return { ...row, outcome: 'already_holds', message: 'holds this credential already' };
    ready.push(email);
    return { ...row, outcome: 'ready', message: 'will be awarded' };
  });
  return { ready, rows };
}

/** The credential, published, for its issuer's admins (404 unseen, 403 not theirs, 409 a draft). */
async function loadAwardableCredential(db: Db, actor: Actor, credentialId: string) {
  const { rows } = await db.execute<{
    id: string;
    issuer_org_id: string;
    status: string;
    current_version: number;
  }>(sql`
    select mc.id, mc.issuer_org_id, mc.status, mc.current_version from micro_credentials mc
     where mc.id = ${credentialId}
       and ((mc.status = 'published' and ${inScopeSql(actor, sql`mc.issuer_org_id`)})
            or ${administersIssuerSql(actor)})`);
  const credential = rows[0];
  if (!credential) throw new NotFoundError('No such micro-credential.');
  if (!canAdministerIssuer(actor, credential.issuer_org_id))
    throw new ForbiddenError("Only the issuing organization's administrators may award a credential.");
  if (credential.status !== 'published')
    throw new ConflictError('Only a published credential can be awarded.');
  return credential;
}

/** SQL: the actor administers the issuer of the micro_credentials row `mc`. */
const administersIssuerSql = (actor: Actor) =>
  sql`mc.issuer_org_id = any(${sql.param(issuerOrgIds(actor))}::uuid[])`;

/** A job's progress, for whoever asked for it and the issuer's admins. */
export async function getAwardJob(args: { db: Db; actor: Actor; jobId: string }): Promise<AwardJob> {
  const { rows } = await args.db.execute<JobRow & { issuer_org_id: string }>(sql`
    select j.id, j.credential_id, j.requested_by, j.recipient_ids, j.status, j.issued, j.skipped,
           j.batch_size, j.batches_failed, j.error, j.created_at, j.finished_at, mc.issuer_org_id
      from award_jobs j join micro_credentials mc on mc.id = j.credential_id where j.id = ${args.jobId}`);
  const job = rows[0];
  if (!job || (job.requested_by !== args.actor.userId && !canAdministerIssuer(args.actor, job.issuer_org_id)))
    throw new NotFoundError('No such award job.');
  return presentJob(job);
}

/** SQL: how many batches the award_jobs row has. */
const batchCount = sql`((cardinality(recipient_ids) + batch_size - 1) / batch_size)`;

/**
 * Issues one batch of a cohort award, in one transaction: claims the batch's number (a second
 * attempt waits on the row, then finds it claimed and does nothing), issues at the version the
 * award was queued at (skipping people who hold the credential), and moves the award's progress.
 */
export async function issueCohortBatch(args: {
  db: Db;
  issuer: CredentialService;
  batch: CohortBatch;
}): Promise<void> {
  const { awardJobId, batch, version } = args.batch;
  await args.db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      credential_id: string;
      requested_by: string;
      recipient_ids: string[];
      batch_size: number;
    }>(sql`
      update award_jobs set batches_done = array_append(batches_done, ${batch}), status = 'running'
       where id = ${awardJobId} and not (${batch} = any(batches_done))
      returning credential_id, requested_by, recipient_ids, batch_size`);
    const job = rows[0];
    if (!job) return;
    const recipients = job.recipient_ids.slice(batch * job.batch_size, (batch + 1) * job.batch_size);
    const issued = await args.issuer.issue(tx, {
      credentialId: job.credential_id,
      version,
      recipientIds: recipients,
      submissionId: null,
      issuedBy: job.requested_by,
    });
    const count = issued.filter((i) => i.credentialId === job.credential_id).length;
    await tx.execute(sql`
      update award_jobs
         set issued = issued + ${count}, skipped = skipped + ${recipients.length - count},
             batches_failed = array_remove(batches_failed, ${batch}),
             status = case when cardinality(batches_done) = ${batchCount} then 'done'
                           when cardinality(batches_done) + cardinality(array_remove(batches_failed, ${batch})) = ${batchCount}
                             then 'failed'
                           else 'running' end,
             error = case when cardinality(array_remove(batches_failed, ${batch})) = 0 then null else error end,
             finished_at = case when cardinality(batches_done) + cardinality(array_remove(batches_failed, ${batch})) = ${batchCount}
                             then now() end
       where id = ${awardJobId}`);
  });
}

/** After a batch's last attempt failed: its people are counted as not awarded, and the award says so. */
export async function recordFailedCohortBatch(db: Db, { awardJobId, batch }: CohortBatch): Promise<void> {
  await db.execute(sql`
    update award_jobs
       set batches_failed = array_append(batches_failed, ${batch}), error = ${STOPPED_MESSAGE},
           status = case when cardinality(batches_done) + cardinality(batches_failed) + 1 = ${batchCount}
                           then 'failed' else status end,
           finished_at = case when cardinality(batches_done) + cardinality(batches_failed) + 1 = ${batchCount}
                           then now() end
     where id = ${awardJobId} and not (${batch} = any(batches_done)) and not (${batch} = any(batches_failed))`);
}

/** A cohort award's batches on the job queue. */
export const cohortAwardJob = defineJob<CohortBatch>({
  name: 'credentials.cohort-award',
  title: 'Cohort award',
  // One batch signs a few dozen credentials in seconds; a batch still running after a minute was cut off.
  expireInSeconds: 60,
  // A batch cut off by a crash is retried within seconds of being found.
  retryDelaySeconds: 2,
  work: (job, app: FastifyInstance) =>
    issueCohortBatch({ db: app.db, issuer: app.credentialIssuer, batch: job.data }),
  failed: (job, app: FastifyInstance) => recordFailedCohortBatch(app.db, job.data),
});
