import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, invalidField } from '#server/platform/errors.ts';
import { VERBS } from '#server/platform/statements.ts';
import type {
  HomeShareBody,
  HomeShareView,
  HomeTargetKind,
  HomeTargets,
  SpreadKind,
  SpreadView,
} from '#shared/contracts/mobilization.ts';
import { readableThread } from '../discussion/index.ts';
import { homeOrgIds, ownerNotice, visibleResourceOr404 } from '../resources/index.ts';
import {
  findPostState,
  insertHomeShare,
  lockHomeShare,
  organizationNames,
  ownerScopeToward,
  partnerDistrictIds,
  spreadEvents,
  targetsAlreadyReached,
} from './queries.ts';
import { discloseSpread, spreadLevelOf } from './spread-policy.ts';

export const TARGET_EXTENSION = 'https://trellis.dev/xapi/extensions/target';

/**
 * One of the actor's own schools (the main one unless `targetId` names another) or their district,
 * named; a person who belongs to no school has only the district.
 */
async function homeTarget(tx: Tx, actor: Actor, kind: HomeTargetKind, targetId?: string) {
  if (kind === 'school' && targetId !== undefined && !actor.schoolIds.includes(targetId))
    throw invalidField('/body/targetId', 'must be a school you belong to');
  if (kind === 'district' && targetId !== undefined && targetId !== actor.districtId)
    throw invalidField('/body/targetId', 'must be your own district');
  const id = kind === 'school' ? (targetId ?? actor.schoolId) : actor.districtId;
  if (!id)
    throw invalidField(
      '/body/targetKind',
      'you belong to no school; choose your district, or ask a district administrator to assign your school',
    );
  const name = (await organizationNames(tx, [id])).get(id) ?? '';
  return { kind, id, name };
}

/**
 * How the author of a resource is told where it was brought home, under the spread view's rule
 * (spread-policy.ts), which gives the owner no exception: a school or district of the author's own
 * district by name; in a district sharing a network with theirs, only that district's name; anywhere
 * else, no name at all.
 */
async function targetNameForOwner(
  tx: Tx,
  ownerId: string,
  actor: Actor,
  target: { kind: HomeTargetKind; name: string },
): Promise<string> {
  const scope = await ownerScopeToward(tx, ownerId, actor.districtId);
  const level = scope ? spreadLevelOf(scope, { districtId: actor.districtId }) : 'other';
  if (level === 'school') return target.name;
  if (level === 'other') return 'colleagues in another district';
  if (target.kind === 'district') return target.name;
  const district = (await organizationNames(tx, [actor.districtId])).get(actor.districtId);
  return district ? `a school of ${district}` : 'colleagues in another district';
}

/** The thread's insight, standing and readable, or a 409 saying why there is nothing to bring home. */
async function readableInsight(tx: Tx, actor: Actor, threadId: string) {
  const { thread, community } = await readableThread(tx, actor, threadId);
  if (!thread.insight_post_id)
    throw new ConflictError('This thread has no insight yet; mark a reply as its insight first.');
  const post = await findPostState(tx, thread.insight_post_id);
  if (!post || post.deleted_at || post.hidden_at)
    throw new ConflictError('This thread’s insight was removed; mark another reply as its insight first.');
  return { thread, community, postId: post.id };
}

async function targetsFor(tx: Tx, actor: Actor, thing: { resourceId: string } | { postId: string }) {
  const ids = homeOrgIds(actor);
  const [names, reached] = await Promise.all([
    organizationNames(tx, ids),
    targetsAlreadyReached(tx, thing, ids),
  ]);
  const target = (kind: HomeTargetKind, id: string) => ({
    kind,
    id,
    name: names.get(id) ?? '',
    broughtHome: reached.has(id),
  });
  return {
    school: actor.schoolId ? target('school', actor.schoolId) : null,
    schools: actor.schoolIds.map((id) => target('school', id)),
    district: target('district', actor.districtId),
  };
}

/** Where the viewer may bring a resource home, and where it already is. */
export async function listResourceHomeTargets(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
}): Promise<HomeTargets> {
  const resource = await visibleResourceOr404(args.db, args.actor, args.resourceId);
  return targetsFor(args.db, args.actor, { resourceId: resource.id });
}

/** Where the viewer may bring a thread's insight home, and where it already is. */
export async function listInsightHomeTargets(args: {
  db: Db;
  actor: Actor;
  threadId: string;
}): Promise<HomeTargets> {
  const { postId } = await readableInsight(args.db, args.actor, args.threadId);
  return targetsFor(args.db, args.actor, { postId });
}

async function refuseRepeat(
  tx: Tx,
  thing: { resourceId: string } | { postId: string },
  target: { id: string; name: string },
  what: string,
) {
  const key = 'resourceId' in thing ? `resource:${thing.resourceId}` : `insight:${thing.postId}`;
  await lockHomeShare(tx, key, target.id);
  if ((await targetsAlreadyReached(tx, thing, [target.id])).size > 0)
    throw new ConflictError(`${what} has already been brought home to ${target.name}.`, [
      { path: '/body/targetKind', message: `already brought home to ${target.name}` },
    ]);
}

/**
 * Brings a resource the actor may see home to their school or district with a note: the people
 * there may then see it, and it appears in their feeds. Recorded as `brought_home` in the stream.
 */
export async function bringResourceHome(args: {
  db: Db;
  actor: Actor;
  resourceId: string;
  body: HomeShareBody;
}): Promise<HomeShareView> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    const resource = await visibleResourceOr404(tx, actor, args.resourceId);
    const target = await homeTarget(tx, actor, body.targetKind, body.targetId);
    await refuseRepeat(tx, { resourceId: resource.id }, target, 'This resource');
    const fromCommunityId = resource.audience === 'community' ? resource.audience_id : null;
    const targetName = await targetNameForOwner(tx, resource.owner_id, actor, target);
    const statementId = await recordActivity(tx, {
      actor,
      verb: 'brought_home',
      object: { type: 'resource', id: resource.id, name: resource.title },
      context: {
        communityId: fromCommunityId,
        extensions: { [TARGET_EXTENSION]: { kind: target.kind, id: target.id } },
      },
      notify: [ownerNotice('resource_brought_home', resource, { targetName })],
    });
    const row = await insertHomeShare(tx, {
      sharerId: actor.userId,
      subject: 'resource',
      resourceId: resource.id,
      postId: null,
      threadId: null,
      fromCommunityId,
      targetKind: target.kind,
      targetId: target.id,
      note: body.note,
      statementId,
    });
    return present(row, 'resource', target, body.note);
  });
}

/** Brings a thread's insight home to the actor's school or district with a note, for their colleagues' feeds. */
export async function bringInsightHome(args: {
  db: Db;
  actor: Actor;
  threadId: string;
  body: HomeShareBody;
}): Promise<HomeShareView> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    const { thread, community, postId } = await readableInsight(tx, actor, args.threadId);
    const target = await homeTarget(tx, actor, body.targetKind, body.targetId);
    await refuseRepeat(tx, { postId }, target, 'This insight');
    const statementId = await recordActivity(tx, {
      actor,
      verb: 'brought_home',
      object: { type: 'post', id: postId },
      context: {
        communityId: community.id,
        extensions: {
          [TARGET_EXTENSION]: { kind: target.kind, id: target.id },
          'https://trellis.dev/xapi/extensions/thread': thread.id,
        },
      },
    });
    const row = await insertHomeShare(tx, {
      sharerId: actor.userId,
      subject: 'insight',
      resourceId: null,
      postId,
      threadId: thread.id,
      fromCommunityId: community.id,
      targetKind: target.kind,
      targetId: target.id,
      note: body.note,
      statementId,
    });
    return present(row, 'insight', target, body.note);
  });
}

function present(
  row: { id: string; created_at: Date | string },
  subject: HomeShareView['subject'],
  target: { kind: HomeTargetKind; id: string; name: string },
  note: string,
): HomeShareView {
  return { id: row.id, subject, target, note, createdAt: new Date(row.created_at).toISOString() };
}

const LEVEL_ORDER = { school: 0, district: 1, other: 2 } as const;

/** The stream's verbs the spread view counts, by what it calls them. */
const SPREAD_VERBS: Record<SpreadKind, string> = {
  received: VERBS.brought_home,
  tried: VERBS.tried,
  remixed: VERBS.remixed,
  reviewed: VERBS.reviewed,
};

/**
 * Where a resource has gone — brought home, tried, remixed, reviewed — by school and district and
 * over time, as far as the viewer may know (see spread-policy.ts).
 */
export async function readSpread(args: { db: Db; actor: Actor; resourceId: string }): Promise<SpreadView> {
  const { db, actor } = args;
  const resource = await visibleResourceOr404(db, actor, args.resourceId);
  const [events, partners] = await Promise.all([
    spreadEvents(db, resource.id, SPREAD_VERBS),
    partnerDistrictIds(db, actor),
  ]);
  const spread = discloseSpread({ districtId: actor.districtId, partnerDistrictIds: partners }, events);
  // Only ids the policy disclosed are named.
  const named = new Set<string>();
  for (const row of spread.rows) {
    if (row.districtId) named.add(row.districtId);
    if (row.schoolId) named.add(row.schoolId);
  }
  const names = await organizationNames(db, [...named]);
  const nameOf = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const stamp = (d: Date | null) => d?.toISOString() ?? null;
  const rows = spread.rows
    .map((row) => ({
      level: row.level,
      district: nameOf(row.districtId),
      school: nameOf(row.schoolId),
      schoolCount: row.schoolCount,
      districtCount: row.districtCount,
      received: row.received,
      tried: row.tried,
      remixed: row.remixed,
      reviewed: row.reviewed,
      first: stamp(row.first),
      last: stamp(row.last),
    }))
    .sort((a, b) => {
      if (a.level !== b.level) return LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level];
      // A school row without a school (no school on the profile) comes last in its district.
      if (!a.school !== !b.school) return a.school ? -1 : 1;
      return (a.school?.name ?? a.district?.name ?? '').localeCompare(
        b.school?.name ?? b.district?.name ?? '',
      );
    });
  return {
    resource: { id: resource.id, title: resource.title },
    reach: spread.reach,
    totals: spread.totals,
    rows,
    months: spread.months,
    districtMonths: spread.districtMonths.map(({ districtId, ...month }) => ({
      ...month,
      district: nameOf(districtId),
    })),
  };
}
