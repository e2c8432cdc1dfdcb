import type { AttachmentView, PostView, ThreadSummary } from '#shared/contracts/discussion.ts';
import type { ThreadRow } from './access.ts';
import type { PostListRow } from './queries.ts';

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

export const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function presentThread(row: ThreadRow & { author_name: string }): ThreadSummary {
  return {
    id: row.id,
    communityId: row.community_id,
    type: row.type,
    title: row.title,
    author: { id: row.author_id, name: row.author_name },
    replyCount: row.reply_count,
    lastPostAt: iso(row.last_post_at),
    createdAt: iso(row.created_at),
    pinned: row.pinned_at !== null,
    locked: row.locked_at !== null,
    hasInsight: row.insight_post_id !== null,
  };
}

/** What the viewer may do in this thread, decided once and applied to every post. */
export interface ViewerInThread {
  userId: string;
  /** An active member of a community that is not archived. */
  participant: boolean;
  facilitator: boolean;
  locked: boolean;
  insightPostId: string | null;
}

/**
 * A post as this viewer may see it. A deleted post keeps its place without words; a hidden one
 * shows its words and the reason only to its author and facilitators.
 */
export function presentPost(
  row: PostListRow,
  viewer: ViewerInThread,
  mine: Array<'helpful' | 'tried'> = row.mine ?? [],
): PostView {
  const own = row.author_id === viewer.userId;
  const deleted = row.deleted_at !== null;
  const hidden = row.hidden_at !== null;
  const seesHidden = own || viewer.facilitator;
  const showBody = !deleted && (!hidden || seesHidden);
  const attachments: AttachmentView[] = showBody
    ? (row.attachments ?? []).map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        byteSize: a.byte_size,
        url: attachmentUrl(a.id),
      }))
    : [];
  const isTopReply = !row.is_opening && row.parent_id === null;
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    isOpening: row.is_opening,
    author: {
      id: row.author_id,
      name: row.author_name,
      roleTitle: row.role_title ?? null,
      districtName: row.district_name ?? null,
    },
    bodyHtml: showBody ? row.body_html : null,
    bodyMd: own && !deleted ? row.body_md : null,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at ? iso(row.edited_at) : null,
    deleted,
    hidden: hidden && !deleted ? { reason: seesHidden ? row.hidden_reason : null } : null,
    reactions: { helpful: row.helpful_count, tried: row.tried_count, mine },
    attachments,
    isInsight: viewer.insightPostId === row.id,
    abilities: {
      edit: own && !deleted && viewer.participant && !viewer.locked,
      delete: own && !deleted,
      react: !own && !deleted && !hidden && viewer.participant,
      reply: (isTopReply || row.is_opening) && viewer.participant && !viewer.locked,
      report: !own && !deleted && !hidden,
      moderate: viewer.facilitator && !deleted,
    },
    children: [],
  };
}

/**
 * A post's JSON text as this viewer may see it, up to its replies: `{…,"children":`, which the
 * caller closes with the replies' texts. `children` is the last field presentPost writes.
 */
function openPostText(row: PostListRow, viewer: ViewerInThread, mine: Array<'helpful' | 'tried'>): string {
  const text = JSON.stringify(presentPost(row, viewer, mine));
  return text.slice(0, -'[]}'.length);
}

/**
 * The texts of posts of a remembered page, per viewer standing: a post that is not the viewer's own
 * and that they have not reacted to reads the same for every viewer of the same standing in the
 * thread (participant, facilitator, the thread locked, the post the insight), which is all
 * presentPost asks of the viewer then. Keyed `postId|standing`; the whole arranged page for
 * viewers with nothing of their own on it, keyed `*standing|insight|limit|part`.
 */
export type PostTexts = Map<string, string>;

/**
 * Arranges a thread's rows as the page's JSON text: the opening post, and top-level replies each
 * with their replies. Posts that read the same for every viewer of this standing are written once
 * and their text kept in `texts`; building and writing 51 posts' objects per request took most of
 * a remembered page's Node time.
 */
export function arrangePostsText(
  rows: PostListRow[],
  viewer: ViewerInThread,
  limit: number,
  mineOf: (row: PostListRow) => Array<'helpful' | 'tried'>,
  texts: PostTexts,
): { opening: string | null; replies: string; nextCursor: string | null } {
  const standing = `|${+viewer.participant}${+viewer.facilitator}${+viewer.locked}`;
  const openText = (row: PostListRow) => {
    const mine = mineOf(row);
    if (row.author_id === viewer.userId || mine.length) return openPostText(row, viewer, mine);
    const key = `${row.id}${standing}${+(viewer.insightPostId === row.id)}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = openPostText(row, viewer, mine);
      texts.set(key, text);
    }
    return text;
  };
  // A viewer with no post of their own and no reaction on the page reads all of it as every viewer
  // of their standing does: the arranged page is kept whole too, and not joined again.
  let plain = true;
  for (const row of rows)
    if (row.author_id === viewer.userId || mineOf(row).length) {
      plain = false;
      break;
    }
  const wholeKey = `*${standing}|${viewer.insightPostId ?? ''}|${limit}`;
  if (plain) {
    const replies = texts.get(`${wholeKey}|replies`);
    const opening = texts.get(`${wholeKey}|opening`);
    const next = texts.get(`${wholeKey}|next`);
    if (replies !== undefined && opening !== undefined && next !== undefined)
      return { opening: opening || null, replies, nextCursor: next || null };
  }
  let opening: string | null = null;
  const tops: Array<{ id: string; open: string; children: string[] }> = [];
  const byId = new Map<string, { children: string[] }>();
  const lateChildren: Array<[string, string]> = [];
  let more = false;
  for (const row of rows) {
    if (row.top_rank !== null && Number(row.top_rank) > limit) {
      more = true;
      continue;
    }
    const open = openText(row);
    if (row.is_opening) opening = `${open}[]}`;
    else if (row.parent_id === null) {
      const top = { id: row.id, open, children: [] };
      tops.push(top);
      byId.set(row.id, top);
    } else lateChildren.push([row.parent_id, `${open}[]}`]);
  }
  for (const [parentId, child] of lateChildren) byId.get(parentId)?.children.push(child);
  const arranged = {
    opening,
    replies: `[${tops.map((top) => `${top.open}[${top.children.join(',')}]}`).join(',')}]`,
    nextCursor: more && tops.length ? tops[tops.length - 1].id : null,
  };
  if (plain) {
    texts.set(`${wholeKey}|replies`, arranged.replies);
    texts.set(`${wholeKey}|opening`, arranged.opening ?? '');
    texts.set(`${wholeKey}|next`, arranged.nextCursor ?? '');
  }
  return arranged;
}
