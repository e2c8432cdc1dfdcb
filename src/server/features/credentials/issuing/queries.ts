/** The SQL of issuing, verifying and revoking awards. */
import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { EvidenceAnswer, EvidencePrompt } from '#server/db/schema.ts';
import { issuerDid } from './did.ts';
import type { AchievementFacts, AlignedCompetency } from './open-badge.ts';

export type IssuableRow = {
  credential_id: string;
  kind: 'micro' | 'stack';
  status: 'draft' | 'published' | 'retired';
  issuer_org_id: string;
  issuer_name: string;
  version: number;
  title: string;
  description: string;
  criteria: string;
  image_key: string | null;
  competency_ids: string[];
  evidence_prompts: EvidencePrompt[];
  valid_for_days: number | null;
};

/** A credential version with its issuer, or null. */
export async function findIssuable(
  tx: Tx,
  credentialId: string,
  version: number,
): Promise<IssuableRow | null> {
  const { rows } = await tx.execute<IssuableRow>(sql`
    select mc.id as credential_id, mc.kind, mc.status, mc.issuer_org_id, o.name as issuer_name, v.version,
           v.title, v.description, v.criteria, v.image_key, v.competency_ids, v.evidence_prompts, v.valid_for_days
      from micro_credentials mc
      join micro_credential_versions v on v.credential_id = mc.id and v.version = ${version}
      join organizations o on o.id = mc.issuer_org_id
     where mc.id = ${credentialId}`);
  return rows[0] ?? null;
}

/** The competencies with these ids, with their frameworks, in the order given. */
export async function alignedCompetencies(tx: Tx, ids: string[]): Promise<AlignedCompetency[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<{
    id: string;
    code: string;
    statement: string;
    description: string;
    case_uri: string | null;
    framework_title: string;
  }>(sql`
    select c.id, c.code, c.statement, c.description, c.case_uri, f.title as framework_title
      from unnest(${sql.param(ids)}::uuid[]) with ordinality as want(id, ord)
      join competencies c on c.id = want.id
      join competency_frameworks f on f.id = c.framework_id
     order by want.ord`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    statement: r.statement,
    description: r.description,
    caseUri: r.case_uri,
    frameworkTitle: r.framework_title,
  }));
}

/** What the OB 3.0 Achievement of an issuable version is built from, its competencies read in `tx`. */
export async function achievementFacts(
  tx: Tx,
  row: IssuableRow,
  publicUrl: string,
): Promise<AchievementFacts> {
  return {
    credentialId: row.credential_id,
    kind: row.kind,
    version: row.version,
    title: row.title,
    description: row.description,
    criteria: row.criteria,
    hasImage: row.image_key !== null,
    competencies: await alignedCompetencies(tx, row.competency_ids),
    issuer: { did: issuerDid(publicUrl, row.issuer_org_id), name: row.issuer_name },
  };
}

export type RecipientRow = {
  id: string;
  email: string;
  name: string;
  district_id: string;
  /** The school their profile names, under which their earning is recorded. */
  school_id: string | null;
};

/** The people with these ids who do not yet hold an unrevoked award of the credential. */
export async function recipientsWithout(
  tx: Tx,
  credentialId: string,
  ids: string[],
): Promise<RecipientRow[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<RecipientRow>(sql`
    select u.id, u.email, u.name, u.district_id, p.school_id
      from users u
      left join profiles p on p.user_id = u.id
     where u.id = any(${sql.param(ids)}::uuid[])
       and not exists (select 1 from awards a
                        where a.credential_id = ${credentialId} and a.recipient_id = u.id and a.revoked_at is null)
     order by u.id`);
  return rows;
}

export async function submissionEvidence(tx: Tx, submissionId: string): Promise<EvidenceAnswer[]> {
  const { rows } = await tx.execute<{ evidence: EvidenceAnswer[] }>(
    sql`select evidence from submissions where id = ${submissionId}`,
  );
  return rows[0]?.evidence ?? [];
}

export interface AwardInsert {
  id: string;
  credentialId: string;
  version: number;
  recipientId: string;
  submissionId: string | null;
  issuerOrgId: string;
  issuedBy: string | null;
  statusListId: string;
  statusIndex: number;
  document: Record<string, unknown>;
  issuedAt: Date;
  expiresAt: Date | null;
}

/**
 * Records awards in one statement; returns the ids written. A person who already holds an unrevoked
 * award of the credential (a concurrent award won) is skipped, and nothing is written for them.
 */
export async function insertAwards(tx: Tx, awards: AwardInsert[]): Promise<Set<string>> {
  if (!awards.length) return new Set();
  const rows = awards.map((a) => ({
    id: a.id,
    credential_id: a.credentialId,
    version: a.version,
    recipient_id: a.recipientId,
    submission_id: a.submissionId,
    issuer_org_id: a.issuerOrgId,
    issued_by: a.issuedBy,
    status_list_id: a.statusListId,
    status_index: a.statusIndex,
    document: a.document,
    issued_at: a.issuedAt.toISOString(),
    expires_at: a.expiresAt?.toISOString() ?? null,
  }));
  const { rows: inserted } = await tx.execute<{ id: string }>(sql`
    insert into awards (id, credential_id, version, recipient_id, submission_id, issuer_org_id, issued_by,
                        status_list_id, status_index, document, issued_at, expires_at)
    select a.id, a.credential_id, a.version, a.recipient_id, a.submission_id, a.issuer_org_id, a.issued_by,
           a.status_list_id, a.status_index, a.document, a.issued_at, a.expires_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as a(
             id uuid, credential_id uuid, version integer, recipient_id uuid, submission_id uuid,
             issuer_org_id uuid, issued_by uuid, status_list_id uuid, status_index integer, document jsonb,
             issued_at timestamptz, expires_at timestamptz)
    on conflict (credential_id, recipient_id) where revoked_at is null do nothing
    returning id`);
  return new Set(inserted.map((r) => r.id));
}

/** Published stacks that include the credential, at their current version. */
export async function stacksContaining(
  tx: Tx,
  credentialId: string,
): Promise<Array<{ id: string; current_version: number }>> {
  const { rows } = await tx.execute<{ id: string; current_version: number }>(sql`
    select s.id, s.current_version
      from stack_members sm join micro_credentials s on s.id = sm.stack_id
     where sm.credential_id = ${credentialId} and s.kind = 'stack' and s.status = 'published'
     order by s.id`);
  return rows;
}

/** Of these people, those who hold an unrevoked award of every member of the stack. */
export async function completersOfStack(tx: Tx, stackId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<{ id: string }>(sql`
    select u.id from unnest(${sql.param(ids)}::uuid[]) as u(id)
     where exists (select 1 from stack_members sm where sm.stack_id = ${stackId})
       and not exists (
         select 1 from stack_members sm
          where sm.stack_id = ${stackId}
            and not exists (select 1 from awards a
                             where a.credential_id = sm.credential_id and a.recipient_id = u.id
                               and a.revoked_at is null))`);
  return rows.map((r) => r.id);
}
