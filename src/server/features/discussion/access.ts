import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#server/platform/errors.ts';
import {
  type CommunityAccess,
  canFacilitate,
  canReadContent,
  isArchived,
  isMember,
} from '../communities/policy.ts';

/** A community as discussion needs it: its name and the viewer's standing in it. */
export type CommunityContext = CommunityAccess & {
  id: string;
  name: string;
};

type CommunityRow = {
  id: string;
  name: string;
  join_policy: CommunityAccess['joinPolicy'];
  owner_kind: CommunityAccess['ownerKind'];
  owner_id: string;
  district_id: string | null;
  archived_at: Date | null;
  member_status: string | null;
  member_role: 'facilitator' | 'member' | null;
};

const toContext = (row: CommunityRow): CommunityContext => ({
  id: row.id,
  name: row.name,
  joinPolicy: row.join_policy,
  ownerKind: row.owner_kind,
  ownerId: row.owner_id,
  districtId: row.district_id,
  archivedAt: row.archived_at,
  membership: row.member_status ? { status: row.member_status, role: row.member_role ?? 'member' } : null,
});

const communityColumns = (actor: Actor) => sql`c.id, c.name, c.join_policy, c.owner_kind, c.owner_id,
  c.district_id, c.archived_at, m.status as member_status, m.role as member_role
  from communities c
  left join community_members m on m.community_id = c.id and m.user_id = ${actor.userId}`;

/**
 * The community and the viewer's standing, or null when there is none. Rows here are locked `for no
 * key update`: writes of one thing wait for each other, but never for a reply or thread being saved
 * under it (whose foreign keys take key-share locks), so a reply and an edit of its parent never deadlock.
 */
export async function findCommunity(tx: Tx, actor: Actor, communityId: string, lock = false) {
  const { rows } = await tx.execute<CommunityRow>(
    sql`select ${communityColumns(actor)} where c.id = ${communityId} ${lock ? sql`for no key update of c` : sql``}`,
  );
  return rows[0] ? toContext(rows[0]) : null;
}

/** The community whose content the viewer may read, or 404 (it does not exist for them). */
export async function readableCommunity(tx: Tx, actor: Actor, communityId: string, lock = false) {
  const community = await findCommunity(tx, actor, communityId, lock);
  if (!community || !canReadContent(actor, community)) throw new NotFoundError('No such community.');
  return community;
}

/**
 * Refuses a write by someone who may read but not take part: archived communities are read-only
 * for everyone (409), and readers of an open community must join first (403).
 */
export function assertParticipant(community: CommunityContext): void {
  if (isArchived(community))
    throw new ConflictError('This community is archived; its conversations are read-only.');
  if (community.membership?.status === 'removed')
    throw new ForbiddenError(
      'A facilitator removed you from this community; you may no longer take part in it.',
    );
  if (!isMember(community)) throw new ForbiddenError('Join this community to take part.');
}

export function assertFacilitator(community: CommunityContext): void {
  if (!canFacilitate(community)) throw new ForbiddenError('Only facilitators of this community may do this.');
}

export type ThreadRow = {
  id: string;
  community_id: string;
  author_id: string;
  type: 'question' | 'reflection' | 'practice' | 'announcement';
  title: string;
  pinned_at: Date | null;
  locked_at: Date | null;
  insight_post_id: string | null;
  reply_count: number;
  last_post_at: Date;
  created_at: Date;
};

/** A thread the viewer may read, with its community, or 404. */
export async function readableThread(tx: Tx, actor: Actor, threadId: string, lock = false) {
  const { rows } = await tx.execute<ThreadRow>(
    sql`select * from threads where id = ${threadId} ${lock ? sql`for no key update` : sql``}`,
  );
  const thread = rows[0];
  if (!thread) throw new NotFoundError('No such thread.');
  const community = await findCommunity(tx, actor, thread.community_id);
  if (!community || !canReadContent(actor, community)) throw new NotFoundError('No such thread.');
  return { thread, community };
}

export type PostRow = {
  id: string;
  thread_id: string;
  community_id: string;
  author_id: string;
  parent_id: string | null;
  is_opening: boolean;
  body_md: string;
  body_html: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
};

/** A post the viewer may read, with its thread and community, or 404. */
export async function readablePost(tx: Tx, actor: Actor, postId: string, lock = false) {
  const { rows } = await tx.execute<PostRow>(
    sql`select id, thread_id, community_id, author_id, parent_id, is_opening, body_md, body_html,
          created_at, edited_at, deleted_at, hidden_at, hidden_reason
        from posts where id = ${postId} ${lock ? sql`for no key update` : sql``}`,
  );
  const post = rows[0];
  if (!post) throw new NotFoundError('No such post.');
  const community = await findCommunity(tx, actor, post.community_id);
  if (!community || !canReadContent(actor, community)) throw new NotFoundError('No such post.');
  return { post, community };
}

/** Facilitators of the community whose ids are given: to check a move's destination. */
export async function facilitatedCommunities(tx: Tx, actor: Actor) {
  const { rows } = await tx.execute<{ id: string; name: string }>(
    sql`select c.id, c.name from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${actor.userId} and m.status = 'active' and m.role = 'facilitator'
          and c.archived_at is null
        order by c.name`,
  );
  return rows;
}
