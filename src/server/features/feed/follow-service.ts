import { sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { type Actor, isDistrictAdmin } from '#server/platform/auth.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { FollowState } from '#shared/contracts/feed.ts';
import { canViewProfile, findProfileForViewer, relationTo } from '../profiles/index.ts';

/**
 * The person behind a profile the viewer may open, or a 404: following never reveals anyone the
 * profile page would not (outside the network, only people who made their profile public).
 */
async function loadFollowable(db: Db, actor: Actor, userId: string) {
  const row = await findProfileForViewer(db, userId, actor.districtId);
  if (!row) throw new NotFoundError('No such person.');
  const relation = relationTo(actor, {
    userId: row.id,
    districtId: row.district_id,
    sharesNetworkWithViewer: row.shares_network,
  });
  const admin = isDistrictAdmin(actor) && actor.districtId === row.district_id;
  if (!canViewProfile(relation, { status: row.status, fieldVisibility: row.field_visibility }, admin))
    throw new NotFoundError('No such person.');
  return row;
}

const notSelf = (actor: Actor, userId: string) => {
  if (actor.userId === userId) throw invalidField('/params/id', 'you cannot follow yourself');
};

async function readState(db: Tx, viewerId: string, userId: string): Promise<FollowState> {
  const { rows } = await db.execute<{ following: boolean; followers: number; following_count: number }>(sql`
    select exists (select 1 from follows where follower_id = ${viewerId} and followee_id = ${userId}) as following,
           (select count(*)::int from follows where followee_id = ${userId}) as followers,
           (select count(*)::int from follows where follower_id = ${userId}) as following_count`);
  const [row] = rows;
  return { following: row.following, followers: row.followers, followingCount: row.following_count };
}

/** Whether the viewer follows a person they may see, with both of that person's counts. */
export async function getFollowState(args: { db: Db; actor: Actor; userId: string }): Promise<FollowState> {
  await loadFollowable(args.db, args.actor, args.userId);
  return readState(args.db, args.actor.userId, args.userId);
}

/** Follows a person (again: nothing changes); they are told once, and the stream records it. */
export async function follow(args: { db: Db; actor: Actor; userId: string }): Promise<FollowState> {
  const { actor, userId } = args;
  notSelf(actor, userId);
  const person = await loadFollowable(args.db, actor, userId);
  if (person.status !== 'active') throw new NotFoundError('No such person.');
  return args.db.transaction(async (tx) => {
    const { rows } = await tx.execute(sql`
      insert into follows (follower_id, followee_id) values (${actor.userId}, ${userId})
      on conflict do nothing returning follower_id`);
    if (rows.length > 0) {
      await recordActivity(tx, {
        actor,
        verb: 'followed',
        object: { type: 'person', id: userId, name: person.name },
        notify: [{ kind: 'new_follower', to: [userId], data: { actorName: actor.name } }],
      });
    }
    return readState(tx, actor.userId, userId);
  });
}

/** Stops following a person; the stream records it only when there was something to stop. */
export async function unfollow(args: { db: Db; actor: Actor; userId: string }): Promise<FollowState> {
  const { actor, userId } = args;
  notSelf(actor, userId);
  const person = await loadFollowable(args.db, actor, userId);
  return args.db.transaction(async (tx) => {
    const { rows } = await tx.execute(sql`
      delete from follows where follower_id = ${actor.userId} and followee_id = ${userId}
      returning follower_id`);
    if (rows.length > 0)
      await recordActivity(tx, {
        actor,
        verb: 'unfollowed',
        object: { type: 'person', id: userId, name: person.name },
      });
    return readState(tx, actor.userId, userId);
  });
}
