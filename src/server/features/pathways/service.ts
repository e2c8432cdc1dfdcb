import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Db, Tx } from '#server/db/client.ts';
import { createCohortAward } from '#server/features/credentials/index.ts';
import { peopleTold } from '#server/features/notifications/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { csvRow } from '#server/platform/csv.ts';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '#server/platform/errors.ts';
import { enqueue } from '#server/platform/jobs.ts';
import type { RequirementInput } from '#shared/contracts/pathways.ts';
import type {
  ApplicationView,
  ApplyBody,
  CompleteHoldingBody,
  DecisionBody,
  ExperienceBody,
  HoldingView,
  LadderBody,
  LadderView,
  OpportunityBody,
  OpportunityView,
  PathwaysResponse,
  PaySettingsBody,
  RequirementStatus,
  RoleView,
} from '#shared/contracts/pathways.ts';
import {
  APPLICATION_OBJECT,
  COMPLETED,
  HOLDING_OBJECT,
  LADDER_OBJECT,
  MATCHED,
  OPPORTUNITY_OBJECT,
} from './activity.ts';
import { mentoringMinutesByPerson } from './mentoring-link.ts';
import {
  canDefineLadder,
  canPostOpportunity,
  canCloseOpportunity,
  canReview,
  isDistrictAdmin,
  postsOpportunities,
  seesOpportunity,
  seesOwner,
} from './policy.ts';
import * as q from './queries.ts';
import { type RequirementFacts, requirementStatus } from './requirements.ts';
import { notifyEligibleJob } from './jobs.ts';

type Requirement = z.output<typeof RequirementInput>;

// ─── Reading where a person stands ───────────────────────────────────────────────────────────────

/** The ladders of the rows (from `q.ladderRows`), each role with where the person stands and the ladder's next step. */
function presentLadders(rows: q.LadderRow[]): LadderView[] {
  const ladders = new Map<string, LadderView>();
  const roles = new Map<string, RoleView>();
  for (const row of rows) {
    let ladder = ladders.get(row.ladder_id);
    if (!ladder) {
      ladder = {
        id: row.ladder_id,
        ownerOrgId: row.owner_org_id,
        ownerName: row.owner_name,
        title: row.ladder_title,
        description: row.ladder_description,
        roles: [],
        nextStep: null,
      };
      ladders.set(row.ladder_id, ladder);
    }
    let role = roles.get(row.role_id);
    if (!role) {
      role = {
        id: row.role_id,
        position: row.position,
        title: row.role_title,
        description: row.role_description,
        stipendCents: row.stipend_cents,
        releaseTime: row.release_time,
        termMonths: row.term_months,
        payCode: row.pay_code,
        credentialId: row.role_credential_id,
        met: true,
        held: row.held,
        requirements: [],
      };
      roles.set(row.role_id, role);
      ladder.roles.push(role);
    }
    if (row.id) {
      const status = requirementStatus(row as RequirementFacts);
      role.requirements.push(status);
      if (status.standing !== 'met') role.met = false;
    }
  }
  for (const ladder of ladders.values()) ladder.nextStep = nextStepOf(ladder);
  return [...ladders.values()];
}

/**
 * The next step on a ladder: the first role the person neither holds nor meets, and its first
 * requirement not met (one in progress before one not started); or applying, once they meet it.
 */
function nextStepOf(ladder: LadderView): LadderView['nextStep'] {
  const role = ladder.roles.find((r) => !r.held && !r.met) ?? ladder.roles.find((r) => !r.held);
  if (!role) return null;
  const open = role.requirements.filter((r) => r.standing !== 'met');
  const requirement = open.find((r) => r.standing === 'in_progress') ?? open[0];
  if (!requirement)
    return {
      roleId: role.id,
      roleTitle: role.title,
      requirementId: null,
      text: `You meet every requirement of ${role.title}: look for an opportunity to take it on`,
      link: '/opportunities',
    };
  return {
    roleId: role.id,
    roleTitle: role.title,
    requirementId: requirement.id,
    text: `${requirement.label}${requirement.missing ? `: ${requirement.missing.charAt(0).toLowerCase()}${requirement.missing.slice(1)}` : ''}`,
    link: requirement.link,
  };
}

/** The signed-in person's pathways: every ladder open to them with where they stand, and the roles they hold. */
export async function getMyPathways(args: { db: Db; actor: Actor }): Promise<PathwaysResponse> {
  const { db, actor } = args;
  const [rows, holdings] = await Promise.all([
    q.ladderRows(db, actor.userId),
    q.holdingsOf(db, actor.userId),
  ]);
  return {
    data: { ladders: presentLadders(rows), holdings: holdings.map(q.presentHolding) },
    abilities: {
      defineLadders: actor.roles.includes('district_admin') || actor.networkAdminOf.length > 0,
      postOpportunities: postsOpportunities(actor),
    },
  };
}

/**
 * A person's pathways as their district's administrators see them (to confirm what is confirmed by
 * hand), or as they see their own. Anyone else is told the person does not exist here.
 */
export async function getPersonPathways(args: {
  db: Db;
  actor: Actor;
  userId: string;
}): Promise<PathwaysResponse> {
  const { db, actor, userId } = args;
  if (userId === actor.userId) return getMyPathways(args);
  const person = await q.personFacts(db, userId);
  if (!person || !isDistrictAdmin(actor, person.district_id)) throw new NotFoundError('No such person.');
  const [rows, holdings] = await Promise.all([q.ladderRows(db, userId), q.holdingsOf(db, userId)]);
  return {
    data: { ladders: presentLadders(rows), holdings: holdings.map(q.presentHolding) },
    abilities: { defineLadders: true, postOpportunities: postsOpportunities(actor) },
  };
}

/** One ladder open to the person, with where they stand. */
export async function getLadder(args: { db: Db; actor: Actor; ladderId: string }): Promise<LadderView> {
  const ladder = presentLadders(await q.ladderRows(args.db, args.actor.userId, args.ladderId))[0];
  if (!ladder) throw new NotFoundError('No such ladder.');
  return ladder;
}

/**
 * A role held as a colleague sees it: what the person is paid for it is theirs and their district's
 * administrators' alone (the stipend export's readers), not the network's.
 */
function presentSharedHolding(actor: Actor, h: Parameters<typeof q.presentHolding>[0]): HoldingView {
  const view = q.presentHolding(h);
  return h.user_id === actor.userId || isDistrictAdmin(actor, h.district_id)
    ? view
    : { ...view, stipendCents: null };
}

/** The roles a person holds and held: shared leadership, seen by staff of their district and its networks. */
export async function listLeaders(args: {
  db: Db;
  actor: Actor;
  schoolId: string | null;
}): Promise<HoldingView[]> {
  return (await q.currentLeaders(args.db, args.actor, args.schoolId)).map((h) =>
    presentSharedHolding(args.actor, h),
  );
}

/** The leadership roles a person holds and held, on their profile: shared leadership, within the viewer's scope. */
export async function listPersonRoles(args: {
  db: Db;
  actor: Actor;
  userId: string;
}): Promise<HoldingView[]> {
  return (await q.visibleHoldingsOf(args.db, args.actor, args.userId)).map((h) =>
    presentSharedHolding(args.actor, h),
  );
}

// ─── Defining ladders ────────────────────────────────────────────────────────────────────────────

/**
 * Checks a list of requirements against what exists, naming the bad field under `path`: published
 * credentials, competencies, roles of ladders the owner may name. A `pathway_role` requirement
 * without a role names the step before (`previousRoleId`).
 */
async function requirementRows(
  db: Db,
  list: {
    path: string;
    owner: { roleId: string | null; opportunityId: string | null };
    previousRoleId: string | null;
    reqs: Requirement[];
  }[],
  ownerOrgIds: string[],
): Promise<q.RequirementRow[]> {
  const all = list.flatMap((l) => l.reqs);
  const refs = await q.knownReferences(db, {
    credentials: all.flatMap((r) => (r.kind === 'credential' ? [r.credentialId] : [])),
    competencies: all.flatMap((r) => (r.kind === 'learning_hours' && r.competencyId ? [r.competencyId] : [])),
    roles: all.flatMap((r) => (r.kind === 'role_held' && r.heldRoleId ? [r.heldRoleId] : [])),
  });
  const rows: q.RequirementRow[] = [];
  for (const { path, owner, previousRoleId, reqs } of list) {
    reqs.forEach((r, position) => {
      const at = `${path}/${position}`;
      const row: q.RequirementRow = {
        id: uuidv7(),
        ...owner,
        position,
        kind: r.kind,
        label: r.label ?? '',
        credentialId: null,
        learningKind: null,
        competencyId: null,
        hours: null,
        windowMonths: null,
        years: null,
        roleKind: null,
        heldRoleId: null,
        count: 1,
      };
      if (r.kind === 'credential') {
        if (!refs.credentials.has(r.credentialId))
          throw invalidField(`${at}/credentialId`, 'is not a published credential');
        row.credentialId = r.credentialId;
      } else if (r.kind === 'learning_hours') {
        if (r.competencyId && !refs.competencies.has(r.competencyId))
          throw invalidField(`${at}/competencyId`, 'is not a competency of any framework');
        Object.assign(row, {
          hours: r.hours,
          learningKind: r.learningKind ?? null,
          competencyId: r.competencyId ?? null,
          windowMonths: r.windowMonths ?? null,
        });
      } else if (r.kind === 'experience') {
        row.years = r.years;
      } else if (r.kind === 'role_held') {
        row.roleKind = r.roleKind;
        row.count = r.count;
        if (r.roleKind === 'pathway_role') {
          const held = r.heldRoleId ?? previousRoleId;
          if (!held) throw invalidField(`${at}/heldRoleId`, 'name the role that must have been held');
          if (r.heldRoleId && !ownerOrgIds.includes(refs.roles.get(r.heldRoleId) ?? ''))
            throw invalidField(`${at}/heldRoleId`, 'is not a role of a ladder open here');
          row.heldRoleId = held;
        }
      }
      rows.push(row);
    });
  }
  return rows;
}

/** A district's or network's administrator defines a ladder of roles, each with its requirements. */
export async function defineLadder(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof LadderBody>;
}): Promise<LadderView> {
  const { db, actor, body } = args;
  const owner = await q.ownerOrg(db, body.ownerOrgId);
  if (!owner || owner.kind === 'school' || !seesOwner(actor, owner.id))
    throw invalidField('/body/ownerOrgId', 'is not your district or one of its networks');
  if (!canDefineLadder(actor, owner.id))
    throw new ForbiddenError("Only the district's or network's administrators may define its ladders.");
  const refs = await q.knownReferences(db, {
    credentials: body.roles.flatMap((r) => (r.credentialId ? [r.credentialId] : [])),
    competencies: [],
    roles: [],
  });
  body.roles.forEach((r, i) => {
    if (r.credentialId && !refs.credentials.has(r.credentialId))
      throw invalidField(`/body/roles/${i}/credentialId`, 'is not a published credential');
  });
  const ladderId = uuidv7();
  const roleIds = body.roles.map(() => uuidv7());
  const requirements = await requirementRows(
    db,
    body.roles.map((r, i) => ({
      path: `/body/roles/${i}/requirements`,
      owner: { roleId: roleIds[i], opportunityId: null },
      previousRoleId: i > 0 ? roleIds[i - 1] : null,
      reqs: r.requirements,
    })),
    [owner.id, ...actor.networkIds],
  );
  await db.transaction(async (tx) => {
    await q.insertLadder(tx, {
      id: ladderId,
      ownerOrgId: owner.id,
      title: body.title,
      description: body.description,
      createdBy: actor.userId,
    });
    for (const [i, r] of body.roles.entries())
      await q.insertRole(tx, { ...r, id: roleIds[i], ladderId, position: i });
    await q.insertRequirements(tx, requirements);
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: LADDER_OBJECT, id: ladderId, name: body.title },
      context: owner.kind === 'network' ? { networkId: owner.id } : {},
    });
  });
  const ladder = presentLadders(await q.ladderRows(db, actor.userId, ladderId))[0];
  if (ladder) return ladder;
  // A network administrator outside the network's districts defines ladders they are not on.
  return {
    id: ladderId,
    ownerOrgId: owner.id,
    ownerName: '',
    title: body.title,
    description: body.description,
    roles: [],
    nextStep: null,
  };
}

// ─── Confirmations by an administrator ───────────────────────────────────────────────────────────

async function personOfMyDistrict(db: Db | Tx, actor: Actor, userId: string) {
  const person = await q.personFacts(db, userId);
  if (!person || person.district_id !== actor.districtId) throw new NotFoundError('No such person.');
  if (!isDistrictAdmin(actor, person.district_id))
    throw new ForbiddenError("Only the district's administrators may confirm this.");
  return person;
}

/** A district administrator records a person's years of experience (from the roster, or confirmed by them). */
export async function confirmExperience(args: {
  db: Db;
  actor: Actor;
  userId: string;
  body: z.output<typeof ExperienceBody>;
}): Promise<void> {
  const { db, actor, userId, body } = args;
  const person = await personOfMyDistrict(db, actor, userId);
  if (body.asOf > new Date().toISOString().slice(0, 10))
    throw invalidField('/body/asOf', 'must not be in the future');
  await db.transaction(async (tx) => {
    await q.saveExperience(tx, {
      userId,
      districtId: person.district_id,
      ...body,
      confirmedBy: actor.userId,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'pathways.experience_confirmed',
      target: { type: 'user', id: userId },
      districtId: actor.districtId,
      details: { years: body.years, asOf: body.asOf, source: body.source },
    });
  });
}

/** The requirement, when it asks for a confirmation by hand and its ladder or opportunity is open to the person. */
async function manualRequirement(db: Db, requirementId: string, userId: string) {
  if (!(await q.isManualRequirementOpenTo(db, requirementId, userId)))
    throw new NotFoundError('No such requirement to confirm.');
}

/** A district administrator confirms by hand that a person meets a requirement (an interview), or withdraws it. */
export async function setConfirmation(args: {
  db: Db;
  actor: Actor;
  requirementId: string;
  userId: string;
  confirmed: boolean;
  note: string;
}): Promise<void> {
  const { db, actor, requirementId, userId } = args;
  await personOfMyDistrict(db, actor, userId);
  await manualRequirement(db, requirementId, userId);
  await db.transaction(async (tx) => {
    if (args.confirmed)
      await q.saveConfirmation(tx, { requirementId, userId, confirmedBy: actor.userId, note: args.note });
    else await q.deleteConfirmation(tx, requirementId, userId);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: args.confirmed ? 'pathways.requirement_confirmed' : 'pathways.confirmation_withdrawn',
      target: { type: 'user', id: userId },
      districtId: actor.districtId,
      details: { requirementId },
    });
  });
}

// ─── Opportunities ───────────────────────────────────────────────────────────────────────────────

/** An opportunity as the viewer sees it, with where they stand on its requirements. */
function presentOpportunity(
  actor: Actor,
  o: q.OpportunityRow,
  requirements: RequirementStatus[],
): OpportunityView {
  const eligible = requirements.every((r) => r.standing === 'met');
  return {
    id: o.id,
    districtId: o.district_id,
    schoolId: o.school_id,
    schoolName: o.school_name,
    roleId: o.role_id,
    kind: o.kind as OpportunityView['kind'],
    title: o.title,
    description: o.description,
    timeCommitment: o.time_commitment,
    stipendCents: o.stipend_cents,
    startsOn: o.starts_on,
    endsOn: o.ends_on,
    closesOn: o.closes_on,
    status: o.status === 'closed' ? 'closed' : 'open',
    open: o.open,
    postedByName: o.posted_by_name,
    requirements,
    eligible,
    myApplication: o.my_application_id
      ? { id: o.my_application_id, status: o.my_application_status as ApplicationView['status'] }
      : null,
    abilities: {
      apply: o.open && eligible && (!o.my_application_id || o.my_application_status === 'withdrawn'),
      review: canReview(actor, o),
      close: canCloseOpportunity(actor, o),
    },
  };
}

async function standingsFor(db: Db | Tx, userId: string, opportunities: q.OpportunityRow[]) {
  const rows = await q.opportunityRequirementRows(db, userId, opportunities);
  const byOpportunity = new Map<string, RequirementStatus[]>();
  for (const row of rows) {
    const list = byOpportunity.get(row.opportunity_id) ?? [];
    list.push(requirementStatus(row));
    byOpportunity.set(row.opportunity_id, list);
  }
  return byOpportunity;
}

/** The open opportunities of the viewer's district (and those they applied to or posted), with their eligibility. */
export async function listOpportunities(args: { db: Db; actor: Actor }): Promise<OpportunityView[]> {
  const { db, actor } = args;
  const rows = await q.listOpportunities(db, actor.userId, actor.districtId);
  const standings = await standingsFor(db, actor.userId, rows);
  return rows.map((o) => presentOpportunity(actor, o, standings.get(o.id) ?? []));
}

async function loadOpportunity(db: Db | Tx, actor: Actor, id: string, lock = false) {
  const o = await q.findOpportunity(db, id, actor.userId, lock);
  if (!o || !seesOpportunity(actor, o)) throw new NotFoundError('No such opportunity.');
  return o;
}

export async function getOpportunity(args: {
  db: Db;
  actor: Actor;
  opportunityId: string;
}): Promise<OpportunityView> {
  const { db, actor } = args;
  const o = await loadOpportunity(db, actor, args.opportunityId);
  const standings = await standingsFor(db, actor.userId, [o]);
  return presentOpportunity(actor, o, standings.get(o.id) ?? []);
}

/**
 * A principal (for their school) or a district administrator posts an opportunity with its
 * requirements; a job then tells the staff who meet them.
 */
export async function postOpportunity(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof OpportunityBody>;
}): Promise<string> {
  const { db, actor } = args;
  // A principal who names no school posts for their own.
  const body =
    args.body.schoolId === null && !actor.roles.includes('district_admin')
      ? { ...args.body, schoolId: actor.schoolId }
      : args.body;
  if (!postsOpportunities(actor))
    throw new ForbiddenError('Only principals and district administrators post leadership opportunities.');
  if (body.schoolId) {
    if (!(await q.isSchoolOf(db, body.schoolId, actor.districtId)))
      throw invalidField('/body/schoolId', 'is not a school of your district');
  }
  if (!canPostOpportunity(actor, body.schoolId))
    throw new ForbiddenError('A principal posts opportunities for their own school.');
  const today = new Date().toISOString().slice(0, 10);
  if (body.closesOn < today) throw invalidField('/body/closesOn', 'must not be in the past');
  const networks = actor.networkIds;
  if (body.roleId) {
    const role = await q.findRole(db, body.roleId);
    if (!role || ![actor.districtId, ...networks].includes(role.owner_org_id))
      throw invalidField('/body/roleId', 'is not a role of a ladder open to your district');
  }
  const id = uuidv7();
  const requirements = await requirementRows(
    db,
    [
      {
        path: '/body/requirements',
        owner: { roleId: null, opportunityId: id },
        previousRoleId: null,
        reqs: body.requirements,
      },
    ],
    [actor.districtId, ...networks],
  );
  await db.transaction(async (tx) => {
    await q.insertOpportunity(tx, { ...body, id, districtId: actor.districtId, postedBy: actor.userId });
    await q.insertRequirements(tx, requirements);
    await recordActivity(tx, {
      actor,
      verb: 'posted',
      object: { type: OPPORTUNITY_OBJECT, id, name: body.title },
      context: { schoolId: body.schoolId ?? actor.schoolId },
    });
    await enqueue(tx, notifyEligibleJob, { districtId: actor.districtId, opportunityId: id });
  });
  return id;
}

/** Tells the district's staff who meet an opportunity's requirements (the job's work; at most once per person). */
export async function notifyEligibleStaff(db: Db, opportunityId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const o = await q.lockOpportunityToTell(tx, opportunityId);
    if (!o?.open) return 0;
    const eligible = (await q.eligibleStaff(tx, o.id, o.district_id)).filter((id) => id !== o.posted_by);
    const told = new Set(await peopleTold(tx, 'leadership_opportunity', { opportunityId: o.id }));
    const to = eligible.filter((id) => !told.has(id));
    if (to.length === 0) return 0;
    await recordActivity(tx, {
      actor: null,
      verb: MATCHED,
      object: { type: OPPORTUNITY_OBJECT, id: o.id, name: o.title },
      context: { districtId: o.district_id, extensions: { matched: to.length } },
      notify: [
        {
          kind: 'leadership_opportunity',
          to,
          data: { opportunityId: o.id, title: o.title, closesOn: o.closes_on },
        },
      ],
    });
    return to.length;
  });
}

/** Why an opportunity takes no applications, in words for the person who tried. */
const closedReason = (o: { status: string; closes_on: string }) =>
  o.status === 'closed'
    ? 'This opportunity was closed early and takes no applications.'
    : `Applications to this opportunity closed on ${o.closes_on}.`;

/**
 * Whoever posted an opportunity or a district administrator closes it early, or reopens it before
 * its closing date; reopening tells anyone who came to meet it meanwhile (no one twice).
 */
export async function setOpportunityStatus(args: {
  db: Db;
  actor: Actor;
  opportunityId: string;
  status: 'open' | 'closed';
}): Promise<void> {
  const { db, actor, status } = args;
  await db.transaction(async (tx) => {
    const o = await loadOpportunity(tx, actor, args.opportunityId, true);
    if (!canCloseOpportunity(actor, o))
      throw new ForbiddenError('Only whoever posted it or a district administrator closes an opportunity.');
    if (o.status === status) return;
    const today = new Date().toISOString().slice(0, 10);
    if (status === 'open' && o.closes_on < today)
      throw invalidField('/body/status', `cannot reopen: its closing date ${o.closes_on} has passed`);
    await q.setOpportunityStatus(tx, o.id, status);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: status === 'closed' ? 'pathways.opportunity_closed' : 'pathways.opportunity_reopened',
      target: { type: OPPORTUNITY_OBJECT, id: o.id },
      districtId: o.district_id,
      details: { title: o.title },
    });
    if (status === 'open')
      await enqueue(tx, notifyEligibleJob, { districtId: o.district_id, opportunityId: o.id });
  });
}

// ─── Applications ────────────────────────────────────────────────────────────────────────────────

/**
 * A person who meets an opportunity's requirements applies with a short statement, choosing whether
 * reviewers see where they stand. Its reviewers are told.
 */
export async function applyForOpportunity(args: {
  db: Db;
  actor: Actor;
  opportunityId: string;
  body: z.output<typeof ApplyBody>;
}): Promise<ApplicationView> {
  const { db, actor, body } = args;
  const id = await db.transaction(async (tx) => {
    const o = await loadOpportunity(tx, actor, args.opportunityId, true);
    if (!o.open) throw new ConflictError(closedReason(o));
    if (o.my_application_id && o.my_application_status !== 'withdrawn')
      throw new ConflictError('You have applied for this opportunity already.');
    const standing = (await standingsFor(tx, actor.userId, [o])).get(o.id) ?? [];
    const unmet = standing.find((r) => r.standing !== 'met');
    if (unmet) throw new ConflictError(`You do not meet every requirement yet: ${unmet.label}.`);
    const id = o.my_application_id ?? uuidv7();
    await q.saveApplication(tx, { id, opportunityId: o.id, applicantId: actor.userId, ...body });
    await recordActivity(tx, {
      actor,
      verb: 'submitted',
      object: { type: APPLICATION_OBJECT, id, name: o.title },
      notify: [
        { kind: 'leadership_application', to: [o.posted_by], data: { opportunityId: o.id, title: o.title } },
      ],
    });
    return id;
  });
  return getApplication({ db, actor, applicationId: id });
}

async function presentApplication(db: Db | Tx, a: q.ApplicationRow): Promise<ApplicationView> {
  let standing: RequirementStatus[] | null = null;
  if (a.share_standing) {
    const o = await q.findOpportunity(db, a.opportunity_id, a.applicant_id);
    if (o) standing = (await standingsFor(db, a.applicant_id, [o])).get(o.id) ?? [];
  }
  return {
    id: a.id,
    opportunityId: a.opportunity_id,
    applicantId: a.applicant_id,
    applicantName: a.applicant_name,
    statement: a.statement,
    status: a.status as ApplicationView['status'],
    createdAt: new Date(a.created_at).toISOString(),
    standing,
  };
}

/** An application, for its applicant and the opportunity's reviewers. */
export async function getApplication(args: {
  db: Db;
  actor: Actor;
  applicationId: string;
}): Promise<ApplicationView> {
  const { db, actor } = args;
  const a = await q.findApplication(db, args.applicationId);
  if (!a) throw new NotFoundError('No such application.');
  if (a.applicant_id !== actor.userId) {
    const o = await q.findOpportunity(db, a.opportunity_id, actor.userId);
    if (!o || !canReview(actor, o)) throw new NotFoundError('No such application.');
  }
  return presentApplication(db, a);
}

/** The applications to an opportunity, for its reviewers: each with what its applicant chose to share. */
export async function listApplications(args: {
  db: Db;
  actor: Actor;
  opportunityId: string;
}): Promise<ApplicationView[]> {
  const { db, actor } = args;
  const o = await loadOpportunity(db, actor, args.opportunityId);
  if (!canReview(actor, o))
    throw new ForbiddenError('Only the opportunity’s reviewers see its applications.');
  const rows = await q.listApplications(db, o.id);
  return Promise.all(rows.map((a) => presentApplication(db, a)));
}

/**
 * A reviewer shortlists, accepts or declines an application. Accepting gives the applicant the role
 * (on their profile, counting toward requirements) in the same transaction.
 */
export async function decideApplication(args: {
  db: Db;
  actor: Actor;
  applicationId: string;
  body: z.output<typeof DecisionBody>;
}): Promise<ApplicationView> {
  const { db, actor, body } = args;
  await db.transaction(async (tx) => {
    const a = await q.findApplication(tx, args.applicationId, true);
    const o = a ? await q.findOpportunity(tx, a.opportunity_id, actor.userId) : null;
    if (!a || !o || !seesOpportunity(actor, o) || (!canReview(actor, o) && a.applicant_id !== actor.userId))
      throw new NotFoundError('No such application.');
    if (!canReview(actor, o))
      throw new ForbiddenError('Only the opportunity’s reviewers decide its applications.');
    if (!['submitted', 'shortlisted'].includes(a.status))
      throw new ConflictError(`This application is ${a.status} already.`);
    if (body.status === a.status) return;
    await q.setApplicationStatus(tx, a.id, body.status, actor.userId);
    if (body.status === 'accepted') {
      const role = o.role_id ? await q.findRole(tx, o.role_id) : null;
      const holdingId = uuidv7();
      await q.insertHolding(tx, {
        id: holdingId,
        userId: a.applicant_id,
        districtId: a.applicant_district_id,
        schoolId: o.school_id ?? a.applicant_school_id,
        roleId: o.role_id,
        opportunityId: o.id,
        title: o.title,
        stipendCents: o.stipend_cents ?? role?.stipend_cents ?? null,
        payCode: o.pay_code || role?.pay_code || '',
        startsOn: o.starts_on,
        endsOn: o.ends_on,
        createdBy: actor.userId,
      });
    }
    await recordActivity(tx, {
      actor,
      verb: body.status === 'accepted' ? 'approved' : body.status === 'declined' ? 'declined' : 'reviewed',
      object: { type: APPLICATION_OBJECT, id: a.id, name: o.title },
      notify: [
        {
          kind: 'leadership_decision',
          to: [a.applicant_id],
          data: { opportunityId: o.id, title: o.title, status: body.status },
        },
      ],
    });
  });
  return getApplication({ db, actor, applicationId: args.applicationId });
}

/** The applicant withdraws their application while it is undecided. */
export async function withdrawApplication(args: {
  db: Db;
  actor: Actor;
  applicationId: string;
}): Promise<ApplicationView> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    const a = await q.findApplication(tx, args.applicationId, true);
    if (!a || a.applicant_id !== actor.userId) throw new NotFoundError('No such application.');
    if (!['submitted', 'shortlisted'].includes(a.status))
      throw new ConflictError(`This application is ${a.status} already.`);
    await q.setApplicationStatus(tx, a.id, 'withdrawn', null);
    await recordActivity(tx, { actor, verb: 'withdrew', object: { type: APPLICATION_OBJECT, id: a.id } });
  });
  return getApplication(args);
}

// ─── Roles held ──────────────────────────────────────────────────────────────────────────────────

/** A district administrator gives a person of the district a ladder's role for a term. */
export async function assignRole(args: {
  db: Db;
  actor: Actor;
  roleId: string;
  body: { userId: string; startsOn: string; endsOn: string };
}): Promise<HoldingView> {
  const { db, actor, body } = args;
  const role = await q.findRole(db, args.roleId);
  if (!role || !seesOwner(actor, role.owner_org_id)) throw new NotFoundError('No such role.');
  const person = await q.personFacts(db, body.userId);
  if (!person || person.district_id !== actor.districtId)
    throw invalidField('/body/userId', 'is not a person of your district');
  if (!isDistrictAdmin(actor, actor.districtId))
    throw new ForbiddenError("Only the district's administrators give roles.");
  if (body.endsOn < body.startsOn) throw invalidField('/body/endsOn', 'must not be before the start');
  const id = uuidv7();
  await db.transaction(async (tx) => {
    await q.insertHolding(tx, {
      id,
      userId: person.id,
      districtId: person.district_id,
      schoolId: person.school_id,
      roleId: role.id,
      opportunityId: null,
      title: role.title,
      stipendCents: role.stipend_cents,
      payCode: role.pay_code,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      createdBy: actor.userId,
    });
    await recordActivity(tx, {
      actor,
      verb: 'approved',
      object: { type: HOLDING_OBJECT, id, name: role.title },
    });
  });
  const holding = await q.findHolding(db, id);
  return q.presentHolding(holding!);
}

/**
 * A district administrator marks a role completed; with `recognise`, its credential is awarded by its
 * issuer under that credential's own rules (the credentials feature refuses anyone who may not).
 */
export async function completeHolding(args: {
  db: Db;
  actor: Actor;
  holdingId: string;
  body: z.output<typeof CompleteHoldingBody>;
}): Promise<HoldingView & { awardJobId: string | null }> {
  const { db, actor, body } = args;
  const holding = await q.findHolding(db, args.holdingId);
  if (!holding || holding.district_id !== actor.districtId) throw new NotFoundError('No such role held.');
  if (!isDistrictAdmin(actor, holding.district_id))
    throw new ForbiddenError("Only the district's administrators mark roles completed.");
  if (holding.completed_at) throw new ConflictError('This role is completed already.');
  if (body.recognise && !holding.credential_id)
    throw invalidField('/body/recognise', 'this role carries no credential to award');
  const award =
    body.recognise && holding.credential_id
      ? await createCohortAward({
          db,
          actor,
          credentialId: holding.credential_id,
          body: { recipientIds: [holding.user_id] },
        })
      : null;
  await db.transaction(async (tx) => {
    await q.completeHolding(tx, holding.id, award?.id ?? null);
    await recordActivity(tx, {
      actor,
      verb: COMPLETED,
      object: { type: HOLDING_OBJECT, id: holding.id, name: holding.title },
      context: { districtId: holding.district_id },
    });
  });
  const done = await q.findHolding(db, holding.id);
  return { ...q.presentHolding(done!), awardJobId: done!.award_job_id };
}

// ─── Stipends ────────────────────────────────────────────────────────────────────────────────────

function assertDistrictAdmin(actor: Actor, districtId: string) {
  if (actor.districtId !== districtId) throw new NotFoundError('No such district.');
  if (!isDistrictAdmin(actor, districtId))
    throw new ForbiddenError("Only the district's administrators manage stipends.");
}

export async function getPaySettings(args: { db: Db; actor: Actor; districtId: string }) {
  assertDistrictAdmin(args.actor, args.districtId);
  const s = await q.paySettings(args.db, args.districtId);
  return {
    rolePayCode: s.role_pay_code,
    mentoringPayCode: s.mentoring_pay_code,
    mentoringHourlyCents: s.mentoring_hourly_cents,
  };
}

/** A district administrator sets the pay codes of its stipend export and the hourly rate of mentoring. */
export async function setPaySettings(args: {
  db: Db;
  actor: Actor;
  districtId: string;
  body: z.output<typeof PaySettingsBody>;
}) {
  const { db, actor, districtId, body } = args;
  assertDistrictAdmin(actor, districtId);
  await db.transaction(async (tx) => {
    await q.savePaySettings(
      tx,
      districtId,
      {
        role_pay_code: body.rolePayCode,
        mentoring_pay_code: body.mentoringPayCode,
        mentoring_hourly_cents: body.mentoringHourlyCents,
      },
      actor.userId,
    );
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'pathways.pay_settings_changed',
      target: { type: 'organization', id: districtId },
      districtId,
      details: body,
    });
  });
  return getPaySettings(args);
}

export const STIPEND_HEADER = [
  'staff_id',
  'name',
  'email',
  'pay_code',
  'kind',
  'description',
  'quantity',
  'amount',
];

const dollars = (cents: number) => (cents / 100).toFixed(2);

/**
 * The stipends the district owes for a period, as CSV for payroll (decision 087): one line per role
 * held with a stipend (its stipend for the term's days in the period) and one per person for mentoring
 * hours in the period (at the district's hourly rate), each with the roster's staff identifier and
 * the district's pay code. Audited, since it names people and money.
 */
export async function exportStipends(args: {
  db: Db;
  actor: Actor;
  districtId: string;
  from: string;
  to: string;
}): Promise<string> {
  const { db, actor, districtId, from, to } = args;
  assertDistrictAdmin(actor, districtId);
  const [settings, roles, mentoring] = await Promise.all([
    q.paySettings(db, districtId),
    q.stipendRoles(db, districtId, from, to),
    mentoringMinutesByPerson(db, { districtId, from, to }),
  ]);
  const lines = [csvRow(STIPEND_HEADER)];
  for (const r of roles) {
    const cents = Math.round((r.stipend_cents * r.days_in_period) / Math.max(1, r.term_days));
    lines.push(
      csvRow([
        r.staff_id ?? '',
        r.name,
        r.email,
        r.pay_code || settings.role_pay_code,
        'role',
        r.title,
        `${r.days_in_period}/${r.term_days} days`,
        dollars(cents),
      ]),
    );
  }
  const people = await q.staffOf(
    db,
    mentoring.map((m) => m.userId),
  );
  for (const m of mentoring.filter((x) => x.minutes > 0)) {
    const person = people.get(m.userId);
    if (!person) continue;
    const hours = m.minutes / 60;
    lines.push(
      csvRow([
        person.staff_id ?? '',
        person.name,
        person.email,
        settings.mentoring_pay_code,
        'mentoring',
        'Mentoring hours',
        `${Math.round(hours * 100) / 100} hours`,
        dollars(Math.round(hours * settings.mentoring_hourly_cents)),
      ]),
    );
  }
  await db.transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.userId,
      action: 'pathways.stipends_exported',
      target: { type: 'organization', id: districtId },
      districtId,
      details: { from, to, lines: lines.length - 1 },
    }),
  );
  return lines.join('');
}
