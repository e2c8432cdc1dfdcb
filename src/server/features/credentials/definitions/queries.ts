/**
 * All SQL of micro-credential and stack definitions. Lists apply the credentials policy
 * (policy.ts) in SQL, so a credential the viewer may not see never leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { EvidencePrompt, Rubric } from '#server/db/schema.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CredentialKind, CredentialStatus } from '#shared/contracts/micro-credentials.ts';
import { visibleCredentialSql } from '../policy.ts';

export type CredentialRow = {
  id: string;
  kind: CredentialKind;
  status: CredentialStatus;
  issuer_org_id: string;
  issuer_name: string;
  issuer_kind: 'district' | 'network';
  created_by: string;
  current_version: number;
  title: string;
  summary: string;
  image_key: string | null;
  competency_ids: string[];
  earned_count: number;
  assessor_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  /** updated_at as PostgreSQL prints it (microseconds kept), for cursors. */
  updated_key: string;
};

const credentialColumns = sql`
  mc.id, mc.kind, mc.status, mc.issuer_org_id, o.name as issuer_name, o.kind as issuer_kind, mc.created_by,
  mc.current_version, mc.title, mc.summary, v.image_key, v.competency_ids,
  (select count(*)::int from awards a where a.credential_id = mc.id and a.revoked_at is null) as earned_count,
  (select count(*)::int from micro_credential_assessors ma where ma.credential_id = mc.id) as assessor_count,
  mc.created_at, mc.updated_at, mc.updated_at::text as updated_key`;

const credentialFrom = sql`
  micro_credentials mc
  join organizations o on o.id = mc.issuer_org_id
  join micro_credential_versions v on v.credential_id = mc.id and v.version = mc.current_version`;

/**
 * SQL: the viewer may read this credential's definition: it is visible to them (policy.ts), or they
 * assess it, or they have a submission for it (so a retired credential's earners and reviewers still
 * see what they are judged against).
 */
export const readableCredentialSql = (actor: Actor): SQL => sql`(${visibleCredentialSql(actor)}
  or exists (select 1 from micro_credential_assessors ra where ra.credential_id = mc.id and ra.user_id = ${actor.userId})
  or exists (select 1 from submissions rs join submission_members rm on rm.submission_id = rs.id
              where rs.credential_id = mc.id and rm.user_id = ${actor.userId}))`;

/** The credential if the viewer may read it; with `lock`, locked until the transaction ends. */
export async function findReadableCredential(
  tx: Tx,
  actor: Actor,
  credentialId: string,
  lock = false,
): Promise<CredentialRow | null> {
  const { rows } = await tx.execute<CredentialRow>(sql`
    select ${credentialColumns} from ${credentialFrom}
     where mc.id = ${credentialId} and ${readableCredentialSql(actor)}
     ${lock ? sql`for no key update of mc` : sql``}`);
  return rows[0] ?? null;
}

/** Credentials the viewer may see, most recently changed first, keyset-paged; one more than `limit`. */
export async function searchCredentials(
  tx: Tx,
  actor: Actor,
  args: {
    q?: string;
    issuerOrgId?: string;
    competencyId?: string;
    kind?: CredentialKind;
    status?: CredentialStatus;
    after?: { at: string; id: string };
    limit: number;
  },
): Promise<CredentialRow[]> {
  const filters: SQL[] = [visibleCredentialSql(actor)];
  if (args.q) filters.push(sql`mc.search_vector @@ websearch_to_tsquery('english', ${args.q})`);
  if (args.issuerOrgId) filters.push(sql`mc.issuer_org_id = ${args.issuerOrgId}`);
  if (args.competencyId) filters.push(sql`${args.competencyId}::uuid = any(v.competency_ids)`);
  if (args.kind) filters.push(sql`mc.kind = ${args.kind}`);
  if (args.status) filters.push(sql`mc.status = ${args.status}`);
  if (args.after)
    filters.push(sql`(mc.updated_at, mc.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)`);
  const { rows } = await tx.execute<CredentialRow>(sql`
    select ${credentialColumns} from ${credentialFrom}
     where ${sql.join(filters, sql` and `)}
     order by mc.updated_at desc, mc.id desc
     limit ${args.limit + 1}`);
  return rows;
}

export type CompetencyRow = {
  id: string;
  code: string;
  statement: string;
  framework_id: string;
  framework_title: string;
};

/** The competencies with these ids and their frameworks, in the order given. */
export async function findCompetencies(tx: Tx, ids: string[]): Promise<CompetencyRow[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<CompetencyRow>(sql`
    select c.id, c.code, c.statement, f.id as framework_id, f.title as framework_title
      from unnest(${sql.param(ids)}::uuid[]) with ordinality as want(id, ord)
      join competencies c on c.id = want.id
      join competency_frameworks f on f.id = c.framework_id
     order by want.ord`);
  return rows;
}

export type VersionRow = {
  credential_id: string;
  version: number;
  title: string;
  description: string;
  criteria: string;
  image_key: string | null;
  image_type: string | null;
  competency_ids: string[];
  evidence_prompts: EvidencePrompt[];
  rubric: Rubric | null;
  max_team_size: number;
  second_assessor: boolean;
  valid_for_days: number | null;
  created_at: Date | string;
};

export async function findVersion(tx: Tx, credentialId: string, version: number): Promise<VersionRow | null> {
  const { rows } = await tx.execute<VersionRow>(sql`
    select credential_id, version, title, description, criteria, image_key, image_type, competency_ids,
           evidence_prompts, rubric, max_team_size, second_assessor, valid_for_days, created_at
      from micro_credential_versions where credential_id = ${credentialId} and version = ${version}`);
  return rows[0] ?? null;
}

/** Every version, newest first. */
export async function listVersions(tx: Tx, credentialId: string) {
  const { rows } = await tx.execute<{ version: number; title: string; created_at: Date | string }>(sql`
    select version, title, created_at from micro_credential_versions
     where credential_id = ${credentialId} order by version desc`);
  return rows;
}

export async function listAssessors(tx: Tx, credentialId: string) {
  const { rows } = await tx.execute<{ id: string; name: string; lead: boolean }>(sql`
    select u.id, u.name, ma.lead from micro_credential_assessors ma join users u on u.id = ma.user_id
     where ma.credential_id = ${credentialId} order by ma.lead desc, u.name, u.id`);
  return rows;
}

/** A stack's members the viewer may see, in order. */
export async function listStackMembers(tx: Tx, actor: Actor, stackId: string) {
  const { rows } = await tx.execute<{ id: string; title: string; status: CredentialStatus }>(sql`
    select mc.id, mc.title, mc.status from stack_members sm join micro_credentials mc on mc.id = sm.credential_id
     where sm.stack_id = ${stackId} and ${visibleCredentialSql(actor)}
     order by sm.position`);
  return rows;
}

/** The stacks holding this credential that the viewer may see. */
export async function listParentStacks(tx: Tx, actor: Actor, credentialId: string) {
  const { rows } = await tx.execute<{ id: string; title: string }>(sql`
    select mc.id, mc.title from stack_members sm join micro_credentials mc on mc.id = sm.stack_id
     where sm.credential_id = ${credentialId} and ${visibleCredentialSql(actor)}
     order by mc.title, mc.id`);
  return rows;
}

/** Ids of every credential of a stack, in order, whatever their status. */
export async function stackMemberIds(tx: Tx, stackId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ credential_id: string }>(sql`
    select credential_id from stack_members where stack_id = ${stackId} order by position`);
  return rows.map((r) => r.credential_id);
}

export async function isAssessorOf(tx: Tx, credentialId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    select 1 from micro_credential_assessors where credential_id = ${credentialId} and user_id = ${userId}`);
  return rows.length > 0;
}

/** Whether anyone has started on, or been awarded, this version: then it must stay as it is. */
export async function versionInUse(tx: Tx, credentialId: string, version: number): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    select 1 where exists (select 1 from submissions where credential_id = ${credentialId} and version = ${version})
       or exists (select 1 from awards where credential_id = ${credentialId} and version = ${version})`);
  return rows.length > 0;
}

/** A district or network that may issue credentials, or null. */
export async function findIssuerOrg(tx: Tx, orgId: string) {
  const { rows } = await tx.execute<{ id: string; name: string; kind: 'district' | 'network' }>(sql`
    select id, name, kind from organizations
     where id = ${orgId} and kind in ('district', 'network') and archived_at is null`);
  return rows[0] ?? null;
}

/** Organizations whose frameworks an issuer may align to: a district and its networks; a network itself. */
const issuerFrameworkOwnersSql = (issuerOrgId: string) => sql`(
  select ${issuerOrgId}::uuid
  union select nd.network_id from network_districts nd where nd.district_id = ${issuerOrgId})`;

/** Of these competencies, those in frameworks the issuer may align to. */
export async function competenciesVisibleToIssuer(tx: Tx, issuerOrgId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from competencies c join competency_frameworks f on f.id = c.framework_id
     where c.id = any(${sql.param(ids)}::uuid[]) and f.owner_org_id in ${issuerFrameworkOwnersSql(issuerOrgId)}`);
  return new Set(rows.map((r) => r.id));
}

/** Of these people, those active in the issuer's scope: its own staff, or a member district's. */
export async function activePeopleInIssuerScope(tx: Tx, issuerOrgId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select u.id from users u
     where u.id = any(${sql.param(ids)}::uuid[]) and u.status = 'active'
       and (u.district_id = ${issuerOrgId}
            or u.district_id in (select nd.district_id from network_districts nd where nd.network_id = ${issuerOrgId}))`);
  return new Set(rows.map((r) => r.id));
}

/** Credentials that might become members of a stack, with what decides whether they may. */
export async function findStackCandidates(tx: Tx, ids: string[]) {
  if (!ids.length) return new Map<string, { issuer_org_id: string; kind: CredentialKind }>();
  const { rows } = await tx.execute<{ id: string; issuer_org_id: string; kind: CredentialKind }>(sql`
    select id, issuer_org_id, kind from micro_credentials where id = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The statuses of these credentials. */
export async function credentialStatuses(tx: Tx, ids: string[]) {
  if (!ids.length) return new Map<string, CredentialStatus>();
  const { rows } = await tx.execute<{ id: string; status: CredentialStatus }>(sql`
    select id, status from micro_credentials where id = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.status]));
}

export async function insertCredential(
  tx: Tx,
  c: {
    id: string;
    kind: CredentialKind;
    issuerOrgId: string;
    createdBy: string;
    title: string;
    summary: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into micro_credentials (id, kind, issuer_org_id, created_by, status, current_version, title, summary)
    values (${c.id}, ${c.kind}, ${c.issuerOrgId}, ${c.createdBy}, 'draft', 1, ${c.title}, ${c.summary})`);
}

/** The versioned fields of a definition, as written to a version row. */
export interface VersionFields {
  title: string;
  description: string;
  criteria: string;
  imageKey: string | null;
  imageType: string | null;
  competencyIds: string[];
  evidencePrompts: EvidencePrompt[];
  rubric: Rubric | null;
  maxTeamSize: number;
  secondAssessor: boolean;
  validForDays: number | null;
}

export const versionFieldsOf = (row: VersionRow): VersionFields => ({
  title: row.title,
  description: row.description,
  criteria: row.criteria,
  imageKey: row.image_key,
  imageType: row.image_type,
  competencyIds: row.competency_ids,
  evidencePrompts: row.evidence_prompts,
  rubric: row.rubric,
  maxTeamSize: row.max_team_size,
  secondAssessor: row.second_assessor,
  validForDays: row.valid_for_days,
});

export async function insertVersion(
  tx: Tx,
  credentialId: string,
  version: number,
  createdBy: string,
  f: VersionFields,
): Promise<void> {
  await tx.execute(sql`
    insert into micro_credential_versions (credential_id, version, title, description, criteria, image_key,
      image_type, competency_ids, evidence_prompts, rubric, max_team_size, second_assessor, valid_for_days,
      created_by)
    values (${credentialId}, ${version}, ${f.title}, ${f.description}, ${f.criteria}, ${f.imageKey},
      ${f.imageType}, ${sql.param(f.competencyIds)}::uuid[], ${JSON.stringify(f.evidencePrompts)}::jsonb,
      ${f.rubric === null ? null : JSON.stringify(f.rubric)}::jsonb, ${f.maxTeamSize}, ${f.secondAssessor},
      ${f.validForDays}, ${createdBy})`);
}

/** Rewrites a version no one has started on or been awarded. */
export async function updateVersion(
  tx: Tx,
  credentialId: string,
  version: number,
  f: VersionFields,
): Promise<void> {
  await tx.execute(sql`
    update micro_credential_versions
       set title = ${f.title}, description = ${f.description}, criteria = ${f.criteria},
           image_key = ${f.imageKey}, image_type = ${f.imageType},
           competency_ids = ${sql.param(f.competencyIds)}::uuid[],
           evidence_prompts = ${JSON.stringify(f.evidencePrompts)}::jsonb,
           rubric = ${f.rubric === null ? null : JSON.stringify(f.rubric)}::jsonb,
           max_team_size = ${f.maxTeamSize}, second_assessor = ${f.secondAssessor},
           valid_for_days = ${f.validForDays}
     where credential_id = ${credentialId} and version = ${version}`);
}

/** Keeps the credential's row (for lists and search) in step with its current version. */
export async function updateCredentialHead(
  tx: Tx,
  credentialId: string,
  head: { title: string; summary: string; currentVersion: number },
): Promise<void> {
  await tx.execute(sql`
    update micro_credentials
       set title = ${head.title}, summary = ${head.summary}, current_version = ${head.currentVersion},
           updated_at = now()
     where id = ${credentialId}`);
}

export async function setCredentialStatus(tx: Tx, credentialId: string, status: CredentialStatus) {
  await tx.execute(sql`
    update micro_credentials set status = ${status}, updated_at = now() where id = ${credentialId}`);
}

/** Sets the credential's assessors; gives the ids of those who were assessors and no longer are. */
export async function replaceAssessors(
  tx: Tx,
  credentialId: string,
  assessors: Array<{ userId: string; lead: boolean }>,
): Promise<string[]> {
  const { rows } = await tx.execute<{ user_id: string }>(
    sql`delete from micro_credential_assessors where credential_id = ${credentialId} returning user_id`,
  );
  const kept = new Set(assessors.map((a) => a.userId));
  const removed = rows.map((r) => r.user_id).filter((id) => !kept.has(id));
  if (!assessors.length) return removed;
  await tx.execute(sql`
    insert into micro_credential_assessors (credential_id, user_id, lead)
    select ${credentialId}, a.user_id, a.lead
      from unnest(${sql.param(assessors.map((a) => a.userId))}::uuid[],
                  ${sql.param(assessors.map((a) => a.lead))}::boolean[]) as a(user_id, lead)`);
  return removed;
}

export async function replaceStackMembers(tx: Tx, stackId: string, memberIds: string[]): Promise<void> {
  await tx.execute(sql`delete from stack_members where stack_id = ${stackId}`);
  if (!memberIds.length) return;
  await tx.execute(sql`
    insert into stack_members (stack_id, credential_id, position)
    select ${stackId}, m.id, m.ord - 1 from unnest(${sql.param(memberIds)}::uuid[]) with ordinality as m(id, ord)`);
}

/** Whether any version other than this one still shows this image. */
export async function imageStillUsed(tx: Tx, imageKey: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    select 1 from micro_credential_versions where image_key = ${imageKey} limit 1`);
  return rows.length > 0;
}

/** The badge image of a version of a published or retired credential, for anyone. */
export async function findPublicImage(tx: Tx, credentialId: string, version: number) {
  const { rows } = await tx.execute<{ image_key: string; image_type: string }>(sql`
    select v.image_key, v.image_type
      from micro_credential_versions v join micro_credentials mc on mc.id = v.credential_id
     where v.credential_id = ${credentialId} and v.version = ${version}
       and mc.status in ('published', 'retired') and v.image_key is not null and v.image_type is not null`);
  return rows[0] ?? null;
}

/** The badge image of a version the viewer may read (drafts included, for their issuer's admins). */
export async function findReadableImage(tx: Tx, actor: Actor, credentialId: string, version: number) {
  const { rows } = await tx.execute<{ image_key: string; image_type: string }>(sql`
    select v.image_key, v.image_type
      from micro_credential_versions v join micro_credentials mc on mc.id = v.credential_id
     where v.credential_id = ${credentialId} and v.version = ${version} and ${readableCredentialSql(actor)}
       and v.image_key is not null and v.image_type is not null`);
  return rows[0] ?? null;
}

type IssuerOrgRow = { id: string; name: string; kind: 'district' | 'network' };

/** These organizations (districts and networks), by name. */
export async function findIssuerOrgs(tx: Tx, ids: string[]): Promise<IssuerOrgRow[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<IssuerOrgRow>(sql`
    select id, name, kind from organizations
     where id = any(${sql.param(ids)}::uuid[]) and kind in ('district', 'network') and archived_at is null
     order by kind, name, id`);
  return rows;
}

/** Competencies that credentials the viewer may see are aligned to (current versions), by code. */
export async function alignedCompetencies(tx: Tx, actor: Actor) {
  const { rows } = await tx.execute<{ id: string; code: string; statement: string }>(sql`
    select distinct c.id, c.code, c.statement
      from ${credentialFrom}
      join competencies c on c.id = any(v.competency_ids)
     where ${visibleCredentialSql(actor)}
     order by c.code, c.statement, c.id
     limit 500`);
  return rows;
}
