/**
 * Credit use cases: a district's credit types and approvers, teachers' submissions (claims) and the
 * approver's decisions, licences with renewal progress. Each use case runs in one transaction that
 * writes its audit event and records its activity; rules that must hold under concurrency (an entry
 * approved once under types that forbid double counting, caps per kind and period) are checked with
 * the entry's row locked and backed by unique indexes (decision 052).
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type {
  ClaimListResponse,
  ClaimQueueQuery,
  ClaimView,
  CreditSettingsBody,
  CreditTypeBody,
  CreditTypeListResponse,
  CreditTypeView,
  DecideClaimBody,
  LicenceBody,
  LicenceView,
  MyClaimsQuery,
  SubmitClaimsBody,
} from '#shared/contracts/credit.ts';
import { MANUAL_LEARNING_KIND_LABELS, type ManualLearningKind } from '#shared/contracts/learning.ts';
import { ASKED_FOR_CHANGES } from './activity.ts';
import { type ApproverSettings, canDecideClaim, canSeeClaim } from './policy.ts';
import {
  approveAutomatically,
  approvedHoursInPeriod,
  approversFor,
  type ClaimRow,
  type CreditTypeRow,
  deleteClaim,
  deleteLicence,
  districtPeople,
  type EntryRow,
  findClaim,
  findClaims,
  findType,
  insertClaim,
  insertLicence,
  insertType,
  type LicenceRow,
  listLicences as listLicenceRows,
  readRenewalProgress,
  listOwnClaims,
  listQueue,
  listTypes,
  lockEntry,
  lockOwnEntries,
  otherApprovals,
  readSettings,
  refreshEntryCredit,
  setClaimDecision,
  setClaimResubmitted,
  setTypeArchived,
  type SettingsRow,
  updateLicence as updateLicenceRow,
  updateType,
  writeSettings,
} from './queries.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const quarter = (h: number) => Math.round(h * 4) / 4;

/** A kind as people read it. */
export const kindLabel = (kind: string): string =>
  MANUAL_LEARNING_KIND_LABELS[kind as ManualLearningKind] ?? kind.replace(/_/g, ' ');

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

const asSettings = (row: SettingsRow): ApproverSettings => ({
  approver: row.approver,
  pdStaffIds: row.pd_staff_ids,
});

// ─── Settings and types ─────────────────────────────────────────────────────────────────────────

/** The district's approver choice and PD staff, for its administrators. */
export async function getCreditSettings(args: { db: Db; actor: Actor }) {
  const row = await readSettings(args.db, args.actor.districtId);
  return {
    approver: row.approver,
    pdStaff: await districtPeople(args.db, args.actor.districtId, row.pd_staff_ids),
  };
}

/** A district administrator chooses who approves: principals, or the named PD staff. */
export async function updateCreditSettings(args: { db: Db; actor: Actor; body: CreditSettingsBody }) {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const people = await districtPeople(tx, actor.districtId, body.pdStaffIds);
    if (people.length !== body.pdStaffIds.length)
      throw invalidField('/body/pdStaffIds', 'must name active people of your district');
    if (body.approver === 'pd_staff' && !people.length)
      throw invalidField('/body/pdStaffIds', 'must name at least one person when PD staff approve');
    await writeSettings(tx, actor.districtId, body.approver, body.pdStaffIds, actor.userId);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.settings_updated',
      target: { type: 'district', id: actor.districtId },
      districtId: actor.districtId,
      details: { approver: body.approver, pdStaffIds: body.pdStaffIds },
    });
  });
  return getCreditSettings(args);
}

export function presentType(row: CreditTypeRow): CreditTypeView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kinds: row.kinds,
    maxHoursPerKind: row.max_hours_per_kind,
    periodStartMonth: row.period_start_month,
    evidenceRequired: row.evidence_required,
    reflectionRequired: row.reflection_required,
    autoApproveKinds: row.auto_approve_kinds,
    renewalCycleYears: row.renewal_cycle_years,
    renewalHoursRequired: row.renewal_hours_required,
    defaultHours: row.default_hours,
    allowDoubleCounting: row.allow_double_counting,
    archived: row.archived_at !== null,
  };
}

/** The district's credit types; its administrators also see archived ones. */
export async function listCreditTypes(args: { db: Db; actor: Actor }): Promise<CreditTypeListResponse> {
  const manage = isDistrictAdmin(args.actor);
  const rows = await listTypes(args.db, args.actor.districtId, manage);
  return { data: rows.map(presentType), abilities: { manage } };
}

type TypeInput = Parameters<typeof insertType>[3];

const nameTaken = () =>
  new ConflictError('Your district already has a credit type of this name.', [
    { path: '/body/name', message: 'is already the name of a credit type' },
  ]);

/** A district administrator defines a credit type and its rules. */
export async function createCreditType(args: {
  db: Db;
  actor: Actor;
  body: CreditTypeBody;
}): Promise<CreditTypeView> {
  const { actor } = args;
  const body = args.body as TypeInput;
  const id = uuidv7();
  try {
    await args.db.transaction(async (tx) => {
      await insertType(tx, id, actor.districtId, body);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'credit.type_created',
        target: { type: 'credit_type', id },
        districtId: actor.districtId,
        details: { name: body.name },
      });
      await recordActivity(tx, {
        actor,
        verb: 'created',
        object: { type: 'credit_type', id, name: body.name },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return presentType((await findType(args.db, actor.districtId, id))!);
}

/**
 * A district administrator changes a type's rules. Claims already decided keep their decision;
 * new submissions and decisions follow the new rules.
 */
export async function updateCreditType(args: {
  db: Db;
  actor: Actor;
  typeId: string;
  body: CreditTypeBody;
}): Promise<CreditTypeView> {
  const { actor } = args;
  const body = args.body as TypeInput;
  try {
    await args.db.transaction(async (tx) => {
      const row = await findType(tx, actor.districtId, args.typeId, true);
      if (!row) throw new NotFoundError('No such credit type.');
      await updateType(tx, row.id, body);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'credit.type_updated',
        target: { type: 'credit_type', id: row.id },
        districtId: actor.districtId,
        details: { name: body.name, before: presentType(row) },
      });
      await recordActivity(tx, {
        actor,
        verb: 'updated',
        object: { type: 'credit_type', id: row.id, name: body.name },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return presentType((await findType(args.db, actor.districtId, args.typeId))!);
}

/** Archives (or restores) a type: no new submissions; what was approved stays. */
export async function archiveCreditType(args: {
  db: Db;
  actor: Actor;
  typeId: string;
  archived: boolean;
}): Promise<CreditTypeView> {
  const { actor } = args;
  try {
    await args.db.transaction(async (tx) => {
      const row = await findType(tx, actor.districtId, args.typeId, true);
      if (!row) throw new NotFoundError('No such credit type.');
      await setTypeArchived(tx, row.id, args.archived);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: args.archived ? 'credit.type_archived' : 'credit.type_restored',
        target: { type: 'credit_type', id: row.id },
        districtId: actor.districtId,
        details: { name: row.name },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return presentType((await findType(args.db, actor.districtId, args.typeId))!);
}

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────

/** The hours an entry counts for under a type when the teacher does not say. */
export function defaultHoursFor(
  type: CreditTypeRow,
  entry: Pick<EntryRow, 'kind' | 'duration_minutes'>,
): number {
  const byKind = type.default_hours[entry.kind];
  if (byKind !== undefined) return byKind;
  return entry.duration_minutes ? quarter(entry.duration_minutes / 60) : 0;
}

/**
 * Whether an entry's default hours are the teacher's word: read from a duration that a hand entry lent
 * it when merged in, where the type sets no hours for the kind (decision 059).
 */
export function hoursEnteredByHand(
  type: CreditTypeRow,
  entry: Pick<EntryRow, 'kind' | 'duration_merged_from'>,
): boolean {
  return entry.duration_merged_from !== null && type.default_hours[entry.kind] === undefined;
}

/** Why an entry cannot go for credit under the type, or null. */
export function entryProblem(type: CreditTypeRow, entry: EntryRow): string | null {
  if (entry.status !== 'logged') return 'is a draft: log it before submitting it';
  if (entry.merged_into_id) return 'was merged into another entry, which counts instead';
  if (entry.voided_at) return 'was withdrawn by the tool that reported it';
  if (!type.kinds.includes(entry.kind))
    return `is ${kindLabel(entry.kind)}, which does not count toward ${type.name}`;
  if (type.evidence_required && entry.evidence_count === 0) return `needs evidence attached for ${type.name}`;
  if (type.reflection_required && !entry.will_try.trim() && !entry.practice_change.trim())
    return `needs a reflection for ${type.name}`;
  return null;
}

/**
 * Approvals of one person's credit under one type take turns, so the per-kind maximum read by
 * `approvalProblem` cannot be passed by two approvals at the same moment.
 */
const lockPersonCredit = (tx: Tx, userId: string, typeId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credit:${userId}:${typeId}`}))`);

/**
 * Why approving `hours` of the entry under the type would break a rule, or null: counted twice
 * where a type forbids it, or above the type's maximum for the kind in the period. The entry's row
 * must be locked, so two approvals of one entry take turns.
 */
async function approvalProblem(
  tx: Tx,
  type: CreditTypeRow,
  claim: {
    id: string | null;
    entryId: string;
    userId: string;
    kind: string;
    occurredOn: string;
    hours: number;
  },
): Promise<string | null> {
  const others = await otherApprovals(tx, claim.entryId, claim.id);
  const clash = others.find((o) => !type.allow_double_counting || o.exclusive);
  if (clash)
    return `This entry is already approved for ${clash.type_name}; ${
      type.allow_double_counting ? clash.type_name : type.name
    } does not count one activity twice.`;
  const cap = type.max_hours_per_kind[claim.kind];
  if (cap !== undefined) {
    const used = await approvedHoursInPeriod(tx, {
      userId: claim.userId,
      creditTypeId: type.id,
      kind: claim.kind,
      day: claim.occurredOn,
      startMonth: type.period_start_month,
    });
    if (used.hours + claim.hours > cap)
      return `${type.name} counts at most ${cap} hours of ${kindLabel(claim.kind)} from ${used.from} to ${used.to}; ${used.hours} are approved already, so ${claim.hours} more would be over.`;
  }
  return null;
}

// ─── Claims ─────────────────────────────────────────────────────────────────────────────────────

function presentClaim(row: ClaimRow, actor: Actor, settings: ApproverSettings): ClaimView {
  const facts = {
    districtId: row.district_id,
    userId: row.user_id,
    schoolId: row.school_id,
    schoolHasPrincipal: row.school_has_principal,
  };
  const own = row.user_id === actor.userId;
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    hours: row.hours,
    defaultHours: row.default_hours,
    adjustmentReason: row.adjustment_reason,
    creditType: { id: row.credit_type_id, name: row.type_name },
    entry: {
      id: row.entry_id,
      kind: row.kind,
      title: row.title,
      occurredOn: row.occurred_on,
      durationMinutes: row.duration_minutes,
      provider: row.provider,
      willTry: row.will_try,
      practiceChange: row.practice_change,
      evidence: row.evidence,
    },
    teacher: { id: row.user_id, name: row.teacher_name, schoolName: row.school_name },
    approver:
      row.status === 'pending' || row.status === 'changes_requested'
        ? row.approver_id || row.approver_name
          ? { id: row.approver_id, name: row.approver_name ?? '' }
          : null
        : { id: row.approver_id, name: row.approver_name ?? 'Approved automatically' },
    comment: row.comment,
    submittedAt: iso(row.submitted_at),
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    abilities: {
      decide: row.status === 'pending' && canDecideClaim(actor, facts, settings),
      resubmit: own && row.status === 'changes_requested',
      withdraw: own && (row.status === 'pending' || row.status === 'changes_requested'),
    },
  };
}

async function presentClaims(tx: Tx, actor: Actor, ids: string[]): Promise<ClaimView[]> {
  const settings = asSettings(await readSettings(tx, actor.districtId));
  return (await findClaims(tx, ids)).map((row) => presentClaim(row, actor, settings));
}

/** What each of the teacher's entries would count for under the type, and why one could not go. */
export async function previewClaims(args: {
  db: Db;
  actor: Actor;
  creditTypeId: string;
  entryIds: string[];
}) {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const type = await findType(tx, actor.districtId, args.creditTypeId);
    if (!type || type.archived_at) throw new NotFoundError('No such credit type.');
    const entries = await lockOwnEntries(tx, actor.userId, args.entryIds);
    const byId = new Map(entries.map((e) => [e.id, e]));
    return args.entryIds.flatMap((id) => {
      const entry = byId.get(id);
      if (!entry) return [];
      return [
        {
          entryId: id,
          title: entry.title,
          kind: entry.kind,
          defaultHours: defaultHoursFor(type, entry),
          problem: entryProblem(type, entry),
        },
      ];
    });
  });
}

/**
 * A teacher submits one or many of their logged entries for a credit type. Hours default per kind
 * (or from the entry's duration) and may be changed with a reason. Kinds the type approves
 * automatically are approved at once when no rule stands in the way.
 */
export async function submitClaims(args: {
  db: Db;
  actor: Actor;
  body: SubmitClaimsBody;
}): Promise<ClaimView[]> {
  const { actor } = args;
  const body = args.body as Required<SubmitClaimsBody> & {
    entries: { entryId: string; hours?: number; adjustmentReason: string }[];
  };
  const ids: string[] = [];
  await args.db.transaction(async (tx) => {
    const type = await findType(tx, actor.districtId, body.creditTypeId);
    if (!type || type.archived_at)
      throw invalidField('/body/creditTypeId', 'is not a credit type of your district');
    await lockPersonCredit(tx, actor.userId, type.id);
    const entries = await lockOwnEntries(
      tx,
      actor.userId,
      body.entries.map((e) => e.entryId),
    );
    const byId = new Map(entries.map((e) => [e.id, e]));
    const autoApproved: { id: string; entry: EntryRow; hours: number }[] = [];
    const pending: EntryRow[] = [];
    for (const [i, item] of body.entries.entries()) {
      const at = `/body/entries/${i}`;
      const entry = byId.get(item.entryId);
      if (!entry) throw new NotFoundError(`No such learning entry: ${at}/entryId.`);
      const problem = entryProblem(type, entry);
      if (problem) throw invalidField(`${at}/entryId`, problem);
      const defaultHours = defaultHoursFor(type, entry);
      const hours = item.hours ?? defaultHours;
      if (hours <= 0) throw invalidField(`${at}/hours`, 'must be more than 0: say how many hours it took');
      if (hours !== defaultHours && !item.adjustmentReason)
        throw invalidField(`${at}/adjustmentReason`, `must say why the hours differ from ${defaultHours}`);
      const others = await otherApprovals(tx, entry.id, null);
      const clash = others.find((o) => !type.allow_double_counting || o.exclusive);
      if (clash)
        throw new ConflictError(`“${entry.title}” is already approved for ${clash.type_name}.`, [
          {
            path: `${at}/entryId`,
            message: `is already approved for ${clash.type_name}, and cannot count twice`,
          },
        ]);
      const id = uuidv7();
      const inserted = await insertClaim(tx, {
        id,
        entryId: entry.id,
        userId: actor.userId,
        districtId: actor.districtId,
        schoolId: actor.schoolId,
        creditTypeId: type.id,
        kind: entry.kind,
        occurredOn: entry.occurred_on,
        hours,
        defaultHours,
        adjustmentReason: item.adjustmentReason ?? '',
        status: 'pending',
        source: 'submitted',
        exclusive: false,
      });
      if (!inserted)
        throw new ConflictError(`“${entry.title}” is already submitted for ${type.name}.`, [
          { path: `${at}/entryId`, message: `is already submitted for ${type.name}` },
        ]);
      ids.push(id);
      // Approved without an approver only what Trellis recorded or a tool reported (attendance at
      // the district's own events), at the hours its source or the district's default says: a hand
      // entry, hours the teacher adjusted, or hours read from a duration a hand entry lent when it
      // was merged in (decision 059) go to the approver.
      const auto =
        type.auto_approve_kinds.includes(entry.kind) &&
        entry.source !== 'self' &&
        hours === defaultHours &&
        !hoursEnteredByHand(type, entry) &&
        !(await approvalProblem(tx, type, {
          id,
          entryId: entry.id,
          userId: actor.userId,
          kind: entry.kind,
          occurredOn: entry.occurred_on,
          hours,
        }));
      if (auto) {
        // Approved now, so the next entry of the batch counts it against the type's maximum.
        await approveAutomatically(tx, id, !type.allow_double_counting);
        autoApproved.push({ id, entry, hours });
      } else pending.push(entry);
    }
    for (const approved of autoApproved) {
      await recordActivity(tx, {
        actor: null,
        verb: 'approved',
        object: { type: 'credit_claim', id: approved.id, name: approved.entry.title },
        context: {
          districtId: actor.districtId,
          schoolId: actor.schoolId,
          extensions: creditExtensions(actor.userId, type, approved.entry.id),
        },
        result: creditResult(approved.hours),
      });
    }
    await refreshEntryCredit(
      tx,
      entries.map((e) => e.id),
    );
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.submitted',
      target: { type: 'credit_type', id: type.id },
      districtId: actor.districtId,
      details: { claimIds: ids, automatic: autoApproved.map((a) => a.id) },
    });
    await recordActivity(tx, {
      actor,
      verb: 'submitted',
      object: { type: 'credit_type', id: type.id, name: type.name },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/credit-claims': ids } },
      notify: pending.length
        ? [
            {
              kind: 'credit_submitted',
              to: await approversFor(tx, actor.districtId, actor.schoolId, actor.userId),
              data: { count: String(pending.length), creditType: type.name, entryTitle: pending[0].title },
            },
          ]
        : [],
    });
  });
  return presentClaims(args.db, actor, ids);
}

const creditExtensions = (learnerId: string, type: CreditTypeRow, entryId: string) => ({
  'https://trellis.dev/xapi/extensions/learner': learnerId,
  'https://trellis.dev/xapi/extensions/credit-type': type.name,
  'https://trellis.dev/xapi/extensions/learning-entry': entryId,
});
const creditResult = (hours: number) => ({
  success: true,
  duration: `PT${hours}H`,
  extensions: { 'https://trellis.dev/xapi/extensions/credit-hours': hours },
});

/** The claim for one who may see it (its teacher or an approver of it); 404 for anyone else. */
export async function getClaim(args: { db: Db; actor: Actor; claimId: string }): Promise<ClaimView> {
  const row = await findClaim(args.db, args.claimId);
  const settings = asSettings(await readSettings(args.db, args.actor.districtId));
  if (
    !row ||
    !canSeeClaim(
      args.actor,
      {
        districtId: row.district_id,
        userId: row.user_id,
        schoolId: row.school_id,
        schoolHasPrincipal: row.school_has_principal,
      },
      settings,
    )
  )
    throw new NotFoundError('No such credit claim.');
  return presentClaim(row, args.actor, settings);
}

/** The teacher's own claims, newest first. */
export async function listMyClaims(args: {
  db: Db;
  actor: Actor;
  query: MyClaimsQuery;
}): Promise<ClaimListResponse> {
  const { query, actor } = args;
  const rows = await listOwnClaims(args.db, actor.userId, {
    status: query.status,
    creditTypeId: query.creditTypeId,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (r) => [r.submitted_key, r.id]);
  const settings = asSettings(await readSettings(args.db, actor.districtId));
  return { data: shown.map((r) => presentClaim(r, actor, settings)), nextCursor };
}

/** The approver's queue: what they may decide, oldest first, filtered by status, type, kind and words. */
export async function listApprovals(args: {
  db: Db;
  actor: Actor;
  query: ClaimQueueQuery;
}): Promise<ClaimListResponse> {
  const { query, actor } = args;
  const settings = asSettings(await readSettings(args.db, actor.districtId));
  const rows = await listQueue(args.db, actor, {
    status: query.status,
    creditTypeId: query.creditTypeId,
    kind: query.kind,
    q: query.q?.trim() || undefined,
    after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    limit: query.limit,
    pdStaff: settings.pdStaffIds.includes(actor.userId),
    approver: settings.approver,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (r) => [r.submitted_key, r.id]);
  return { data: shown.map((r) => presentClaim(r, actor, settings)), nextCursor };
}

/**
 * An approver approves a pending claim (its hours are then locked), asks for changes, or declines
 * it, with a comment. Approval takes the entry's row lock, checks double counting and the cap in
 * that transaction, and the partial unique index refuses a second exclusive approval regardless.
 */
export async function decideClaim(args: {
  db: Db;
  actor: Actor;
  claimId: string;
  body: DecideClaimBody;
}): Promise<ClaimView> {
  const { actor } = args;
  const body = args.body as { decision: 'approve' | 'request_changes' | 'decline'; comment: string };
  try {
    await args.db.transaction(async (tx) => {
      const claim = await findClaim(tx, args.claimId, true);
      const settings = asSettings(await readSettings(tx, actor.districtId));
      const facts = claim && {
        districtId: claim.district_id,
        userId: claim.user_id,
        schoolId: claim.school_id,
        schoolHasPrincipal: claim.school_has_principal,
      };
      if (!claim || !facts || !canSeeClaim(actor, facts, settings))
        throw new NotFoundError('No such credit claim.');
      if (!canDecideClaim(actor, facts, settings))
        throw new ForbiddenError('Only an approver of this claim may decide it.');
      if (claim.status !== 'pending')
        throw new ConflictError(
          `This claim is no longer waiting for a decision (it is ${claim.status.replace('_', ' ')}).`,
        );
      const type = (await findType(tx, claim.district_id, claim.credit_type_id))!;
      const teacher = [claim.user_id];
      const data = {
        entryTitle: claim.title,
        creditType: type.name,
        hours: String(claim.hours),
        claimId: claim.id,
      };
      if (body.decision === 'approve') {
        await lockPersonCredit(tx, claim.user_id, type.id);
        await lockEntry(tx, claim.entry_id);
        const problem = await approvalProblem(tx, type, {
          id: claim.id,
          entryId: claim.entry_id,
          userId: claim.user_id,
          kind: claim.kind,
          occurredOn: claim.occurred_on,
          hours: claim.hours,
        });
        if (problem) throw new ConflictError(problem);
        await setClaimDecision(tx, claim.id, {
          status: 'approved',
          approverId: actor.userId,
          comment: body.comment,
          exclusive: !type.allow_double_counting,
        });
        await recordActivity(tx, {
          actor,
          verb: 'approved',
          object: { type: 'credit_claim', id: claim.id, name: claim.title },
          context: {
            schoolId: claim.school_id,
            extensions: creditExtensions(claim.user_id, type, claim.entry_id),
          },
          result: creditResult(claim.hours),
          notify: [{ kind: 'credit_approved', to: teacher, data }],
        });
      } else {
        const status = body.decision === 'decline' ? 'declined' : 'changes_requested';
        await setClaimDecision(tx, claim.id, {
          status,
          approverId: actor.userId,
          comment: body.comment,
          exclusive: false,
        });
        await recordActivity(tx, {
          actor,
          verb: body.decision === 'decline' ? 'declined' : ASKED_FOR_CHANGES,
          object: { type: 'credit_claim', id: claim.id, name: claim.title },
          context: {
            schoolId: claim.school_id,
            extensions: creditExtensions(claim.user_id, type, claim.entry_id),
          },
          notify: [
            {
              kind: body.decision === 'decline' ? 'credit_declined' : 'credit_changes_requested',
              to: teacher,
              data,
            },
          ],
        });
      }
      await refreshEntryCredit(tx, [claim.entry_id]);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: `credit.claim_${body.decision === 'approve' ? 'approved' : body.decision === 'decline' ? 'declined' : 'changes_requested'}`,
        target: { type: 'credit_claim', id: claim.id },
        districtId: claim.district_id,
        details: {
          teacherId: claim.user_id,
          hours: claim.hours,
          creditType: type.name,
          comment: body.comment,
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(
        'This entry is already approved under a credit type that does not count it twice.',
      );
    throw error;
  }
  return getClaim(args);
}

/** The teacher resubmits a claim they were asked to change, once the entry is fixed. */
export async function resubmitClaim(args: {
  db: Db;
  actor: Actor;
  claimId: string;
  body: { hours?: number; adjustmentReason?: string };
}): Promise<ClaimView> {
  const { actor, body } = args;
  await args.db.transaction(async (tx) => {
    const claim = await findClaim(tx, args.claimId, true);
    if (!claim || claim.user_id !== actor.userId) throw new NotFoundError('No such credit claim.');
    if (claim.status !== 'changes_requested')
      throw new ConflictError('Only a claim you were asked to change can be resubmitted.');
    const entry = (await lockEntry(tx, claim.entry_id))!;
    const type = (await findType(tx, claim.district_id, claim.credit_type_id))!;
    if (type.archived_at) throw new ConflictError(`${type.name} no longer takes submissions.`);
    const problem = entryProblem(type, entry);
    if (problem) throw invalidField('/body', `The entry ${problem}.`);
    const defaultHours = defaultHoursFor(type, entry);
    const hours = body.hours ?? claim.hours;
    const reason = body.adjustmentReason ?? claim.adjustment_reason;
    if (hours <= 0) throw invalidField('/body/hours', 'must be more than 0');
    if (hours !== defaultHours && !reason)
      throw invalidField('/body/adjustmentReason', `must say why the hours differ from ${defaultHours}`);
    await setClaimResubmitted(tx, claim.id, {
      hours,
      adjustmentReason: reason,
      kind: entry.kind,
      occurredOn: entry.occurred_on,
    });
    await refreshEntryCredit(tx, [claim.entry_id]);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.claim_resubmitted',
      target: { type: 'credit_claim', id: claim.id },
      districtId: claim.district_id,
      details: { hours },
    });
    await recordActivity(tx, {
      actor,
      verb: 'submitted',
      object: { type: 'credit_claim', id: claim.id, name: entry.title },
      notify: [
        {
          kind: 'credit_submitted',
          to: await approversFor(tx, claim.district_id, claim.school_id, claim.user_id),
          data: { count: '1', creditType: type.name, entryTitle: entry.title, claimId: claim.id },
        },
      ],
    });
  });
  return getClaim(args);
}

/** The teacher withdraws a claim not yet approved; the entry can be edited again. */
export async function withdrawClaim(args: { db: Db; actor: Actor; claimId: string }): Promise<void> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const claim = await findClaim(tx, args.claimId, true);
    if (!claim || claim.user_id !== actor.userId) throw new NotFoundError('No such credit claim.');
    if (claim.status !== 'pending' && claim.status !== 'changes_requested')
      throw new ConflictError('Only a claim not yet decided can be withdrawn.');
    await deleteClaim(tx, claim.id);
    await refreshEntryCredit(tx, [claim.entry_id]);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.claim_withdrawn',
      target: { type: 'credit_claim', id: claim.id },
      districtId: claim.district_id,
      details: { entryId: claim.entry_id, creditType: claim.type_name },
    });
    await recordActivity(tx, {
      actor,
      verb: 'withdrew',
      object: { type: 'credit_claim', id: claim.id, name: claim.title },
    });
  });
}

// ─── Licences ───────────────────────────────────────────────────────────────────────────────────

function presentLicence(row: LicenceRow): LicenceView {
  return {
    id: row.id,
    name: row.name,
    number: row.number,
    issuer: row.issuer,
    creditType: { id: row.credit_type_id, name: row.type_name },
    cycleStartOn: row.cycle_start_on,
    cycleYears: row.cycle_years,
    hoursRequired: row.hours_required,
    progress: {
      cycleStart: row.cycle_start,
      cycleEnd: row.cycle_end,
      approvedHours: row.approved_hours,
      pendingHours: row.pending_hours,
      requiredHours: row.hours_required,
      remainingHours: Math.max(0, row.hours_required - row.approved_hours),
    },
  };
}

/** The teacher's licences, each with renewal progress in its current cycle. */
export async function listLicences(args: { db: Db; actor: Actor }): Promise<LicenceView[]> {
  return (await readRenewalProgress(args.db, args.actor.userId)).map(presentLicence);
}

async function licenceValues(tx: Tx, actor: Actor, body: LicenceBody) {
  const b = body as Required<{ [K in keyof LicenceBody]-?: Exclude<LicenceBody[K], undefined> }>;
  const type = await findType(tx, actor.districtId, b.creditTypeId);
  if (!type) throw invalidField('/body/creditTypeId', 'is not a credit type of your district');
  const cycleYears = b.cycleYears ?? type.renewal_cycle_years;
  const hoursRequired = b.hoursRequired ?? type.renewal_hours_required;
  if (cycleYears === null)
    throw invalidField('/body/cycleYears', `is needed: ${type.name} has no renewal cycle of its own`);
  if (hoursRequired === null)
    throw invalidField('/body/hoursRequired', `is needed: ${type.name} sets no hours for renewal`);
  return {
    name: b.name,
    number: b.number,
    issuer: b.issuer,
    creditTypeId: type.id,
    cycleStartOn: b.cycleStartOn,
    cycleYears,
    hoursRequired,
  };
}

export async function createLicence(args: { db: Db; actor: Actor; body: LicenceBody }): Promise<LicenceView> {
  const { actor } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const values = await licenceValues(tx, actor, args.body);
    await insertLicence(tx, { id, userId: actor.userId, districtId: actor.districtId, ...values });
    await recordActivity(tx, { actor, verb: 'created', object: { type: 'licence', id, name: values.name } });
  });
  return presentLicence((await listLicenceRows(args.db, actor.userId, id))[0]);
}

export async function updateLicence(args: {
  db: Db;
  actor: Actor;
  licenceId: string;
  body: LicenceBody;
}): Promise<LicenceView> {
  const { actor } = args;
  await args.db.transaction(async (tx) => {
    const [row] = await listLicenceRows(tx, actor.userId, args.licenceId);
    if (!row) throw new NotFoundError('No such licence.');
    const values = await licenceValues(tx, actor, args.body);
    await updateLicenceRow(tx, row.id, values);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'licence', id: row.id, name: values.name },
    });
  });
  return presentLicence((await listLicenceRows(args.db, actor.userId, args.licenceId))[0]);
}

export async function removeLicence(args: { db: Db; actor: Actor; licenceId: string }): Promise<void> {
  await args.db.transaction(async (tx) => {
    if (!(await deleteLicence(tx, args.actor.userId, args.licenceId)))
      throw new NotFoundError('No such licence.');
  });
}
