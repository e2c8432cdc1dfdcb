import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import type { HoldingView } from '#shared/contracts/pathways.ts';
import { type OpportunityFacts, ladderOpenToSql, leadershipScopeSql } from './policy.ts';
import { type RequirementFacts, requirementFactsSql, requirementMetSql } from './requirements.ts';

type Exec = Pick<Tx, 'execute'>;

/** A row of a person's pathway page: a role of a ladder open to them with one requirement's facts (or none). */
export type LadderRow = Partial<RequirementFacts> & {
  ladder_id: string;
  ladder_title: string;
  ladder_description: string;
  owner_org_id: string;
  owner_name: string;
  role_id: string;
  position: number;
  role_title: string;
  role_description: string;
  stipend_cents: number | null;
  release_time: string;
  term_months: number | null;
  pay_code: string;
  role_credential_id: string | null;
  held: boolean;
};

/**
 * Every ladder open to the person, each role and where they stand on each of its requirements, in
 * one statement (decision 085): the pathway page reads nothing else. `ladderId` narrows it to one.
 */
export async function ladderRows(
  db: Exec,
  subjectId: string,
  ladderId: string | null = null,
): Promise<LadderRow[]> {
  const { rows } = await db.execute<LadderRow>(ladderRowsSql(subjectId, ladderId));
  return rows;
}

/** The statement of `ladderRows`. */
export function ladderRowsSql(subjectId: string, ladderId: string | null): SQL {
  const subject = sql`${subjectId}::uuid`;
  return sql`
    select l.id as ladder_id, l.title as ladder_title, l.description as ladder_description, l.owner_org_id,
           o.name as owner_name, ro.id as role_id, ro.position, ro.title as role_title,
           ro.description as role_description, ro.stipend_cents, ro.release_time, ro.term_months, ro.pay_code,
           ro.credential_id as role_credential_id,
           exists (select 1 from pathway_role_holders h where h.user_id = ${subject} and h.role_id = ro.id
                     and h.completed_at is null and h.ends_on >= current_date) as held,
           f.*
      from pathway_ladders l
      join organizations o on o.id = l.owner_org_id
      join pathway_roles ro on ro.ladder_id = l.id
      left join lateral (select r.position as requirement_position, ${requirementFactsSql(subject)}
                           from pathway_requirements r where r.role_id = ro.id) f on true
     where ${ladderOpenToSql(subject)} ${ladderId ? sql`and l.id = ${ladderId}` : sql``}
     order by l.created_at, l.id, ro.position, f.requirement_position`;
}

/** The facts of the requirements of opportunities (their own and those of the role each fills) for one person. */
export async function opportunityRequirementRows(
  db: Exec,
  subjectId: string,
  opportunities: { id: string; role_id: string | null }[],
): Promise<(RequirementFacts & { opportunity_id: string })[]> {
  if (opportunities.length === 0) return [];
  const subject = sql`${subjectId}::uuid`;
  const { rows } = await db.execute<RequirementFacts & { opportunity_id: string }>(sql`
    select o.id as opportunity_id, ${requirementFactsSql(subject)}
      from jsonb_to_recordset(${JSON.stringify(opportunities)}::jsonb) as o(id uuid, role_id uuid)
      join pathway_requirements r on r.opportunity_id = o.id or r.role_id = o.role_id
     order by o.id, r.role_id nulls last, r.position`);
  return rows;
}

/** The active staff of a district who meet every requirement of the opportunity (and of the role it fills). */
export async function eligibleStaff(db: Exec, opportunityId: string, districtId: string): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select u.id from users u
     where u.district_id = ${districtId} and u.status = 'active'
       and not exists (select 1 from pathway_requirements r
                        where (r.opportunity_id = ${opportunityId}
                               or r.role_id = (select role_id from pathway_opportunities where id = ${opportunityId}))
                          and not coalesce(${requirementMetSql(sql`u.id`)}, false))`);
  return rows.map((r) => r.id);
}

// ─── Ladders ─────────────────────────────────────────────────────────────────────────────────────

export type RequirementRow = {
  id: string;
  roleId: string | null;
  opportunityId: string | null;
  position: number;
  kind: string;
  label: string;
  credentialId: string | null;
  learningKind: string | null;
  competencyId: string | null;
  hours: number | null;
  windowMonths: number | null;
  years: number | null;
  roleKind: string | null;
  heldRoleId: string | null;
  count: number;
};

export async function insertRequirements(tx: Exec, rows: RequirementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into pathway_requirements (id, role_id, opportunity_id, position, kind, label, credential_id, learning_kind,
                                      competency_id, hours, window_months, years, role_kind, held_role_id, count)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, "roleId" uuid, "opportunityId" uuid,
      position int, kind text, label text, "credentialId" uuid, "learningKind" text, "competencyId" uuid, hours numeric,
      "windowMonths" int, years numeric, "roleKind" text, "heldRoleId" uuid, count int)`);
}

/** Which of the ids are published credentials, and which are competencies, for checking a definition. */
export async function knownReferences(
  db: Exec,
  ids: { credentials: string[]; competencies: string[]; roles: string[] },
): Promise<{ credentials: Set<string>; competencies: Set<string>; roles: Map<string, string> }> {
  const { rows } = await db.execute<{ what: string; id: string; owner: string | null }>(sql`
    select 'credential'::text as what, id, null::uuid as owner from micro_credentials
     where id = any(${sql.param(ids.credentials)}::uuid[]) and status = 'published'
    union all
    select 'competency', id, null::uuid from competencies where id = any(${sql.param(ids.competencies)}::uuid[])
    union all
    select 'role', ro.id, l.owner_org_id from pathway_roles ro join pathway_ladders l on l.id = ro.ladder_id
     where ro.id = any(${sql.param(ids.roles)}::uuid[])`);
  return {
    credentials: new Set(rows.filter((r) => r.what === 'credential').map((r) => r.id)),
    competencies: new Set(rows.filter((r) => r.what === 'competency').map((r) => r.id)),
    roles: new Map(rows.filter((r) => r.what === 'role').map((r) => [r.id, r.owner ?? ''])),
  };
}

export async function ownerOrg(db: Exec, orgId: string): Promise<{ id: string; kind: string } | null> {
  const { rows } = await db.execute<{ id: string; kind: string }>(
    sql`select id, kind from organizations where id = ${orgId}`,
  );
  return rows[0] ?? null;
}

export async function isSchoolOf(db: Exec, schoolId: string, districtId: string): Promise<boolean> {
  const { rows } = await db.execute<{ ok: boolean }>(sql`
    select exists (select 1 from organizations where id = ${schoolId} and kind = 'school' and district_id = ${districtId}) as ok`);
  return rows[0]?.ok ?? false;
}

export type RoleFacts = {
  id: string;
  ladder_id: string;
  owner_org_id: string;
  title: string;
  stipend_cents: number | null;
  pay_code: string;
  term_months: number | null;
  credential_id: string | null;
};

export async function findRole(db: Exec, roleId: string): Promise<RoleFacts | null> {
  const { rows } = await db.execute<RoleFacts>(sql`
    select ro.id, ro.ladder_id, l.owner_org_id, ro.title, ro.stipend_cents, ro.pay_code, ro.term_months, ro.credential_id
      from pathway_roles ro join pathway_ladders l on l.id = ro.ladder_id where ro.id = ${roleId}`);
  return rows[0] ?? null;
}

// ─── Opportunities ───────────────────────────────────────────────────────────────────────────────

export type OpportunityRow = OpportunityFacts & {
  id: string;
  role_id: string | null;
  kind: string;
  title: string;
  description: string;
  time_commitment: string;
  stipend_cents: number | null;
  pay_code: string;
  starts_on: string;
  ends_on: string;
  closes_on: string;
  status: string;
  school_name: string | null;
  posted_by_name: string | null;
  open: boolean;
  my_application_id: string | null;
  my_application_status: string | null;
};

const opportunityColumns = sql`o.id, o.district_id, o.school_id, o.role_id, o.kind, o.title,
  o.description, o.time_commitment, o.stipend_cents, o.pay_code, o.starts_on::text, o.ends_on::text,
  o.closes_on::text, o.status, o.posted_by, s.name as school_name, p.name as posted_by_name,
  (o.status = 'open' and o.closes_on >= current_date) as open,
  a.id as my_application_id, a.status as my_application_status`;

const opportunityJoins = (viewerId: string) => sql`pathway_opportunities o
  left join organizations s on s.id = o.school_id
  left join users p on p.id = o.posted_by
  left join pathway_applications a on a.opportunity_id = o.id and a.applicant_id = ${viewerId}`;

export async function findOpportunity(
  db: Exec,
  id: string,
  viewerId: string,
  lock = false,
): Promise<OpportunityRow | null> {
  const { rows } = await db.execute<OpportunityRow>(sql`
    select ${opportunityColumns} from ${opportunityJoins(viewerId)} where o.id = ${id}
    ${lock ? sql`for update of o` : sql``}`);
  return rows[0] ?? null;
}

/** The district's opportunities still open, then those the viewer applied to, newest closing last. */
export async function listOpportunities(
  db: Exec,
  viewerId: string,
  districtId: string,
  limit = 100,
): Promise<OpportunityRow[]> {
  const { rows } = await db.execute<OpportunityRow>(sql`
    select ${opportunityColumns} from ${opportunityJoins(viewerId)}
     where o.district_id = ${districtId}
       and ((o.status = 'open' and o.closes_on >= current_date) or a.id is not null or o.posted_by = ${viewerId})
     order by (o.status = 'open' and o.closes_on >= current_date) desc, o.closes_on, o.id
     limit ${limit}`);
  return rows;
}

// ─── Applications ────────────────────────────────────────────────────────────────────────────────

export type ApplicationRow = {
  id: string;
  opportunity_id: string;
  applicant_id: string;
  applicant_name: string;
  applicant_school_id: string | null;
  applicant_district_id: string;
  statement: string;
  share_standing: boolean;
  status: string;
  created_at: Date | string;
};

const applicationColumns = sql`a.id, a.opportunity_id, a.applicant_id, u.name as applicant_name, u.district_id as applicant_district_id,
  (select sm.organization_id from memberships sm join organizations so on so.id = sm.organization_id and so.kind = 'school'
    where sm.user_id = a.applicant_id order by sm.created_at limit 1) as applicant_school_id,
  a.statement, a.share_standing, a.status, a.created_at`;

export async function listApplications(db: Exec, opportunityId: string): Promise<ApplicationRow[]> {
  const { rows } = await db.execute<ApplicationRow>(sql`
    select ${applicationColumns} from pathway_applications a join users u on u.id = a.applicant_id
     where a.opportunity_id = ${opportunityId} and a.status <> 'withdrawn'
     order by a.created_at, a.id`);
  return rows;
}

export async function findApplication(db: Exec, id: string, lock = false): Promise<ApplicationRow | null> {
  const { rows } = await db.execute<ApplicationRow>(sql`
    select ${applicationColumns} from pathway_applications a join users u on u.id = a.applicant_id
     where a.id = ${id} ${lock ? sql`for update of a` : sql``}`);
  return rows[0] ?? null;
}

// ─── Roles held ──────────────────────────────────────────────────────────────────────────────────

type HoldingRow = {
  id: string;
  user_id: string;
  name: string;
  school_name: string | null;
  district_name: string;
  title: string;
  role_id: string | null;
  opportunity_id: string | null;
  starts_on: string;
  ends_on: string;
  completed_at: Date | string | null;
  stipend_cents: number | null;
  award_job_id: string | null;
  district_id: string;
  credential_id: string | null;
};

const holdingSelect = sql`select h.id, h.user_id, u.name, s.name as school_name, d.name as district_name, h.title,
    h.role_id, h.opportunity_id, h.starts_on::text, h.ends_on::text, h.completed_at, h.stipend_cents, h.award_job_id,
    h.district_id, ro.credential_id
  from pathway_role_holders h
  join users u on u.id = h.user_id
  join organizations d on d.id = h.district_id
  left join organizations s on s.id = h.school_id
  left join pathway_roles ro on ro.id = h.role_id`;

export const presentHolding = (h: HoldingRow): HoldingView => ({
  id: h.id,
  userId: h.user_id,
  name: h.name,
  schoolName: h.school_name,
  districtName: h.district_name,
  title: h.title,
  roleId: h.role_id,
  opportunityId: h.opportunity_id,
  startsOn: h.starts_on,
  endsOn: h.ends_on,
  completedAt: h.completed_at === null ? null : new Date(h.completed_at).toISOString(),
  stipendCents: h.stipend_cents,
});

export async function holdingsOf(db: Exec, userId: string): Promise<HoldingRow[]> {
  const { rows } = await db.execute<HoldingRow>(
    sql`${holdingSelect} where h.user_id = ${userId} order by h.starts_on desc, h.id`,
  );
  return rows;
}

/** The roles a person holds and held, as far as the viewer's leadership scope reaches (their district and networks). */
export async function visibleHoldingsOf(
  db: Exec,
  viewer: Parameters<typeof leadershipScopeSql>[0],
  userId: string,
): Promise<HoldingRow[]> {
  const { rows } = await db.execute<HoldingRow>(sql`${holdingSelect}
     where h.user_id = ${userId} and ${leadershipScopeSql(viewer, sql`h.district_id`)}
     order by h.starts_on desc, h.id`);
  return rows;
}

export async function findHolding(db: Exec, id: string): Promise<HoldingRow | null> {
  const { rows } = await db.execute<HoldingRow>(sql`${holdingSelect} where h.id = ${id}`);
  return rows[0] ?? null;
}

/** Who leads what now, across the schools of the viewer's district and of its networks' districts. */
export async function currentLeaders(
  db: Exec,
  viewer: Parameters<typeof leadershipScopeSql>[0],
  schoolId: string | null,
  limit = 500,
): Promise<HoldingRow[]> {
  const { rows } = await db.execute<HoldingRow>(sql`${holdingSelect}
     where ${leadershipScopeSql(viewer, sql`h.district_id`)} and h.completed_at is null and h.ends_on >= current_date
       ${schoolId ? sql`and h.school_id = ${schoolId}` : sql``}
     order by d.name, s.name nulls first, h.title, u.name
     limit ${limit}`);
  return rows;
}

export async function insertHolding(
  tx: Exec,
  h: {
    id: string;
    userId: string;
    districtId: string;
    schoolId: string | null;
    roleId: string | null;
    opportunityId: string | null;
    title: string;
    stipendCents: number | null;
    payCode: string;
    startsOn: string;
    endsOn: string;
    createdBy: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_role_holders (id, user_id, district_id, school_id, role_id, opportunity_id, title, stipend_cents,
                                      pay_code, starts_on, ends_on, created_by)
    values (${h.id}, ${h.userId}, ${h.districtId}, ${h.schoolId}, ${h.roleId}, ${h.opportunityId}, ${h.title},
            ${h.stipendCents}, ${h.payCode}, ${h.startsOn}, ${h.endsOn}, ${h.createdBy})`);
}

export async function personFacts(
  db: Exec,
  userId: string,
): Promise<{
  id: string;
  district_id: string;
  school_id: string | null;
  name: string;
  status: string;
} | null> {
  const { rows } = await db.execute<{
    id: string;
    district_id: string;
    school_id: string | null;
    name: string;
    status: string;
  }>(sql`
    select u.id, u.district_id, u.name, u.status,
           (select sm.organization_id from memberships sm join organizations so on so.id = sm.organization_id and so.kind = 'school'
             where sm.user_id = u.id order by sm.created_at limit 1) as school_id
      from users u where u.id = ${userId}`);
  return rows[0] ?? null;
}

// ─── Stipends ────────────────────────────────────────────────────────────────────────────────────

export type PaySettings = {
  role_pay_code: string;
  mentoring_pay_code: string;
  mentoring_hourly_cents: number;
};

export async function paySettings(db: Exec, districtId: string): Promise<PaySettings> {
  const { rows } = await db.execute<PaySettings>(sql`
    select role_pay_code, mentoring_pay_code, mentoring_hourly_cents from pathway_pay_settings where district_id = ${districtId}`);
  return rows[0] ?? { role_pay_code: '', mentoring_pay_code: '', mentoring_hourly_cents: 0 };
}

export async function savePaySettings(
  db: Exec,
  districtId: string,
  s: PaySettings,
  by: string,
): Promise<void> {
  await db.execute(sql`
    insert into pathway_pay_settings (district_id, role_pay_code, mentoring_pay_code, mentoring_hourly_cents, updated_by)
    values (${districtId}, ${s.role_pay_code}, ${s.mentoring_pay_code}, ${s.mentoring_hourly_cents}, ${by})
    on conflict (district_id) do update set role_pay_code = excluded.role_pay_code,
      mentoring_pay_code = excluded.mentoring_pay_code, mentoring_hourly_cents = excluded.mentoring_hourly_cents,
      updated_by = excluded.updated_by, updated_at = now()`);
}

export type StipendRoleRow = {
  user_id: string;
  staff_id: string | null;
  name: string;
  email: string;
  title: string;
  pay_code: string;
  stipend_cents: number;
  term_days: number;
  days_in_period: number;
};

/**
 * The roles with a stipend held in the district during the period, with how many of the role's days
 * fall in it: a stipend is paid for the days of its term in the period (decision 087).
 */
export async function stipendRoles(
  db: Exec,
  districtId: string,
  from: string,
  to: string,
): Promise<StipendRoleRow[]> {
  const { rows } = await db.execute<StipendRoleRow>(sql`
    select h.user_id, u.sourced_id as staff_id, u.name, u.email, h.title, h.pay_code, h.stipend_cents,
           (h.ends_on - h.starts_on + 1) as term_days,
           (least(h.ends_on, ${to}::date) - greatest(h.starts_on, ${from}::date) + 1) as days_in_period
      from pathway_role_holders h join users u on u.id = h.user_id
     where h.district_id = ${districtId} and h.stipend_cents > 0
       and h.starts_on <= ${to}::date and h.ends_on >= ${from}::date
     order by u.name, u.id, h.starts_on, h.id`);
  return rows;
}

export async function staffOf(
  db: Exec,
  userIds: string[],
): Promise<Map<string, { staff_id: string | null; name: string; email: string }>> {
  const { rows } = await db.execute<{ id: string; staff_id: string | null; name: string; email: string }>(sql`
    select id, sourced_id as staff_id, name, email from users where id = any(${sql.param(userIds)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

export type { HoldingRow };
export type { Db };

// ─── Writes ──────────────────────────────────────────────────────────────────────────────────────

export async function insertLadder(
  tx: Exec,
  l: { id: string; ownerOrgId: string; title: string; description: string; createdBy: string },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_ladders (id, owner_org_id, title, description, created_by)
    values (${l.id}, ${l.ownerOrgId}, ${l.title}, ${l.description}, ${l.createdBy})`);
}

export async function insertRole(
  tx: Exec,
  r: {
    id: string;
    ladderId: string;
    position: number;
    title: string;
    description: string;
    stipendCents: number | null;
    releaseTime: string;
    termMonths: number | null;
    payCode: string;
    credentialId: string | null;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_roles (id, ladder_id, position, title, description, stipend_cents, release_time, term_months,
                               pay_code, credential_id)
    values (${r.id}, ${r.ladderId}, ${r.position}, ${r.title}, ${r.description}, ${r.stipendCents}, ${r.releaseTime},
            ${r.termMonths}, ${r.payCode}, ${r.credentialId})`);
}

export async function saveExperience(
  tx: Exec,
  e: { userId: string; districtId: string; years: number; asOf: string; source: string; confirmedBy: string },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_experience (user_id, district_id, years, as_of, source, confirmed_by)
    values (${e.userId}, ${e.districtId}, ${e.years}, ${e.asOf}, ${e.source}, ${e.confirmedBy})
    on conflict (user_id) do update set years = excluded.years, as_of = excluded.as_of, source = excluded.source,
      confirmed_by = excluded.confirmed_by, district_id = excluded.district_id, updated_at = now()`);
}

/** Whether the requirement is confirmed by hand and belongs to a ladder or an opportunity open to the person. */
export async function isManualRequirementOpenTo(
  db: Exec,
  requirementId: string,
  userId: string,
): Promise<boolean> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select r.id from pathway_requirements r
      left join pathway_roles ro on ro.id = r.role_id
      left join pathway_ladders l on l.id = ro.ladder_id
      left join pathway_opportunities o on o.id = r.opportunity_id
     where r.id = ${requirementId} and r.kind = 'manual'
       and (o.district_id = (select district_id from users where id = ${userId})
            or (l.id is not null and ${ladderOpenToSql(sql`${userId}::uuid`)}))`);
  return rows.length > 0;
}

export async function saveConfirmation(
  tx: Exec,
  c: { requirementId: string; userId: string; confirmedBy: string; note: string },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_confirmations (requirement_id, user_id, confirmed_by, note)
    values (${c.requirementId}, ${c.userId}, ${c.confirmedBy}, ${c.note})
    on conflict (requirement_id, user_id) do update set confirmed_by = excluded.confirmed_by, note = excluded.note,
      confirmed_at = now()`);
}

export async function deleteConfirmation(tx: Exec, requirementId: string, userId: string): Promise<void> {
  await tx.execute(
    sql`delete from pathway_confirmations where requirement_id = ${requirementId} and user_id = ${userId}`,
  );
}

export async function insertOpportunity(
  tx: Exec,
  o: {
    id: string;
    districtId: string;
    schoolId: string | null;
    roleId: string | null;
    kind: string;
    title: string;
    description: string;
    timeCommitment: string;
    stipendCents: number | null;
    payCode: string;
    startsOn: string;
    endsOn: string;
    closesOn: string;
    postedBy: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_opportunities (id, district_id, school_id, role_id, kind, title, description, time_commitment,
                                       stipend_cents, pay_code, starts_on, ends_on, closes_on, posted_by)
    values (${o.id}, ${o.districtId}, ${o.schoolId}, ${o.roleId}, ${o.kind}, ${o.title}, ${o.description},
            ${o.timeCommitment}, ${o.stipendCents}, ${o.payCode}, ${o.startsOn}, ${o.endsOn}, ${o.closesOn}, ${o.postedBy})`);
}

/** The opportunity, locked while its eligible staff are told (two runs at once tell no one twice). */
export async function lockOpportunityToTell(
  tx: Exec,
  id: string,
): Promise<{
  id: string;
  district_id: string;
  title: string;
  closes_on: string;
  posted_by: string | null;
  open: boolean;
} | null> {
  const { rows } = await tx.execute<{
    id: string;
    district_id: string;
    title: string;
    closes_on: string;
    posted_by: string | null;
    open: boolean;
  }>(sql`
    select id, district_id, title, closes_on::text, posted_by, (status = 'open' and closes_on >= current_date) as open
      from pathway_opportunities where id = ${id} for update`);
  return rows[0] ?? null;
}

export async function setOpportunityStatus(tx: Exec, id: string, status: 'open' | 'closed'): Promise<void> {
  await tx.execute(sql`update pathway_opportunities set status = ${status} where id = ${id}`);
}

/** An application, or one withdrawn before sent again. */
export async function saveApplication(
  tx: Exec,
  a: { id: string; opportunityId: string; applicantId: string; statement: string; shareStanding: boolean },
): Promise<void> {
  await tx.execute(sql`
    insert into pathway_applications (id, opportunity_id, applicant_id, statement, share_standing)
    values (${a.id}, ${a.opportunityId}, ${a.applicantId}, ${a.statement}, ${a.shareStanding})
    on conflict (opportunity_id, applicant_id) do update set statement = excluded.statement,
      share_standing = excluded.share_standing, status = 'submitted', decided_by = null, decided_at = null,
      created_at = now()`);
}

export async function setApplicationStatus(
  tx: Exec,
  id: string,
  status: string,
  decidedBy: string | null,
): Promise<void> {
  await tx.execute(sql`
    update pathway_applications
       set status = ${status},
           decided_by = coalesce(${decidedBy}::uuid, decided_by),
           decided_at = case when ${decidedBy}::uuid is null then decided_at else now() end
     where id = ${id}`);
}

export async function completeHolding(tx: Exec, id: string, awardJobId: string | null): Promise<void> {
  await tx.execute(
    sql`update pathway_role_holders set completed_at = now(), award_job_id = ${awardJobId} where id = ${id}`,
  );
}

/** The opportunities still taking applications, for telling people who came to meet them. */
export async function listOpenOpportunityIds(db: Exec): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select id from pathway_opportunities where status = 'open' and closes_on >= current_date order by closes_on, id`);
  return rows.map((r) => r.id);
}
