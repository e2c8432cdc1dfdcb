import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import {
  assertParticipant,
  type CommunityContext,
  readableCommunity,
  readableCommunitySql,
} from '#server/features/communities/index.ts';
import { visibleResourceOr404 } from '#server/features/resources/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeTimeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '#server/platform/errors.ts';
import {
  type AdaptTemplateBody,
  type CycleAbilities,
  type CycleDecision,
  type CycleDetail,
  type CycleListQuery,
  type CycleListResponse,
  type DueItem,
  PHASES_OF_KIND,
  type PhaseKey,
  REFLECTION_ROLES,
  type ReadingBody,
  type ReflectionRole,
  type ReflectionRolesBody,
  type ReflectionView,
  type RemarkBody,
  type SetPhasesBody,
  type StartCycleBody,
  type StudyBody,
  type StudyView,
  type TemplateView,
  type UpdateCycleBody,
} from '#shared/contracts/inquiry.ts';
import type { z } from 'zod';
import { type CycleAccess, canContribute, canFacilitateCycle, cycleAccess, cycleRoleOf } from './policy.ts';
import * as q from './queries.ts';
import { BUILT_IN_TEMPLATES, type CycleTemplate, builtInTemplate, layOutPhases } from './templates.ts';

/** Completing a cycle is each member's learning: the statement's object type says which kind. */
export const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed' as const;
export const CYCLE_OBJECT = 'inquiry_cycle';
export const COMPLETED_OBJECT = { lesson_study: 'lesson_study', pdsa: 'pdsa_cycle' } as const;

const abilitiesOf = (access: CycleAccess): CycleAbilities => ({
  facilitate: canFacilitateCycle(access),
  contribute: canContribute(access),
  role: access.role,
});

/** The cycle and the viewer's part in it, or 404: to anyone else the cycle does not exist. */
export async function loadCycleAccess(tx: Tx, actor: Actor, cycleId: string): Promise<CycleAccess> {
  const access = await cycleAccess(tx, actor, cycleId);
  if (!access) throw new NotFoundError('No such inquiry cycle.');
  return access;
}

function assertFacilitates(access: CycleAccess): void {
  if (!canFacilitateCycle(access))
    throw new ForbiddenError("Only the cycle's facilitator or the community's facilitators may do this.");
}

function assertContributes(access: CycleAccess): void {
  if (!canContribute(access))
    throw new ConflictError('This cycle is completed; its materials are read-only.');
}

/** The network that owns the community, or null for a school's or district's community. */
const networkOf = (c: CommunityContext) => (c.ownerKind === 'network' ? c.ownerId : null);

// ─── Templates ──────────────────────────────────────────────────────────────────────────────────

/** The built-in templates and those the viewer's networks adapted. */
export async function listTemplates(args: { db: Db; actor: Actor }): Promise<TemplateView[]> {
  const adapted = await q.listNetworkTemplates(args.db, args.actor.networkIds);
  return [...BUILT_IN_TEMPLATES, ...adapted];
}

/** A network's administrator adapts a built-in template: its phases' titles, guidance and lengths. */
export async function adaptTemplate(args: {
  db: Db;
  actor: Actor;
  networkId: string;
  body: z.infer<typeof AdaptTemplateBody>;
}): Promise<TemplateView> {
  const { actor, body, networkId } = args;
  if (!actor.networkIds.includes(networkId) && !actor.networkAdminOf.includes(networkId))
    throw new NotFoundError('No such network.');
  if (!actor.networkAdminOf.includes(networkId))
    throw new ForbiddenError("Only the network's administrators may adapt its templates.");
  const base = builtInTemplate(body.base);
  if (!base) throw invalidField('/body/base', 'is not a template Trellis offers');
  const allowed = PHASES_OF_KIND[base.kind];
  let last = -1;
  for (const [i, phase] of body.phases.entries()) {
    const at = allowed.indexOf(phase.key);
    if (at < 0)
      throw invalidField(`/body/phases/${i}/key`, `is not a phase of a ${base.kind.replace('_', ' ')} cycle`);
    if (at <= last)
      throw invalidField(`/body/phases/${i}/key`, 'must follow the phases before it in their order, once');
    last = at;
  }
  const template: CycleTemplate = {
    id: uuidv7(),
    base: body.base,
    kind: base.kind,
    name: body.name,
    description: body.description,
    phases: body.phases,
    networkId,
  };
  await args.db.transaction(async (tx) => {
    await q.insertTemplate(tx, { ...template, createdBy: actor.userId });
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'inquiry_template', id: template.id, name: template.name },
      context: { networkId },
    });
  });
  return template;
}

// ─── Cycles ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A member of a community starts a cycle from it: its team (active members of the community, from
 * whatever school or district), its facilitator, and phases laid out from the template.
 */
export async function startCycle(args: { db: Db; actor: Actor; body: StartCycleBody }): Promise<string> {
  const { actor, body } = args;
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const community = await readableCommunity(tx, actor, body.communityId);
    assertParticipant(community);
    const network = networkOf(community);
    let template: CycleTemplate | undefined | null = builtInTemplate(body.template);
    if (!template) {
      template = await q.findTemplate(tx, body.template);
      if (!template || !(template.networkId && actor.networkIds.includes(template.networkId)))
        throw invalidField('/body/template', 'is not a template you may use');
    }
    if (template.kind !== body.kind)
      throw invalidField('/body/template', `is a template for a ${template.kind.replace('_', ' ')} cycle`);
    const facilitatorId = body.facilitatorId ?? actor.userId;
    const people = [...new Set([facilitatorId, ...body.memberIds])];
    const members = await q.activeCommunityMembers(tx, community.id, people);
    if (!members.has(facilitatorId))
      throw invalidField('/body/facilitatorId', 'must be an active member of the community');
    const stranger = body.memberIds.findIndex((m) => !members.has(m));
    if (stranger >= 0)
      throw invalidField(`/body/memberIds/${stranger}`, 'must be an active member of the community');
    const phases = layOutPhases(template.phases, body.startsOn);
    await q.insertCycle(tx, {
      id,
      kind: body.kind,
      title: body.title,
      communityId: community.id,
      networkId: network,
      districtId: community.districtId,
      facilitatorId,
      templateBase: template.base,
      templateId: template.networkId ? template.id : null,
      currentPhase: phases[0].key,
      subjects: body.subjects ?? (await q.communitySubjects(tx, community.id)),
      startsOn: phases[0].startsOn,
      endsOn: phases[phases.length - 1].dueOn,
      createdBy: actor.userId,
    });
    await q.insertPhases(tx, id, phases);
    await q.addCycleMembers(
      tx,
      id,
      people.map((userId) => ({ userId, role: userId === facilitatorId ? 'facilitator' : 'member' })),
      actor.userId,
    );
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: CYCLE_OBJECT, id, name: body.title },
      context: { communityId: community.id, networkId: network },
    });
  });
  return id;
}

/** A cycle's page: its phases and team, with what the viewer may do; read in one statement. */
export async function getCycle(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
}): Promise<{ data: CycleDetail; abilities: CycleAbilities }> {
  const row = await q.findCyclePage(args.db, args.actor, args.cycleId);
  const role = row && cycleRoleOf(args.actor, row);
  if (!row || !role) throw new NotFoundError('No such inquiry cycle.');
  const access: CycleAccess = {
    role,
    cycleId: row.id,
    kind: row.kind,
    status: row.status,
    communityId: row.community_id,
    facilitatorId: row.facilitator_id,
  };
  return {
    data: {
      ...q.presentSummary(row),
      networkId: row.network_id,
      facilitatorId: row.facilitator_id,
      templateBase: row.template_base,
      templateId: row.template_id,
      previousCycleId: row.previous_cycle_id,
      phases: row.phases,
      members: row.members,
      createdAt: new Date(row.created_at).toISOString(),
    },
    abilities: abilitiesOf(access),
  };
}

/**
 * The facilitator renames the cycle, moves it to a phase or completes it. Completing it records
 * each member's taking part, which their learning log counts.
 */
export async function updateCycle(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof UpdateCycleBody>;
}) {
  const { actor, body, cycleId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCycleAccess(tx, actor, cycleId);
    assertFacilitates(access);
    const row = await q.findCycle(tx, actor, cycleId, true);
    if (!row) throw new NotFoundError('No such inquiry cycle.');
    if (body.currentPhase && !PHASES_OF_KIND[row.kind].includes(body.currentPhase))
      throw invalidField('/body/currentPhase', `is not a phase of this cycle`);
    if (body.currentPhase) {
      const phases = await q.listPhases(tx, cycleId);
      if (!phases.some((p) => p.key === body.currentPhase))
        throw invalidField('/body/currentPhase', 'is not a phase of this cycle');
    }
    await q.updateCycleFields(tx, cycleId, body);
    const completing = body.status === 'completed' && row.status !== 'completed';
    if (body.currentPhase || body.status)
      await q.markPhasesUpTo(
        tx,
        cycleId,
        body.currentPhase ?? row.current_phase,
        (body.status ?? row.status) === 'completed',
      );
    const title = body.title ?? row.title;
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: CYCLE_OBJECT, id: cycleId, name: title },
      context: { communityId: row.community_id, networkId: row.network_id },
    });
    if (completing)
      for (const member of await q.cycleMemberActors(tx, cycleId))
        await recordActivity(tx, {
          actor: member,
          verb: COMPLETED,
          object: { type: COMPLETED_OBJECT[row.kind], id: cycleId, name: title },
          context: { communityId: row.community_id, networkId: row.network_id },
        });
  });
  return getCycle({ db: args.db, actor, cycleId });
}

/** The facilitator sets each phase's dates; what is due on every member's home follows. */
export async function setCyclePhases(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof SetPhasesBody>;
}) {
  const { actor, cycleId, body } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCycleAccess(tx, actor, cycleId);
    assertFacilitates(access);
    const row = await q.findCycle(tx, actor, cycleId, true);
    if (!row) throw new NotFoundError('No such inquiry cycle.');
    const phases = await q.listPhases(tx, cycleId);
    const seen = new Set<PhaseKey>();
    for (const [i, p] of body.phases.entries()) {
      if (!phases.some((existing) => existing.key === p.key))
        throw invalidField(`/body/phases/${i}/key`, 'is not a phase of this cycle');
      if (seen.has(p.key)) throw invalidField(`/body/phases/${i}/key`, 'is given twice');
      seen.add(p.key);
      if (p.dueOn < p.startsOn)
        throw invalidField(`/body/phases/${i}/dueOn`, 'must not be before the phase starts');
    }
    await q.setPhaseDates(tx, cycleId, body.phases);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: CYCLE_OBJECT, id: cycleId, name: row.title },
      context: { communityId: row.community_id, networkId: row.network_id, extensions: { phases: 'dates' } },
    });
  });
  return getCycle({ db: args.db, actor, cycleId });
}

/** The facilitator adds people of the community to the team. */
export async function addCycleMembers(args: { db: Db; actor: Actor; cycleId: string; userIds: string[] }) {
  const { actor, cycleId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCycleAccess(tx, actor, cycleId);
    assertFacilitates(access);
    // A community facilitator off the team steers it, but joins it (and reads its notes) only when
    // the cycle's facilitator adds them.
    if (access.role === 'community_facilitator' && args.userIds.includes(actor.userId))
      throw new ForbiddenError("Ask the cycle's facilitator to add you to the team.");
    const row = await q.findCycle(tx, actor, cycleId, true);
    if (!row) throw new NotFoundError('No such inquiry cycle.');
    const members = await q.activeCommunityMembers(tx, row.community_id, args.userIds);
    const stranger = args.userIds.findIndex((m) => !members.has(m));
    if (stranger >= 0)
      throw invalidField(`/body/userIds/${stranger}`, 'must be an active member of the community');
    const added = await q.addCycleMembers(
      tx,
      cycleId,
      args.userIds.map((userId) => ({ userId, role: 'member' as const })),
      actor.userId,
    );
    for (const userId of added)
      await recordActivity(tx, {
        actor,
        verb: 'invited',
        object: { type: CYCLE_OBJECT, id: cycleId, name: row.title },
        context: { communityId: row.community_id, networkId: row.network_id, extensions: { member: userId } },
      });
  });
  return getCycle({ db: args.db, actor, cycleId });
}

/** The facilitator takes someone off the team (never the facilitator); a member may leave. */
export async function removeCycleMember(args: { db: Db; actor: Actor; cycleId: string; userId: string }) {
  const { actor, cycleId, userId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadCycleAccess(tx, actor, cycleId);
    if (userId !== actor.userId) assertFacilitates(access);
    if (userId === access.facilitatorId)
      throw new ConflictError('The facilitator stays on the team; name another facilitator first.');
    const row = await q.findCycle(tx, actor, cycleId, true);
    if (!row) throw new NotFoundError('No such inquiry cycle.');
    if (!(await q.removeCycleMember(tx, cycleId, userId)))
      throw new NotFoundError('No such member of this cycle.');
    await recordActivity(tx, {
      actor,
      verb: userId === actor.userId ? 'left' : 'removed',
      object: { type: CYCLE_OBJECT, id: cycleId, name: row.title },
      context: { communityId: row.community_id, networkId: row.network_id, extensions: { member: userId } },
      // Their open pages check every topic they hear again: the plan's signals stop at once.
      signals: [{ topic: `user:${userId}`, type: 'access', id: cycleId }],
    });
  });
}

type ListQuery = z.infer<typeof CycleListQuery>;

function listFilters(query: ListQuery): q.CycleListFilters {
  const before = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
  return {
    kind: query.kind,
    status: query.status,
    subject: query.subject,
    aimId: query.aimId,
    changeIdeaId: query.changeIdeaId,
    before: before && { createdAt: before.at, id: before.id },
    limit: query.limit,
  };
}

function page(rows: q.CycleRow[], limit: number): CycleListResponse {
  const { shown, nextCursor } = keysetPage(rows, limit, (r) => [r.cursor_at, r.id]);
  return { data: shown.map(q.presentSummary), nextCursor };
}

/** A network's cycles: those the viewer takes part in or steers, and what others published or adopted. */
export async function listNetworkCycles(args: { db: Db; actor: Actor; networkId: string; query: ListQuery }) {
  const { actor, networkId, query } = args;
  if (!actor.networkIds.includes(networkId)) throw new NotFoundError('No such network.');
  const rows = await q.listNetworkCycles(
    args.db,
    actor,
    networkId,
    (alias) => readableCommunitySql(actor, alias),
    listFilters(query),
  );
  return page(rows, query.limit);
}

/** A community's cycles, by the same rule as the network's list. */
export async function listCommunityCycles(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  query: ListQuery;
}) {
  const { actor, communityId, query } = args;
  const community = await readableCommunity(args.db, actor, communityId);
  const rows = await q.listCommunityCycles(args.db, actor, community.id, true, listFilters(query));
  return page(rows, query.limit);
}

/** The cycles the viewer takes part in. */
export async function listMyCycles(args: { db: Db; actor: Actor; query: ListQuery }) {
  const rows = await q.listMyCycles(args.db, args.actor, listFilters(args.query));
  return page(rows, args.query.limit);
}

/** What is due for the viewer across their active cycles, soonest first (their home shows it). */
export async function listDue(args: { db: Db; actor: Actor }): Promise<DueItem[]> {
  return q.listDue(args.db, args.actor, 10);
}

// ─── Study ──────────────────────────────────────────────────────────────────────────────────────

async function loadLessonStudy(tx: Tx, actor: Actor, cycleId: string): Promise<CycleAccess> {
  const access = await loadCycleAccess(tx, actor, cycleId);
  if (access.kind !== 'lesson_study') throw new NotFoundError('This cycle has no such phase.');
  return access;
}

/** The Study phase of a lesson study: theme, long-term goal, progression and background reading. */
export async function getStudy(args: { db: Db | Tx; actor: Actor; cycleId: string }): Promise<{
  data: StudyView;
  abilities: CycleAbilities;
}> {
  const access = await loadLessonStudy(args.db, args.actor, args.cycleId);
  const [study, readings] = await Promise.all([
    q.findStudy(args.db, args.cycleId),
    q.listReadings(args.db, args.actor, args.cycleId),
  ]);
  return { data: { ...study, readings }, abilities: abilitiesOf(access) };
}

/** A member writes the research theme, the long-term goal or the learning progression. */
export async function updateStudy(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof StudyBody>;
}) {
  const { actor, cycleId, body } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadLessonStudy(tx, actor, cycleId);
    assertContributes(access);
    await q.saveStudy(tx, cycleId, actor.userId, body);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'inquiry_study', id: cycleId },
      context: { communityId: access.communityId },
    });
  });
  return getStudy({ db: args.db, actor, cycleId });
}

/** A member adds background reading: a Trellis resource they may see, or a link with a title. */
export async function addReading(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof ReadingBody>;
}) {
  const { actor, cycleId, body } = args;
  if (!body.resourceId === !body.url)
    throw invalidField('/body/resourceId', 'give a Trellis resource or a link, one of them');
  if (body.url && !body.title) throw invalidField('/body/title', 'is required for a link');
  await args.db.transaction(async (tx) => {
    const access = await loadLessonStudy(tx, actor, cycleId);
    assertContributes(access);
    let title = body.title ?? '';
    if (body.resourceId) {
      const resource = await visibleResourceOr404(tx, actor, body.resourceId).catch((e) => {
        if (e instanceof NotFoundError)
          throw invalidField('/body/resourceId', 'is not a resource you may see');
        throw e;
      });
      title ||= resource.title;
    }
    const id = uuidv7();
    await q.insertReading(tx, {
      id,
      cycleId,
      resourceId: body.resourceId ?? null,
      url: body.url ?? null,
      title,
      note: body.note,
      addedBy: actor.userId,
    });
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'inquiry_reading', id, name: title },
      context: { communityId: access.communityId },
    });
  });
  return getStudy({ db: args.db, actor, cycleId });
}

export async function removeReading(args: { db: Db; actor: Actor; cycleId: string; readingId: string }) {
  const { actor, cycleId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadLessonStudy(tx, actor, cycleId);
    assertContributes(access);
    if (!(await q.deleteReading(tx, cycleId, args.readingId))) throw new NotFoundError('No such reading.');
    await recordActivity(tx, {
      actor,
      verb: 'deleted',
      object: { type: 'inquiry_reading', id: args.readingId },
      context: { communityId: access.communityId },
    });
  });
}

// ─── Reflect ────────────────────────────────────────────────────────────────────────────────────

/**
 * Whose turn it is in the post-lesson discussion: the teacher speaks first, then every observer
 * (by evidence), then the outside commentator. A role no one holds is passed over.
 */
export function reflectionTurn(
  roles: { userId: string; role: ReflectionRole }[],
  remarks: { authorId: string; role: ReflectionRole }[],
): ReflectionRole | null {
  for (const role of REFLECTION_ROLES) {
    const holders = roles.filter((r) => r.role === role);
    const spoken = holders.filter((h) => remarks.some((m) => m.authorId === h.userId && m.role === role));
    if (spoken.length < holders.length) return role;
  }
  return null;
}

/** Whether a role may speak now: its turn has come (every role before it has been heard). */
function mayspeak(role: ReflectionRole, turn: ReflectionRole | null): boolean {
  if (turn === null) return true;
  return REFLECTION_ROLES.indexOf(role) <= REFLECTION_ROLES.indexOf(turn);
}

export async function getReflection(args: { db: Db | Tx; actor: Actor; cycleId: string }): Promise<{
  data: ReflectionView;
  abilities: CycleAbilities;
}> {
  const access = await loadLessonStudy(args.db, args.actor, args.cycleId);
  const [roles, remarks] = await Promise.all([
    q.listReflectionRoles(args.db, args.cycleId),
    q.listRemarks(args.db, args.cycleId),
  ]);
  return {
    data: {
      roles,
      remarks,
      turn: reflectionTurn(roles, remarks),
      myRole: roles.find((r) => r.userId === args.actor.userId)?.role ?? null,
    },
    abilities: abilitiesOf(access),
  };
}

/** The facilitator assigns who speaks as the teacher, as observers and as the outside commentator. */
export async function setReflectionRoles(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof ReflectionRolesBody>;
}) {
  const { actor, cycleId, body } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadLessonStudy(tx, actor, cycleId);
    assertFacilitates(access);
    assertContributes(access);
    const team = new Set((await q.listCycleMembers(tx, cycleId)).map((m) => m.userId));
    const seen = new Set<string>();
    for (const [i, r] of body.roles.entries()) {
      if (!team.has(r.userId)) throw invalidField(`/body/roles/${i}/userId`, 'must be a member of the cycle');
      if (seen.has(r.userId)) throw invalidField(`/body/roles/${i}/userId`, 'is given a role twice');
      seen.add(r.userId);
    }
    const teachers = body.roles.filter((r) => r.role === 'teacher').length;
    if (teachers > 1) throw invalidField('/body/roles', 'one person teaches the research lesson');
    await q.replaceReflectionRoles(tx, cycleId, body.roles);
    await recordActivity(tx, {
      actor,
      verb: 'updated',
      object: { type: 'inquiry_reflection', id: cycleId },
      context: { communityId: access.communityId },
    });
  });
  return getReflection({ db: args.db, actor, cycleId });
}

/** Someone with a role in the discussion speaks in their turn, citing observation notes as evidence. */
export async function addRemark(args: {
  db: Db;
  actor: Actor;
  cycleId: string;
  body: z.infer<typeof RemarkBody>;
}) {
  const { actor, cycleId, body } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadLessonStudy(tx, actor, cycleId);
    assertContributes(access);
    await q.lockCycle(tx, cycleId);
    const roles = await q.listReflectionRoles(tx, cycleId);
    const mine = roles.find((r) => r.userId === actor.userId);
    if (!mine) throw new ForbiddenError('The facilitator has not given you a part in this discussion.');
    const remarks = await q.listRemarks(tx, cycleId);
    const turn = reflectionTurn(roles, remarks);
    if (!mayspeak(mine.role, turn))
      throw new ConflictError(
        turn === 'teacher'
          ? 'The teacher of the research lesson speaks first.'
          : 'Every observer speaks before the outside commentator.',
      );
    const notes = await q.observationNotesOf(tx, cycleId, body.evidence);
    const missing = body.evidence.findIndex((id) => !notes.has(id));
    if (missing >= 0)
      throw invalidField(`/body/evidence/${missing}`, 'is not an observation note of this lesson');
    const id = uuidv7();
    await q.insertRemark(tx, {
      id,
      cycleId,
      authorId: actor.userId,
      role: mine.role,
      body: body.body,
      evidence: body.evidence,
    });
    await recordActivity(tx, {
      actor,
      verb: 'replied',
      object: { type: 'inquiry_reflection', id: cycleId },
      context: { communityId: access.communityId, extensions: { remark: id, role: mine.role } },
    });
  });
  return getReflection({ db: args.db, actor, cycleId });
}

// ─── Links the improvement feature sets ─────────────────────────────────────────────────────────

/**
 * Names a PDSA cycle's aim and change idea (and the cycle before it in a ramp), so the network's
 * cycles page filters by them. Called by the improvement feature inside its own transaction.
 */
export async function linkCycleToImprovement(
  tx: Tx,
  link: {
    cycleId: string;
    aimId: string | null;
    aimLabel: string | null;
    changeIdeaId: string | null;
    changeIdeaLabel: string | null;
    previousCycleId?: string | null;
  },
): Promise<void> {
  await q.setImprovementLink(tx, link);
}

/** Renames the aim and change ideas a community's PDSA cycles show, when the improvement feature renames them. */
export async function relabelImprovementLinks(
  tx: Tx,
  args: Parameters<typeof q.relabelImprovementLinks>[1],
): Promise<void> {
  await q.relabelImprovementLinks(tx, args);
}

/** Records a PDSA cycle's Act decision; an adopted change idea becomes findable across the network. */
export async function recordCycleDecision(
  tx: Tx,
  args: { cycleId: string; decision: CycleDecision | null },
): Promise<void> {
  await q.setDecision(tx, args.cycleId, args.decision);
}
