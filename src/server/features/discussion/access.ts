import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { canReadContent, findCommunity } from '../communities/index.ts';

/** What discussion asks of a community, kept by the communities feature. */
export {
  assertFacilitator,
  assertParticipant,
  type CommunityContext,
  facilitatedCommunities,
  findCommunity,
  readableCommunity,
} from '../communities/index.ts';

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
