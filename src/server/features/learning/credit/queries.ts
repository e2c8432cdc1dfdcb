/** All SQL of credit: types, settings, claims and the queue, licences, transcripts, import and export. */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from '#server/platform/auth.ts';
import type { CreditApprover, CreditTypeBody } from '#shared/contracts/credit.ts';
import type { CreditStatus } from '#shared/contracts/learning.ts';
import { decidableClaimSql, schoolHasPrincipalSql, schoolPrincipalsSql } from './policy.ts';

// ─── Settings and types ─────────────────────────────────────────────────────────────────────────

export type SettingsRow = { approver: CreditApprover; pd_staff_ids: string[] };

export async function readSettings(tx: Tx, districtId: string): Promise<SettingsRow> {
  const { rows } = await tx.execute<SettingsRow>(
    sql`select approver, pd_staff_ids from credit_settings where district_id = ${districtId}`,
  );
  return rows[0] ?? { approver: 'principal', pd_staff_ids: [] };
}

export async function writeSettings(
  tx: Tx,
  districtId: string,
  approver: CreditApprover,
  pdStaffIds: string[],
  by: string,
): Promise<void> {
  await tx.execute(sql`
    insert into credit_settings (district_id, approver, pd_staff_ids, updated_by, updated_at)
    values (${districtId}, ${approver}, ${pgUuids(pdStaffIds)}, ${by}, now())
    on conflict (district_id) do update
       set approver = excluded.approver, pd_staff_ids = excluded.pd_staff_ids,
           updated_by = excluded.updated_by, updated_at = now()`);
}

/** Of the ids, the active people of the district (in the order given). */
export async function districtPeople(
  tx: Tx,
  districtId: string,
  ids: string[],
): Promise<{ id: string; name: string; email: string }[]> {
  if (!ids.length) return [];
  const { rows } = await tx.execute<{ id: string; name: string; email: string }>(sql`
    select id, name, email from users
     where district_id = ${districtId} and status = 'active' and id = any(${pgUuids(ids)})`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type CreditTypeRow = {
  id: string;
  district_id: string;
  name: string;
  description: string;
  kinds: string[];
  max_hours_per_kind: Record<string, number>;
  period_start_month: number;
  evidence_required: boolean;
  reflection_required: boolean;
  auto_approve_kinds: string[];
  renewal_cycle_years: number | null;
  renewal_hours_required: number | null;
  default_hours: Record<string, number>;
  allow_double_counting: boolean;
  archived_at: Date | string | null;
};

const typeColumns = sql`id, district_id, name, description, kinds, max_hours_per_kind, period_start_month,
  evidence_required, reflection_required, auto_approve_kinds, renewal_cycle_years,
  renewal_hours_required::float8 as renewal_hours_required, default_hours, allow_double_counting, archived_at`;

export async function listTypes(tx: Tx, districtId: string, withArchived: boolean): Promise<CreditTypeRow[]> {
  const { rows } = await tx.execute<CreditTypeRow>(sql`
    select ${typeColumns} from credit_types
     where district_id = ${districtId} ${withArchived ? sql`` : sql`and archived_at is null`}
     order by archived_at nulls first, lower(name), id`);
  return rows;
}

export async function findType(
  tx: Tx,
  districtId: string,
  id: string,
  lock = false,
): Promise<CreditTypeRow | null> {
  const { rows } = await tx.execute<CreditTypeRow>(sql`
    select ${typeColumns} from credit_types where id = ${id} and district_id = ${districtId}
    ${lock ? sql`for update` : sql``}`);
  return rows[0] ?? null;
}

type TypeValues = Required<{
  [K in keyof CreditTypeBody]-?: Exclude<CreditTypeBody[K], undefined>;
}>;

const typeValues = (b: TypeValues) => ({
  name: b.name,
  description: b.description,
  kinds: pgTexts(b.kinds),
  max: JSON.stringify(b.maxHoursPerKind),
  month: b.periodStartMonth,
  evidence: b.evidenceRequired,
  reflection: b.reflectionRequired,
  auto: pgTexts(b.autoApproveKinds),
  years: b.renewalCycleYears,
  required: b.renewalHoursRequired,
  defaults: JSON.stringify(b.defaultHours),
  double: b.allowDoubleCounting,
});

export async function insertType(tx: Tx, id: string, districtId: string, body: TypeValues): Promise<void> {
  const v = typeValues(body);
  await tx.execute(sql`
    insert into credit_types (id, district_id, name, description, kinds, max_hours_per_kind, period_start_month,
      evidence_required, reflection_required, auto_approve_kinds, renewal_cycle_years, renewal_hours_required,
      default_hours, allow_double_counting)
    values (${id}, ${districtId}, ${v.name}, ${v.description}, ${v.kinds}, ${v.max}::jsonb, ${v.month},
      ${v.evidence}, ${v.reflection}, ${v.auto}, ${v.years}, ${v.required}, ${v.defaults}::jsonb, ${v.double})`);
}

export async function updateType(tx: Tx, id: string, body: TypeValues): Promise<void> {
  const v = typeValues(body);
  await tx.execute(sql`
    update credit_types set name = ${v.name}, description = ${v.description}, kinds = ${v.kinds},
      max_hours_per_kind = ${v.max}::jsonb, period_start_month = ${v.month}, evidence_required = ${v.evidence},
      reflection_required = ${v.reflection}, auto_approve_kinds = ${v.auto}, renewal_cycle_years = ${v.years},
      renewal_hours_required = ${v.required}, default_hours = ${v.defaults}::jsonb,
      allow_double_counting = ${v.double}, updated_at = now()
     where id = ${id}`);
}

export async function setTypeArchived(tx: Tx, id: string, archived: boolean): Promise<void> {
  await tx.execute(
    sql`update credit_types set archived_at = ${archived ? sql`now()` : sql`null`}, updated_at = now() where id = ${id}`,
  );
}

// ─── Entries ─────────────────────────────────────────────────────────────────────────────────────

export type EntryRow = {
  id: string;
  user_id: string;
  district_id: string;
  /** Where it came from: `self` (entered by hand), `trellis`, `xapi`. */
  source: string;
  kind: string;
  title: string;
  occurred_on: string;
  duration_minutes: number | null;
  /** Set when the duration came from a hand entry merged into it (decision 059): the teacher's word. */
  duration_merged_from: string | null;
  provider: string;
  will_try: string;
  practice_change: string;
  status: 'draft' | 'logged';
  merged_into_id: string | null;
  voided_at: Date | string | null;
  evidence_count: number;
};

/** The person's own entries by id, locked for the transaction (approvals of one entry take turns). */
export async function lockOwnEntries(tx: Tx, userId: string, ids: string[]): Promise<EntryRow[]> {
  const { rows } = await tx.execute<EntryRow>(sql`
    select e.id, e.user_id, e.district_id, e.source, e.kind, e.title, (e.occurred_at at time zone 'UTC')::date::text as occurred_on,
           e.duration_minutes, e.duration_merged_from, e.provider, e.will_try, e.practice_change, e.status, e.merged_into_id, e.voided_at,
           (select count(*)::int from learning_evidence v where v.entry_id = e.id) as evidence_count
      from learning_entries e
     where e.user_id = ${userId} and e.id = any(${pgUuids(ids)})
     order by e.id
       for no key update of e`);
  return rows;
}

export async function lockEntry(tx: Tx, entryId: string): Promise<EntryRow | null> {
  const { rows } = await tx.execute<EntryRow>(sql`
    select e.id, e.user_id, e.district_id, e.source, e.kind, e.title, (e.occurred_at at time zone 'UTC')::date::text as occurred_on,
           e.duration_minutes, e.duration_merged_from, e.provider, e.will_try, e.practice_change, e.status, e.merged_into_id, e.voided_at,
           (select count(*)::int from learning_evidence v where v.entry_id = e.id) as evidence_count
      from learning_entries e where e.id = ${entryId}
       for no key update of e`);
  return rows[0] ?? null;
}

/**
 * Writes on each entry where it stands for credit (approved, else pending, else changes asked for,
 * else declined; null with no claim) and whether it is locked (a claim pending or approved).
 */
export async function refreshEntryCredit(tx: Tx, entryIds: string[]): Promise<void> {
  if (!entryIds.length) return;
  await tx.execute(sql`
    update learning_entries e
       set credit_status = (select c.status from credit_claims c where c.entry_id = e.id
                             order by case c.status when 'approved' then 0 when 'pending' then 1
                                                    when 'changes_requested' then 2 else 3 end
                             limit 1),
           credit_locked = exists (select 1 from credit_claims c where c.entry_id = e.id
                                      and c.status in ('pending', 'approved'))
     where e.id = any(${pgUuids(entryIds)})`);
}

// ─── Claims ──────────────────────────────────────────────────────────────────────────────────────

export async function insertClaim(
  tx: Tx,
  v: {
    id: string;
    entryId: string;
    userId: string;
    districtId: string;
    schoolId: string | null;
    creditTypeId: string;
    kind: string;
    occurredOn: string;
    hours: number;
    defaultHours: number;
    adjustmentReason: string;
    status: CreditStatus;
    source: 'submitted' | 'automatic' | 'imported';
    exclusive: boolean;
    approverName?: string | null;
    /** For imported history: the day the old system approved it. */
    decidedOn?: string | null;
  },
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into credit_claims (id, entry_id, user_id, district_id, school_id, credit_type_id, kind, occurred_on,
      hours, default_hours, adjustment_reason, status, source, exclusive, approver_name, decided_at)
    values (${v.id}, ${v.entryId}, ${v.userId}, ${v.districtId}, ${v.schoolId}, ${v.creditTypeId}, ${v.kind},
      ${v.occurredOn}, ${v.hours}, ${v.defaultHours}, ${v.adjustmentReason}, ${v.status}, ${v.source},
      ${v.exclusive}, ${v.approverName ?? null}, ${v.decidedOn ?? null}::date::timestamptz)
    on conflict do nothing
    returning id`);
  return rows.length > 0;
}

/** Approved claims of the entry under other types, with whether each type forbids double counting. */
export async function otherApprovals(
  tx: Tx,
  entryId: string,
  exceptClaimId: string | null,
): Promise<{ id: string; exclusive: boolean; type_name: string }[]> {
  const { rows } = await tx.execute<{ id: string; exclusive: boolean; type_name: string }>(sql`
    select c.id, (c.exclusive or not t.allow_double_counting) as exclusive, t.name as type_name
      from credit_claims c join credit_types t on t.id = c.credit_type_id
     where c.entry_id = ${entryId} and c.status = 'approved'
       ${exceptClaimId ? sql`and c.id <> ${exceptClaimId}` : sql``}`);
  return rows;
}

/** Approved hours of the person's kind under the type in the 12-month period holding `day`. */
export async function approvedHoursInPeriod(
  tx: Tx,
  args: { userId: string; creditTypeId: string; kind: string; day: string; startMonth: number },
): Promise<{ hours: number; from: string; to: string }> {
  const { rows } = await tx.execute<{ hours: number; from: string; to: string }>(sql`
    with p as (
      select make_date(extract(year from d)::int - case when extract(month from d) < ${args.startMonth} then 1 else 0 end,
                       ${args.startMonth}, 1) as start
        from (select ${args.day}::date as d) x)
    select coalesce((select sum(c.hours) from credit_claims c
                      where c.user_id = ${args.userId} and c.credit_type_id = ${args.creditTypeId}
                        and c.kind = ${args.kind} and c.status = 'approved'
                        and c.occurred_on >= p.start and c.occurred_on < p.start + interval '1 year'), 0)::float8 as hours,
           p.start::text as from, (p.start + interval '1 year' - interval '1 day')::date::text as to
      from p`);
  return rows[0];
}

export type ClaimRow = {
  id: string;
  entry_id: string;
  user_id: string;
  district_id: string;
  school_id: string | null;
  credit_type_id: string;
  type_name: string;
  kind: string;
  occurred_on: string;
  hours: number;
  default_hours: number;
  adjustment_reason: string;
  status: CreditStatus;
  source: 'submitted' | 'automatic' | 'imported';
  exclusive: boolean;
  approver_id: string | null;
  approver_name: string | null;
  comment: string;
  submitted_at: Date | string;
  submitted_key: string;
  decided_at: Date | string | null;
  title: string;
  duration_minutes: number | null;
  provider: string;
  will_try: string;
  practice_change: string;
  teacher_name: string;
  school_name: string | null;
  school_has_principal: boolean;
  evidence: { title: string; href: string | null }[];
};

const claimColumnsWith = (schoolHasPrincipal: SQL) => sql`
  c.id, c.entry_id, c.user_id, c.district_id, c.school_id, c.credit_type_id, t.name as type_name, c.kind,
  c.occurred_on::text as occurred_on, c.hours::float8 as hours, c.default_hours::float8 as default_hours,
  c.adjustment_reason, c.status, c.source, c.exclusive, c.approver_id,
  coalesce(au.name, c.approver_name) as approver_name, c.comment, c.submitted_at, c.submitted_at::text as submitted_key,
  c.decided_at, e.title, e.duration_minutes, e.provider, e.will_try, e.practice_change,
  tu.name as teacher_name, so.name as school_name,
  ${schoolHasPrincipal} as school_has_principal,
  coalesce((select json_agg(json_build_object(
             'title', coalesce(nullif(v.title, ''), v.filename, v.url, v.type),
             'href', case v.type when 'link' then v.url
                                 when 'resource' then '/resources/' || v.resource_id
                                 when 'thread' then (select '/communities/' || th.community_id || '/threads/' || th.id
                                                       from threads th where th.id = v.thread_id)
                                 else '/api/learning/entries/' || e.id || '/evidence/' || v.id || '/file' end)
             order by v.position)
             from learning_evidence v where v.entry_id = e.id), '[]'::json) as evidence`;
const claimColumns = claimColumnsWith(
  schoolHasPrincipalSql(sql`c.school_id`, sql`c.district_id`, sql`c.user_id`),
);

const claimFrom = sql`
  credit_claims c
  join credit_types t on t.id = c.credit_type_id
  join learning_entries e on e.id = c.entry_id
  join users tu on tu.id = c.user_id
  left join organizations so on so.id = c.school_id
  left join users au on au.id = c.approver_id
  left join credit_settings s on s.district_id = c.district_id`;

export async function findClaim(tx: Tx, claimId: string, lock = false): Promise<ClaimRow | null> {
  const { rows } = await tx.execute<ClaimRow>(sql`
    select ${claimColumns} from ${claimFrom} where c.id = ${claimId} ${lock ? sql`for update of c` : sql``}`);
  return rows[0] ?? null;
}

export async function findClaims(tx: Tx, ids: string[]): Promise<ClaimRow[]> {
  if (!ids.length) return [];
  // The principals of the claims' schools are found once per school, not once per claim.
  const { rows } = await tx.execute<ClaimRow>(sql`
    with principals as materialized (${schoolPrincipalsSql(sql`
           select distinct school_id, district_id from credit_claims
            where id = any(${pgUuids(ids)}) and school_id is not null`)})
    select ${claimColumnsWith(sql`exists (select 1 from principals sp where sp.school_id = c.school_id and sp.user_id <> c.user_id)`)}
      from ${claimFrom} where c.id = any(${pgUuids(ids)}) order by c.submitted_at, c.id`);
  return rows;
}

/** The person's claims, newest submitted first, keyset-paged; one more than `limit`. */
export async function listOwnClaims(
  tx: Tx,
  userId: string,
  args: { status?: CreditStatus; creditTypeId?: string; after?: { at: string; id: string }; limit: number },
): Promise<ClaimRow[]> {
  const { rows } = await tx.execute<ClaimRow>(sql`
    select ${claimColumns} from ${claimFrom}
     where c.user_id = ${userId}
       ${args.status ? sql`and c.status = ${args.status}` : sql``}
       ${args.creditTypeId ? sql`and c.credit_type_id = ${args.creditTypeId}` : sql``}
       ${args.after ? sql`and (c.submitted_at, c.id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}
     order by c.submitted_at desc, c.id desc
     limit ${args.limit + 1}`);
  return rows;
}

/**
 * The approver's queue: claims they may decide, oldest submitted first (waiting longest at the top),
 * walked down `credit_claims_queue_idx` with the approver policy applied in SQL. The walk reads the
 * claims alone (names and entries only when searching them); the page's rows are then read by id,
 * so the joins and the evidence list run for the page, not for every claim passed on the way.
 */
export async function listQueue(
  tx: Tx,
  actor: Actor,
  args: {
    status: CreditStatus;
    creditTypeId?: string;
    kind?: string;
    q?: string;
    after?: { at: string; id: string };
    limit: number;
    /** Whether the actor is among the district's PD staff, who may decide claims of any school. */
    pdStaff: boolean;
    /** The district's choice of approver (`credit_settings.approver`; principals when unset). */
    approver: CreditApprover;
  },
): Promise<ClaimRow[]> {
  if (args.pdStaff && args.approver === 'principal')
    return findClaims(tx, await pdStaffQueue(tx, actor, args));
  // Anyone but PD staff decides only claims of their own schools: said outright, so the walk takes
  // credit_claims_school_queue_idx through the school's claims (decision 072).
  // One school is written as an equality: an index walk takes `= any(...)` out of order.
  const ownSchools = args.pdStaff
    ? sql``
    : actor.schoolIds.length === 1
      ? sql`and c.school_id = ${actor.schoolIds[0]}`
      : sql`and c.school_id = any(array[${sql.join(
          actor.schoolIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}]::uuid[])`;
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from credit_claims c
      left join credit_settings s on s.district_id = c.district_id
      ${args.q ? sql`join users tu on tu.id = c.user_id join learning_entries e on e.id = c.entry_id` : sql``}
     where c.district_id = ${actor.districtId} and c.status = ${args.status}
       and ${decidableClaimSql(actor)} ${ownSchools} ${queueFilters(args)}
     order by c.submitted_at, c.id
     limit ${args.limit + 1}`);
  return findClaims(
    tx,
    rows.map((r) => r.id),
  );
}

type QueueArgs = Parameters<typeof listQueue>[2];

/** The queue's filters beyond district and status, on `credit_claims c` (and `tu`, `e` when searching). */
const queueFilters = (args: QueueArgs) => sql`
  ${args.creditTypeId ? sql`and c.credit_type_id = ${args.creditTypeId}` : sql``}
  ${args.kind ? sql`and c.kind = ${args.kind}` : sql``}
  ${args.q ? sql`and (strpos(lower(tu.name), lower(${args.q})) > 0 or strpos(lower(e.title), lower(${args.q})) > 0)` : sql``}
  ${args.after ? sql`and (c.submitted_at, c.id) > (${args.after.at}::timestamptz, ${args.after.id}::uuid)` : sql``}`;

/**
 * The queue of PD staff in a district where principals approve (decision 094): they decide the claims
 * of no school, of schools without a principal, and a lone principal's own claims at their school
 * (`decidableClaimSql`), and, if they are a principal too, their own schools' claims. Walking the
 * district's queue with that rule as a filter passed every claim a principal decides before the page
 * was full, asking per claim whether its school has a principal. Instead the district's principals
 * and their schools are read once, by `memberships_principal_idx` (the rule of `schoolHasPrincipalSql`:
 * an active member of the school who is a principal of the district), and each source is read in order only
 * as far as the page, by an index: claims of no school by `credit_claims_no_school_queue_idx`, a
 * school's by `credit_claims_school_queue_idx`, a lone principal's from their own claims. The page
 * is the oldest of their union.
 */
/** Up to this many schools without a principal, PD staff's queue reads each school's claims by its index. */
const FEW_OPEN_SCHOOLS = 8;

async function pdStaffQueue(tx: Tx, actor: Actor, args: QueueArgs): Promise<string[]> {
  const district = actor.districtId;
  const walk = (where: SQL) => sql`
    select c.id, c.submitted_at from credit_claims c
      ${args.q ? sql`join users tu on tu.id = c.user_id join learning_entries e on e.id = c.entry_id` : sql``}
     where c.district_id = ${district} and ${where} and c.status = ${args.status}
       and c.user_id <> ${actor.userId} ${queueFilters(args)}
     order by c.submitted_at, c.id limit ${args.limit + 1}`;
  const principal = actor.roles.includes('principal') && actor.schoolIds.length > 0;
  const { rows } = await tx.execute<{ id: string }>(sql`
    with schools as materialized (
      select o.id as school_id, o.district_id from organizations o
       where o.district_id = ${district} and o.kind = 'school'),
    -- The district's principals by memberships_principal_idx, and the schools each is a member of.
    principals as materialized (
      select ms.organization_id as school_id, mp.user_id from memberships mp
        join users pu on pu.id = mp.user_id and pu.status = 'active'
        join memberships ms on ms.user_id = mp.user_id
       where mp.organization_id = ${district} and mp.role = 'principal'),
    lone as materialized (
      select p.school_id, (array_agg(distinct p.user_id))[1] as user_id from principals p
       group by p.school_id having count(distinct p.user_id) = 1),
    -- How many schools have no principal: with few, each is read as far as the page; with many,
    -- their claims are most of the queue and the district's queue is walked instead, each claim's
    -- school looked up among the principals read above.
    open_schools as materialized (
      select count(*) as n from schools sc where not exists (select 1 from principals p where p.school_id = sc.school_id)),
    by_source as (
      (${walk(sql`c.school_id is null`)})
      union
      (select x.* from schools sc cross join lateral (${walk(sql`c.school_id = sc.school_id`)}) x
        where not exists (select 1 from principals p where p.school_id = sc.school_id))
      union
      (select x.* from lone l cross join lateral (${walk(sql`c.school_id = l.school_id and c.user_id = l.user_id`)}) x)
      ${
        principal
          ? sql`union
      (select x.* from unnest(array[${sql.join(
        actor.schoolIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]::uuid[]) own(id) cross join lateral (${walk(sql`c.school_id = own.id`)}) x)`
          : sql``
      }),
    found as (
      select b.* from by_source b where (select o.n from open_schools o) <= ${FEW_OPEN_SCHOOLS}
      union all
      select w.* from (${walk(sql`(c.school_id is null
          or not exists (select 1 from principals p where p.school_id = c.school_id and p.user_id <> c.user_id)
          ${
            principal
              ? sql`or c.school_id = any(array[${sql.join(
                  actor.schoolIds.map((id) => sql`${id}::uuid`),
                  sql`, `,
                )}]::uuid[])`
              : sql``
          })`)}) w
       where (select o.n from open_schools o) > ${FEW_OPEN_SCHOOLS})
    select f.id from found f order by f.submitted_at, f.id limit ${args.limit + 1}`);
  return rows.map((r) => r.id);
}

/**
 * Who may decide the claimant's claim of the school in the district: its principals other than the
 * claimant, else (or with pd_staff) the PD staff.
 */
export async function approversFor(
  tx: Tx,
  districtId: string,
  schoolId: string | null,
  claimantId: string,
): Promise<string[]> {
  const settings = await readSettings(tx, districtId);
  const staff = settings.pd_staff_ids.filter((id) => id !== claimantId);
  if (settings.approver === 'pd_staff' || !schoolId) return staff;
  const { rows } = await tx.execute<{ id: string }>(sql`
    select ms.user_id as id from memberships ms
      join memberships mp on mp.user_id = ms.user_id and mp.role = 'principal' and mp.organization_id = ${districtId}
      join users u on u.id = ms.user_id and u.status = 'active'
     where ms.organization_id = ${schoolId} and ms.user_id <> ${claimantId}`);
  return rows.length ? [...new Set(rows.map((r) => r.id))] : staff;
}

export async function setClaimDecision(
  tx: Tx,
  claimId: string,
  v: { status: CreditStatus; approverId: string; comment: string; exclusive: boolean },
): Promise<void> {
  await tx.execute(sql`
    update credit_claims set status = ${v.status}, approver_id = ${v.approverId}, comment = ${v.comment},
           exclusive = ${v.exclusive}, decided_at = now(), updated_at = now()
     where id = ${claimId}`);
}

/** A claim of a kind the type approves automatically, approved by no one. */
export async function approveAutomatically(tx: Tx, claimId: string, exclusive: boolean): Promise<void> {
  await tx.execute(sql`
    update credit_claims set status = 'approved', source = 'automatic', exclusive = ${exclusive},
           decided_at = now(), updated_at = now()
     where id = ${claimId}`);
}

export async function setClaimResubmitted(
  tx: Tx,
  claimId: string,
  v: { hours: number; adjustmentReason: string; kind: string; occurredOn: string },
): Promise<void> {
  await tx.execute(sql`
    update credit_claims set status = 'pending', hours = ${v.hours}, adjustment_reason = ${v.adjustmentReason},
           kind = ${v.kind}, occurred_on = ${v.occurredOn}, submitted_at = now(), decided_at = null, updated_at = now()
     where id = ${claimId}`);
}

export async function deleteClaim(tx: Tx, claimId: string): Promise<void> {
  await tx.execute(sql`delete from credit_claims where id = ${claimId}`);
}

// ─── Licences ────────────────────────────────────────────────────────────────────────────────────

export type LicenceRow = {
  id: string;
  user_id: string;
  name: string;
  number: string;
  issuer: string;
  credit_type_id: string;
  type_name: string;
  cycle_start_on: string;
  cycle_years: number;
  hours_required: number;
  cycle_start: string;
  cycle_end: string;
  approved_hours: number;
  pending_hours: number;
};

/**
 * The person's licences with renewal progress in the cycle holding today: one short range of
 * `credit_claims_progress_idx` per licence, hours read from the index.
 */
const licencesSql = (userId: string, licenceId?: string) => sql`
    select l.id, l.user_id, l.name, l.number, l.issuer, l.credit_type_id, t.name as type_name,
           l.cycle_start_on::text as cycle_start_on, l.cycle_years, l.hours_required::float8 as hours_required,
           cy.start::text as cycle_start, (cy.start + make_interval(years => l.cycle_years) - interval '1 day')::date::text as cycle_end,
           p.approved::float8 as approved_hours, p.pending::float8 as pending_hours
      from licences l
      join credit_types t on t.id = l.credit_type_id
      cross join lateral (
        select (l.cycle_start_on + make_interval(years => l.cycle_years *
                 greatest(0, floor(extract(year from age(current_date, l.cycle_start_on)) / l.cycle_years))::int))::date as start
      ) cy
      cross join lateral (
        select coalesce(sum(c.hours) filter (where c.status = 'approved'), 0) as approved,
               coalesce(sum(c.hours) filter (where c.status in ('pending', 'changes_requested')), 0) as pending
          from credit_claims c
         where c.user_id = l.user_id and c.credit_type_id = l.credit_type_id
           and c.occurred_on >= cy.start and c.occurred_on < cy.start + make_interval(years => l.cycle_years)
      ) p
     where l.user_id = ${userId} ${licenceId ? sql`and l.id = ${licenceId}` : sql``}
     order by l.created_at, l.id`;

export async function listLicences(tx: Tx, userId: string, licenceId?: string): Promise<LicenceRow[]> {
  const { rows } = await tx.execute<LicenceRow>(licencesSql(userId, licenceId));
  return rows;
}

/**
 * Renewal progress as a teacher reads it on every visit: the same statement, named, so each
 * connection plans it once (planning it cost more than running it).
 */
export function readRenewalProgress(db: Db, userId: string): Promise<LicenceRow[]> {
  return namedQuery<LicenceRow>(db, 'credit-renewal-progress', licencesSql(userId));
}

export async function insertLicence(
  tx: Tx,
  v: {
    id: string;
    userId: string;
    districtId: string;
    name: string;
    number: string;
    issuer: string;
    creditTypeId: string;
    cycleStartOn: string;
    cycleYears: number;
    hoursRequired: number;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into licences (id, user_id, district_id, name, number, issuer, credit_type_id, cycle_start_on,
      cycle_years, hours_required)
    values (${v.id}, ${v.userId}, ${v.districtId}, ${v.name}, ${v.number}, ${v.issuer}, ${v.creditTypeId},
      ${v.cycleStartOn}, ${v.cycleYears}, ${v.hoursRequired})`);
}

export async function updateLicence(
  tx: Tx,
  id: string,
  v: {
    name: string;
    number: string;
    issuer: string;
    creditTypeId: string;
    cycleStartOn: string;
    cycleYears: number;
    hoursRequired: number;
  },
): Promise<void> {
  await tx.execute(sql`
    update licences set name = ${v.name}, number = ${v.number}, issuer = ${v.issuer},
           credit_type_id = ${v.creditTypeId}, cycle_start_on = ${v.cycleStartOn}, cycle_years = ${v.cycleYears},
           hours_required = ${v.hoursRequired}, updated_at = now()
     where id = ${id}`);
}

export async function deleteLicence(tx: Tx, userId: string, id: string): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(
    sql`delete from licences where id = ${id} and user_id = ${userId} returning id`,
  );
  return rows.length > 0;
}

// ─── Transcripts ─────────────────────────────────────────────────────────────────────────────────

export type TranscriptLine = {
  occurred_on: string;
  title: string;
  kind: string;
  provider: string;
  type_name: string;
  hours: number;
  approver: string;
  decided_on: string;
};

/** The person's approved claims in order of the day they happened, for a transcript. */
export async function approvedLines(
  tx: Tx,
  userId: string,
  args: { creditTypeId?: string; from?: string; to?: string },
): Promise<TranscriptLine[]> {
  const { rows } = await tx.execute<TranscriptLine>(sql`
    select c.occurred_on::text as occurred_on, e.title, c.kind, e.provider, t.name as type_name,
           c.hours::float8 as hours, coalesce(au.name, c.approver_name, 'Approved automatically') as approver,
           coalesce((c.decided_at at time zone 'UTC')::date, c.occurred_on)::text as decided_on
      from credit_claims c
      join credit_types t on t.id = c.credit_type_id
      join learning_entries e on e.id = c.entry_id
      left join users au on au.id = c.approver_id
     where c.user_id = ${userId} and c.status = 'approved'
       ${args.creditTypeId ? sql`and c.credit_type_id = ${args.creditTypeId}` : sql``}
       ${args.from ? sql`and c.occurred_on >= ${args.from}::date` : sql``}
       ${args.to ? sql`and c.occurred_on <= ${args.to}::date` : sql``}
     order by c.occurred_on, c.id`);
  return rows;
}

export type TranscriptRow = {
  id: string;
  user_id: string;
  district_id: string;
  record: unknown;
  record_sha256: string;
  signature: string;
  public_key: string;
  pdf_key: string;
  pdf_sha256: string;
  entry_count: number;
  total_hours: number;
  issued_at: Date | string;
};

export async function findTranscript(tx: Tx, id: string): Promise<TranscriptRow | null> {
  const { rows } = await tx.execute<TranscriptRow>(sql`
    select tr.id, tr.user_id, tr.district_id, tr.record, tr.record_sha256, tr.signature, k.public_key, tr.pdf_key,
           tr.pdf_sha256, tr.entry_count, tr.total_hours::float8 as total_hours, tr.issued_at
      from transcripts tr join credit_signing_keys k on k.id = tr.key_id
     where tr.id = ${id}`);
  return rows[0] ?? null;
}

export async function listTranscripts(tx: Tx, userId: string): Promise<TranscriptRow[]> {
  const { rows } = await tx.execute<TranscriptRow>(sql`
    select tr.id, tr.user_id, tr.district_id, tr.record, tr.record_sha256, tr.signature, k.public_key, tr.pdf_key,
           tr.pdf_sha256, tr.entry_count, tr.total_hours::float8 as total_hours, tr.issued_at
      from transcripts tr join credit_signing_keys k on k.id = tr.key_id
     where tr.user_id = ${userId}
     order by tr.issued_at desc, tr.id desc
     limit 50`);
  return rows;
}

export async function insertTranscript(
  tx: Tx,
  v: {
    id: string;
    userId: string;
    districtId: string;
    record: unknown;
    recordSha256: string;
    signature: string;
    keyId: string;
    pdfKey: string;
    pdfSha256: string;
    entryCount: number;
    totalHours: number;
    issuedAt: string;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into transcripts (id, user_id, district_id, record, record_sha256, signature, key_id, pdf_key, pdf_sha256,
      entry_count, total_hours, issued_at)
    values (${v.id}, ${v.userId}, ${v.districtId}, ${JSON.stringify(v.record)}::jsonb, ${v.recordSha256}, ${v.signature},
      ${v.keyId}, ${v.pdfKey}, ${v.pdfSha256}, ${v.entryCount}, ${v.totalHours}, ${v.issuedAt}::timestamptz)`);
}

export async function signingKeyRow(
  tx: Tx,
  districtId: string,
): Promise<{ id: string; public_key: string; secret_key_encrypted: string } | null> {
  const { rows } = await tx.execute<{ id: string; public_key: string; secret_key_encrypted: string }>(
    sql`select id, public_key, secret_key_encrypted from credit_signing_keys where district_id = ${districtId}`,
  );
  return rows[0] ?? null;
}

export async function insertSigningKey(
  tx: Tx,
  v: { id: string; districtId: string; publicKey: string; secretKeyEncrypted: string },
): Promise<void> {
  await tx.execute(sql`
    insert into credit_signing_keys (id, district_id, public_key, secret_key_encrypted)
    values (${v.id}, ${v.districtId}, ${v.publicKey}, ${v.secretKeyEncrypted})
    on conflict (district_id) do nothing`);
}

export async function personFacts(
  tx: Tx,
  userId: string,
): Promise<{ name: string; sourced_id: string | null; district_name: string; school_id: string | null }> {
  const { rows } = await tx.execute<{
    name: string;
    sourced_id: string | null;
    district_name: string;
    school_id: string | null;
  }>(sql`
    select u.name, u.sourced_id, d.name as district_name, p.school_id
      from users u join organizations d on d.id = u.district_id left join profiles p on p.user_id = u.id
     where u.id = ${userId}`);
  return rows[0];
}

// ─── Import and export ───────────────────────────────────────────────────────────────────────────

/** The district's active people matched by roster staff id or email (lower-cased). */
export async function peopleByKey(
  tx: Tx,
  districtId: string,
  staffIds: string[],
  emails: string[],
): Promise<
  { id: string; name: string; sourced_id: string | null; email: string; school_id: string | null }[]
> {
  const { rows } = await tx.execute<{
    id: string;
    name: string;
    sourced_id: string | null;
    email: string;
    school_id: string | null;
  }>(sql`
    select u.id, u.name, u.sourced_id, lower(u.email) as email, p.school_id
      from users u left join profiles p on p.user_id = u.id
     where u.district_id = ${districtId}
       and (u.sourced_id = any(${pgTexts(staffIds)}) or lower(u.email) = any(${pgTexts(emails)}))`);
  return rows;
}

/** Of the people's source refs, those each already has an entry for (imported before), as `person:ref`. */
export async function existingSourceRefs(tx: Tx, userIds: string[], refs: string[]): Promise<Set<string>> {
  if (!refs.length || !userIds.length) return new Set();
  const { rows } = await tx.execute<{ user_id: string; source_ref: string }>(
    sql`select user_id, source_ref from learning_entries
         where user_id = any(${pgUuids(userIds)}) and source_ref = any(${pgTexts(refs)})`,
  );
  return new Set(rows.map((r) => `${r.user_id}:${r.source_ref}`));
}

export async function insertImportedEntry(
  tx: Tx,
  v: {
    id: string;
    userId: string;
    districtId: string;
    kind: string;
    title: string;
    occurredOn: string;
    minutes: number;
    provider: string;
    sourceRef: string;
  },
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
      provider, status, source_ref, credit_status, credit_locked)
    values (${v.id}, ${v.userId}, ${v.districtId}, 'self', ${v.kind}, ${v.title}, ${v.occurredOn}::date::timestamptz,
      ${v.minutes}, ${v.provider}, 'logged', ${v.sourceRef}, 'approved', true)
    on conflict (user_id, source_ref) where source_ref is not null do nothing
    returning id`);
  return rows.length > 0;
}

export type ExportRow = {
  id: string;
  staff_id: string | null;
  name: string;
  email: string;
  school: string | null;
  type_name: string;
  title: string;
  kind: string;
  occurred_on: string;
  hours: number;
  approver: string;
  approved_on: string | null;
  source: string;
};

/** A page of the district's approved claims by the day they happened, for the HR export. */
export async function exportPage(
  tx: Tx,
  districtId: string,
  args: {
    from?: string;
    to?: string;
    creditTypeId?: string;
    after?: { day: string; id: string };
    limit: number;
  },
): Promise<ExportRow[]> {
  const { rows } = await tx.execute<ExportRow>(sql`
    select c.id, u.sourced_id as staff_id, u.name, u.email, so.name as school, t.name as type_name, e.title, c.kind,
           c.occurred_on::text as occurred_on, c.hours::float8 as hours,
           coalesce(au.name, c.approver_name, 'Approved automatically') as approver,
           (c.decided_at at time zone 'UTC')::date::text as approved_on, c.source
      from credit_claims c
      join users u on u.id = c.user_id
      join credit_types t on t.id = c.credit_type_id
      join learning_entries e on e.id = c.entry_id
      left join organizations so on so.id = c.school_id
      left join users au on au.id = c.approver_id
     where c.district_id = ${districtId} and c.status = 'approved'
       ${args.from ? sql`and c.occurred_on >= ${args.from}::date` : sql``}
       ${args.to ? sql`and c.occurred_on <= ${args.to}::date` : sql``}
       ${args.creditTypeId ? sql`and c.credit_type_id = ${args.creditTypeId}` : sql``}
       ${args.after ? sql`and (c.occurred_on, c.id) > (${args.after.day}::date, ${args.after.id}::uuid)` : sql``}
     order by c.occurred_on, c.id
     limit ${args.limit}`);
  return rows;
}

// ─── Arrays ──────────────────────────────────────────────────────────────────────────────────────

/** A uuid[] parameter. */
export const pgUuids = (ids: readonly string[]): SQL =>
  ids.length
    ? sql`array[${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]::uuid[]`
    : sql`'{}'::uuid[]`;
/** A text[] parameter. */
export const pgTexts = (values: readonly string[]): SQL =>
  values.length
    ? sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
