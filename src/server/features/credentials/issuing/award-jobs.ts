/**
 * Awarding a credential to a cohort: checked and queued at once (an award_jobs row), then issued in
 * the background in batches, each batch one transaction that also records the job's progress.
 * Issuing skips people who already hold the credential, so a job can safely run again.
 */
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '#server/platform/errors.ts';
import type { AwardJob, CohortAwardBody } from '#shared/contracts/awards.ts';
import { Email } from '#shared/contracts/common.ts';
import type {
  CohortPreviewBody,
  CohortPreviewResponse,
  CohortPreviewRow,
} from '#shared/contracts/credential-awards.ts';
import { canAdministerIssuer, inScopeSql, issuerOrgIds } from '../policy.ts';
import type { CredentialService } from './issuer.ts';

/** People issued per transaction: progress moves often, and a failure loses little. */
export const AWARD_BATCH_SIZE = 50;

type JobRow = {
  id: string;
  credential_id: string;
  requested_by: string;
  recipient_ids: string[];
  status: AwardJob['status'];
  issued: number;
  skipped: number;
  error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

function presentJob(row: JobRow): AwardJob {
  return {
    id: row.id,
    credentialId: row.credential_id,
    status: row.status,
    total: row.recipient_ids.length,
    issued: row.issued,
    skipped: row.skipped,
    error: row.error,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  };
}

const jobColumns = sql`id, credential_id, requested_by, recipient_ids, status, issued, skipped, error, created_at, finished_at`;

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
 * Queues a cohort award of a published credential (the issuer's admins only). The caller starts
 * the job with `runAwardJob` once this returns.
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
    const { rows: created } = await tx.execute<JobRow>(sql`
      insert into award_jobs (id, credential_id, requested_by, recipient_ids)
      values (${uuidv7()}, ${credential.id}, ${actor.userId}, ${sql.param(recipientIds)}::uuid[])
      returning ${jobColumns}`);
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
  const { rows } = await db.execute<{ id: string; issuer_org_id: string; status: string }>(sql`
    select mc.id, mc.issuer_org_id, mc.status from micro_credentials mc
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
    select j.id, j.credential_id, j.requested_by, j.recipient_ids, j.status, j.issued, j.skipped, j.error,
           j.created_at, j.finished_at, mc.issuer_org_id
      from award_jobs j join micro_credentials mc on mc.id = j.credential_id where j.id = ${args.jobId}`);
  const job = rows[0];
  if (!job || (job.requested_by !== args.actor.userId && !canAdministerIssuer(args.actor, job.issuer_org_id)))
    throw new NotFoundError('No such award job.');
  return presentJob(job);
}

/**
 * Runs a queued job to the end: claims it (so it runs once), then issues batch by batch at the
 * credential's current version, counting people issued and people skipped (already holding it).
 */
export async function runAwardJob(args: {
  db: Db;
  issuer: CredentialService;
  jobId: string;
  log: FastifyBaseLogger;
}): Promise<void> {
  const { db, jobId } = args;
  const { rows } = await db.execute<JobRow & { version: number }>(sql`
    update award_jobs j set status = 'running'
      from micro_credentials mc
     where j.id = ${jobId} and j.status = 'queued' and mc.id = j.credential_id
    returning j.id, j.credential_id, j.requested_by, j.recipient_ids, j.status, j.issued, j.skipped, j.error,
              j.created_at, j.finished_at, mc.current_version as version`);
  const job = rows[0];
  if (!job) return;
  try {
    for (let start = 0; start < job.recipient_ids.length; start += AWARD_BATCH_SIZE) {
      const batch = job.recipient_ids.slice(start, start + AWARD_BATCH_SIZE);
      await db.transaction(async (tx) => {
        const issued = await args.issuer.issue(tx, {
          credentialId: job.credential_id,
          version: job.version,
          recipientIds: batch,
          submissionId: null,
          issuedBy: job.requested_by,
        });
        const count = issued.filter((i) => i.credentialId === job.credential_id).length;
        await tx.execute(sql`
          update award_jobs set issued = issued + ${count}, skipped = skipped + ${batch.length - count}
           where id = ${jobId}`);
      });
    }
    await db.execute(sql`update award_jobs set status = 'done', finished_at = now() where id = ${jobId}`);
  } catch (error) {
    args.log.error({ err: error, jobId }, 'cohort award failed');
    await db
      .execute(sql`
        update award_jobs set status = 'failed', finished_at = now(),
               error = ${'Issuing stopped part way; people already issued keep their credentials. Start the award again to finish it.'}
         where id = ${jobId}`)
      .catch(() => undefined);
  }
}
