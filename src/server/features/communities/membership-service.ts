import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { type ActivityActor, type NotificationRequest, recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { decodeCursor, keysetPage } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { RealtimeSignal } from '#server/platform/realtime.ts';
import type { Verb } from '#server/platform/statements.ts';
import type {
  Member,
  MemberListQuery,
  MemberListResponse,
  MemberRole,
  Membership,
} from '#shared/contracts/communities.ts';
import { canJoinNow, canReadContent, canRequestToJoin, isArchived, isFacilitator } from './policy.ts';
import {
  adjustMemberCount,
  type CommunityRow,
  countFacilitators,
  findMember,
  findPerson,
  isDistrictInNetwork,
  listFacilitators,
  listMembers,
  type MemberRow,
  toAccess,
} from './queries.ts';
import { loadFacilitatedCommunity, loadVisibleCommunity } from './service.ts';

const ARCHIVED = 'This community is archived and takes no new members.';
const LAST_FACILITATOR =
  'A community needs at least one facilitator: make another member a facilitator first.';

function presentMember(row: MemberRow, withRequest: boolean): Member {
  return {
    id: row.id,
    name: row.name,
    roleTitle: row.role_title,
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    district: { id: row.district_id, name: row.district_name },
    role: row.role,
    status: row.status,
    joinedAt: row.joined_at ? new Date(row.joined_at).toISOString() : null,
    ...(withRequest ? { requestMessage: row.request_message } : {}),
  };
}

async function memberOrThrow(
  tx: Tx,
  communityId: string,
  userId: string,
  withRequest = false,
): Promise<Member> {
  const row = await findMember(tx, communityId, userId);
  if (!row) throw new NotFoundError('No such member.');
  return presentMember(row, withRequest);
}

async function myMembership(tx: Tx, communityId: string, userId: string): Promise<Membership> {
  const { rows } = await tx.execute<{ status: NonNullable<Membership>['status']; role: MemberRole }>(sql`
    select status, role from community_members where community_id = ${communityId} and user_id = ${userId}`);
  return rows[0] ?? null;
}

/** Signals to open pages: the community's member list changed, and (for these people) their access. */
function memberSignals(communityId: string, userIds: string[]): RealtimeSignal[] {
  return [
    { topic: `community:${communityId}`, type: 'members', id: communityId },
    ...userIds.map((id) => ({ topic: `user:${id}` as const, type: 'access', id: communityId })),
  ];
}

const PERSON_EXTENSION = 'https://trellis.dev/xapi/extensions/person';

/**
 * Records something that happened to a person's standing in a community, with the open pages that
 * show its members and the person's access told. A facilitator's decision about someone else names
 * that person in the statement and is audited.
 */
async function recordStanding(
  tx: Tx,
  args: {
    actor: ActivityActor;
    verb: Verb;
    row: CommunityRow;
    person: string;
    notify?: NotificationRequest[];
    result?: Record<string, unknown>;
    audit?: { action: string; details?: Record<string, unknown> };
  },
): Promise<void> {
  const { actor, row } = args;
  if (args.audit)
    await recordAudit(tx, {
      actorId: actor.userId,
      action: args.audit.action,
      target: { type: 'user', id: args.person },
      districtId: row.district_id ?? actor.districtId ?? null,
      details: { communityId: row.id, ...args.audit.details },
    });
  await recordActivity(tx, {
    actor,
    verb: args.verb,
    object: { type: 'community', id: row.id, name: row.name },
    context: {
      communityId: row.id,
      ...(args.person !== actor.userId ? { extensions: { [PERSON_EXTENSION]: args.person } } : {}),
    },
    ...(args.result ? { result: args.result } : {}),
    ...(args.notify ? { notify: args.notify } : {}),
    signals: memberSignals(row.id, [args.person]),
  });
}

/** Why someone who sees a community may not join it now. */
function refuseJoin(row: CommunityRow): never {
  const access = toAccess(row);
  if (isArchived(access)) throw new ConflictError(ARCHIVED);
  const status = access.membership?.status;
  if (status === 'active') throw new ConflictError('You are already a member of this community.');
  if (status === 'removed')
    throw new ForbiddenError('A facilitator removed you from this community; you may not join it again.');
  if (row.join_policy === 'request')
    throw new ForbiddenError('This community takes members by request: ask to join instead.');
  throw new ForbiddenError('This community takes members by invitation only.');
}

/** Joins an open community at once, or accepts an invitation. */
export async function joinCommunity(args: {
  db: Db;
  actor: Actor;
  communityId: string;
}): Promise<Membership> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadVisibleCommunity(tx, actor, args.communityId, true);
    if (!canJoinNow(actor, toAccess(row))) refuseJoin(row);
    await tx.execute(sql`
      insert into community_members (community_id, user_id, role, status, joined_at)
      values (${row.id}, ${actor.userId}, 'member', 'active', now())
      on conflict (community_id, user_id) do update
        set status = 'active', role = 'member', joined_at = now(), updated_at = now(), decision_message = null`);
    await adjustMemberCount(tx, row.id, 1);
    await recordStanding(tx, { actor, verb: 'joined', row, person: actor.userId });
    return myMembership(tx, row.id, actor.userId);
  });
}

/**
 * Leaves a community; an invitee declines the invitation the same way, and a person who asked
 * withdraws their request. The last facilitator may not leave.
 */
export async function leaveCommunity(args: {
  db: Db;
  actor: Actor;
  communityId: string;
}): Promise<Membership> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadVisibleCommunity(tx, actor, args.communityId, true);
    const access = toAccess(row);
    const status = access.membership?.status;
    if (status === 'invited') {
      await tx.execute(sql`
        update community_members set status = 'declined', updated_at = now()
         where community_id = ${row.id} and user_id = ${actor.userId}`);
      await recordStanding(tx, { actor, verb: 'declined', row, person: actor.userId });
      return myMembership(tx, row.id, actor.userId);
    }
    if (status === 'requested') return deleteRequest(tx, actor, row);
    if (status !== 'active') throw new ConflictError('You are not a member of this community.');
    if (isFacilitator(access) && (await countFacilitators(tx, row.id)) <= 1)
      throw new ConflictError(`You are this community's only facilitator. ${LAST_FACILITATOR}`);
    await tx.execute(sql`
      update community_members set status = 'left', role = 'member', updated_at = now()
       where community_id = ${row.id} and user_id = ${actor.userId}`);
    await adjustMemberCount(tx, row.id, -1);
    await recordStanding(tx, { actor, verb: 'left', row, person: actor.userId });
    return myMembership(tx, row.id, actor.userId);
  });
}

/** Asks to join a by-request community; its facilitators are told. */
export async function requestToJoin(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  message?: string;
}): Promise<Membership> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadVisibleCommunity(tx, actor, args.communityId, true);
    const access = toAccess(row);
    if (!canRequestToJoin(actor, access)) {
      if (isArchived(access)) throw new ConflictError(ARCHIVED);
      const status = access.membership?.status;
      if (status === 'requested')
        throw new ConflictError('You have already asked to join; a facilitator will decide.');
      if (status === 'active') throw new ConflictError('You are already a member of this community.');
      if (status === 'removed')
        throw new ForbiddenError(
          'A facilitator removed you from this community; you may not ask to join again.',
        );
      if (row.join_policy === 'open') throw new ConflictError('This community is open: join it directly.');
      throw new ForbiddenError('This community takes members by invitation only.');
    }
    const message = args.message?.trim() || null;
    await tx.execute(sql`
      insert into community_members (community_id, user_id, role, status, request_message)
      values (${row.id}, ${actor.userId}, 'member', 'requested', ${message})
      on conflict (community_id, user_id) do update
        set status = 'requested', role = 'member', request_message = ${message}, decision_message = null,
            updated_at = now()`);
    const facilitators = await listFacilitators(tx, row.id);
    await recordStanding(tx, {
      actor,
      verb: 'requested',
      row,
      person: actor.userId,
      notify: [
        {
          kind: 'join_request',
          to: facilitators.map((f) => f.id),
          about: { communityId: row.id },
          data: { communityName: row.name, personName: actor.name, ...(message ? { message } : {}) },
        },
      ],
    });
    return myMembership(tx, row.id, actor.userId);
  });
}

/** Withdraws one's own request to join. */
export async function withdrawRequest(args: {
  db: Db;
  actor: Actor;
  communityId: string;
}): Promise<Membership> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadVisibleCommunity(tx, actor, args.communityId, true);
    if (row.my_status !== 'requested') throw new ConflictError('You have no request to withdraw.');
    return deleteRequest(tx, actor, row);
  });
}

/** Withdrawing a request leaves no membership row: the person may ask again later. */
async function deleteRequest(tx: Tx, actor: Actor, row: CommunityRow): Promise<null> {
  await tx.execute(
    sql`delete from community_members where community_id = ${row.id} and user_id = ${actor.userId}`,
  );
  await recordStanding(tx, { actor, verb: 'withdrew', row, person: actor.userId });
  return null;
}

/** A facilitator approves or declines a request, with an optional message the person is told. */
export async function decideRequest(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  userId: string;
  approve: boolean;
  message?: string;
}): Promise<Member> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    const target = await findMember(tx, row.id, args.userId);
    if (target?.status !== 'requested') throw new NotFoundError('No request from this person.');
    if (args.approve && isArchived(toAccess(row))) throw new ConflictError(ARCHIVED);
    const message = args.message?.trim() || null;
    await tx.execute(sql`
      update community_members
         set status = ${args.approve ? 'active' : 'declined'}, decision_message = ${message}, updated_at = now(),
             joined_at = ${args.approve ? sql`now()` : sql`joined_at`}
       where community_id = ${row.id} and user_id = ${target.id}`);
    if (args.approve) {
      await adjustMemberCount(tx, row.id, 1);
      const member = {
        userId: target.id,
        name: target.name,
        districtId: target.district_id,
        schoolId: target.school_id,
      };
      await recordStanding(tx, { actor: member, verb: 'joined', row, person: target.id });
    }
    await recordStanding(tx, {
      actor,
      verb: args.approve ? 'approved' : 'declined',
      row,
      person: target.id,
      notify: [
        {
          kind: 'join_decision',
          to: [target.id],
          about: { communityId: row.id },
          data: {
            communityName: row.name,
            decision: args.approve ? 'approved' : 'declined',
            ...(message ? { message } : {}),
          },
        },
      ],
      audit: {
        action: args.approve ? 'community.request_approved' : 'community.request_declined',
        details: { ...(message ? { message } : {}) },
      },
    });
    return memberOrThrow(tx, row.id, target.id);
  });
}

/**
 * A facilitator invites a person in the community's scope: the owner's district (school and district
 * owners) or a district of the owning network. The invitee accepts by joining.
 */
export async function invitePerson(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  userId: string;
}): Promise<Member> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    if (isArchived(toAccess(row))) throw new ConflictError(ARCHIVED);
    const person = await findPerson(tx, args.userId);
    const inScope =
      person &&
      (row.owner_kind === 'network'
        ? await isDistrictInNetwork(tx, person.district_id, row.owner_id)
        : person.district_id === row.district_id);
    if (!person || !inScope)
      throw invalidField(
        '/body/userId',
        row.owner_kind === 'network'
          ? "must be a person in a district of this community's network"
          : "must be a person in this community's district",
      );
    const existing = await findMember(tx, row.id, person.id);
    if (existing?.status === 'active') throw new ConflictError(`${person.name} is already a member.`);
    if (existing?.status === 'invited') throw new ConflictError(`${person.name} is already invited.`);
    if (existing?.status === 'requested')
      throw new ConflictError(`${person.name} has asked to join: approve their request instead.`);
    await tx.execute(sql`
      insert into community_members (community_id, user_id, role, status, invited_by)
      values (${row.id}, ${person.id}, 'member', 'invited', ${actor.userId})
      on conflict (community_id, user_id) do update
        set status = 'invited', role = 'member', invited_by = ${actor.userId}, decision_message = null,
            updated_at = now()`);
    await recordStanding(tx, {
      actor,
      verb: 'invited',
      row,
      person: person.id,
      notify: [
        {
          kind: 'community_invitation',
          to: [person.id],
          about: { communityId: row.id },
          data: { communityName: row.name, inviterName: actor.name },
        },
      ],
      audit: { action: 'community.member_invited' },
    });
    return memberOrThrow(tx, row.id, person.id);
  });
}

function readMemberCursor(cursor: string): { rank: number; name: string; id: string } {
  const bad = () => invalidField('/querystring/cursor', 'is not a cursor from this list');
  const [rank, name, id] = decodeCursor(cursor, 3, bad) as [unknown, unknown, string];
  if ((rank !== 0 && rank !== 1) || typeof name !== 'string') throw bad();
  return { rank, name, id };
}

/**
 * A community's members (to those who may read its content), or its requests and invitations (to
 * its facilitators), facilitators first and then by name.
 */
export async function listCommunityMembers(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  query: MemberListQuery;
}): Promise<MemberListResponse> {
  const { actor, query } = args;
  const row = await loadVisibleCommunity(args.db, actor, args.communityId);
  const access = toAccess(row);
  if (query.status === 'active') {
    // Who belongs is content: hidden from those who may not read the community (404, like its threads).
    if (!canReadContent(actor, access))
      throw new NotFoundError('Only members see who belongs to this community.');
  } else if (!isFacilitator(access)) {
    throw new ForbiddenError('Only facilitators see requests and invitations.');
  }
  const rows = await listMembers(args.db, {
    communityId: row.id,
    status: query.status,
    after: query.cursor ? readMemberCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const { shown, nextCursor } = keysetPage(rows, query.limit, (m) => [m.sort_rank, m.sort_name, m.id]);
  return { data: shown.map((m) => presentMember(m, query.status === 'requested')), nextCursor };
}

/** A facilitator makes a member a facilitator, or a facilitator a member (never the last one). */
export async function changeMemberRole(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  userId: string;
  role: MemberRole;
}): Promise<Member> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    const target = await findMember(tx, row.id, args.userId);
    if (target?.status !== 'active') throw new NotFoundError('No such member.');
    if (target.role === args.role) return presentMember(target, false);
    if (target.role === 'facilitator' && (await countFacilitators(tx, row.id)) <= 1)
      throw new ConflictError(LAST_FACILITATOR);
    await tx.execute(sql`
      update community_members set role = ${args.role}, updated_at = now()
       where community_id = ${row.id} and user_id = ${target.id}`);
    await recordStanding(tx, {
      actor,
      verb: 'updated',
      row,
      person: target.id,
      result: { response: args.role },
      audit: { action: 'community.member_role_changed', details: { from: target.role, to: args.role } },
    });
    return memberOrThrow(tx, row.id, target.id);
  });
}

/**
 * A facilitator removes a member (or withdraws an invitation). Removal takes effect at once: the
 * policy reads the membership row on every request, and the person's open pages are signalled.
 */
export async function removeMember(args: {
  db: Db;
  actor: Actor;
  communityId: string;
  userId: string;
  message?: string;
}): Promise<Member> {
  const { actor } = args;
  return args.db.transaction(async (tx) => {
    const row = await loadFacilitatedCommunity(tx, actor, args.communityId, true);
    const target = await findMember(tx, row.id, args.userId);
    if (!target || (target.status !== 'active' && target.status !== 'invited'))
      throw new NotFoundError('No such member.');
    const message = args.message?.trim() || null;
    if (target.status === 'invited') {
      await tx.execute(
        sql`delete from community_members where community_id = ${row.id} and user_id = ${target.id}`,
      );
      await recordStanding(tx, {
        actor,
        verb: 'removed',
        row,
        person: target.id,
        result: { response: 'invitation' },
        audit: { action: 'community.invitation_withdrawn' },
      });
      return presentMember({ ...target, status: 'left' }, false);
    }
    if (target.role === 'facilitator' && (await countFacilitators(tx, row.id)) <= 1)
      throw new ConflictError(LAST_FACILITATOR);
    await tx.execute(sql`
      update community_members set status = 'removed', role = 'member', decision_message = ${message},
             updated_at = now()
       where community_id = ${row.id} and user_id = ${target.id}`);
    await adjustMemberCount(tx, row.id, -1);
    await recordStanding(tx, {
      actor,
      verb: 'removed',
      row,
      person: target.id,
      notify: [
        {
          kind: 'removed',
          to: [target.id],
          about: { communityId: row.id },
          data: { communityName: row.name, ...(message ? { message } : {}) },
        },
      ],
      audit: { action: 'community.member_removed', details: { ...(message ? { message } : {}) } },
    });
    return memberOrThrow(tx, row.id, target.id);
  });
}

/**
 * Ends every standing the people of a district have in a network's communities, once that district
 * has left the network: members, invitees and those who asked become people who left, and member
 * counts follow. Returns the people whose standing ended and the signals that tell the communities'
 * open pages, for the activity that ended them to send.
 */
export async function endNetworkStandings(
  tx: Tx,
  args: { networkId: string; districtId: string },
): Promise<{ userIds: string[]; signals: RealtimeSignal[] }> {
  const { rows } = await tx.execute<{ community_id: string; user_id: string; was_active: boolean }>(sql`
    with ended as (
      select m.community_id, m.user_id, m.status = 'active' as was_active
        from community_members m
        join communities c on c.id = m.community_id
        join users u on u.id = m.user_id
       where c.owner_kind = 'network' and c.owner_id = ${args.networkId}
         and u.district_id = ${args.districtId}
         and m.status in ('active', 'invited', 'requested')
         for update of m)
    update community_members m set status = 'left', role = 'member', updated_at = now()
      from ended
     where m.community_id = ended.community_id and m.user_id = ended.user_id
    returning ended.community_id, ended.user_id, ended.was_active`);
  const leftBy = new Map<string, number>();
  for (const row of rows)
    leftBy.set(row.community_id, (leftBy.get(row.community_id) ?? 0) + (row.was_active ? 1 : 0));
  const signals: RealtimeSignal[] = [];
  for (const [communityId, count] of leftBy) {
    if (count > 0) await adjustMemberCount(tx, communityId, -count);
    signals.push({ topic: `community:${communityId}`, type: 'members', id: communityId });
  }
  return { userIds: [...new Set(rows.map((r) => r.user_id))], signals };
}
