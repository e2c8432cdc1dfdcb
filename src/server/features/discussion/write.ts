import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import { invalidField } from '#server/platform/errors.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import type { PostListRow } from './queries.ts';

/** The search vector of a post: the thread title (for an opening post) weighs most. */
export const postSearch = (title: string | null, text: string) =>
  sql`setweight(to_tsvector('english', ${title ?? ''}), 'A') || setweight(to_tsvector('english', ${text}), 'C')`;

/** Whether an error is the unique index that makes a client's retry return the first post. */
export function isIdempotencyConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; cause?: unknown };
  if (e?.code === '23505' && e.constraint === 'posts_idempotency_idx') return true;
  return e?.cause ? isIdempotencyConflict(e.cause) : false;
}

/** The post an author already saved under this key, if any. */
export async function findByIdempotencyKey(tx: Tx, authorId: string, key: string | undefined) {
  if (!key) return null;
  const { rows } = await tx.execute<{ id: string; thread_id: string; is_opening: boolean }>(
    sql`select id, thread_id, is_opening from posts where author_id = ${authorId} and idempotency_key = ${key}`,
  );
  return rows[0] ?? null;
}

/** Attaches the author's own unused uploads to a post, or refuses the whole request. */
export async function claimAttachments(tx: Tx, authorId: string, postId: string, ids: string[] | undefined) {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) return;
  const { rows } = await tx.execute<{ id: string }>(
    sql`update post_attachments set post_id = ${postId}
         where id = any(${sql.param(unique)}::uuid[]) and uploader_id = ${authorId} and post_id is null
        returning id`,
  );
  if (rows.length !== unique.length)
    throw invalidField('/body/attachmentIds', 'must be files you uploaded that no post uses yet');
}

/** Saves a new post, rendering its Markdown; returns its id and the people it mentions. */
export async function insertPost(
  tx: Tx,
  args: {
    threadId: string;
    communityId: string;
    authorId: string;
    parentId: string | null;
    isOpening: boolean;
    title: string | null;
    body: string;
    idempotencyKey?: string;
    attachmentIds?: string[];
  },
) {
  const id = uuidv7();
  const rendered = renderMarkdown(args.body);
  await tx.execute(sql`
    insert into posts (id, thread_id, community_id, author_id, parent_id, is_opening, body_md, body_html,
                       search, idempotency_key)
    values (${id}, ${args.threadId}, ${args.communityId}, ${args.authorId}, ${args.parentId}, ${args.isOpening},
            ${args.body}, ${rendered.html}, ${postSearch(args.title, rendered.text)}, ${args.idempotencyKey ?? null})`);
  await claimAttachments(tx, args.authorId, id, args.attachmentIds);
  return { id, rendered };
}

/** One post in the shape the thread page uses. */
export async function loadPostRow(tx: Tx, postId: string, viewerId: string): Promise<PostListRow> {
  const { rows } = await tx.execute<PostListRow>(sql`
    select p.id, p.thread_id, p.author_id, p.parent_id, p.is_opening, p.body_md, p.body_html, p.helpful_count,
           p.tried_count, p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason,
           u.name as author_name, pr.role_title, d.name as district_name,
           (select array_agg(r.kind order by r.kind) from post_reactions r
             where r.post_id = p.id and r.user_id = ${viewerId}) as mine,
           (select json_agg(json_build_object('id', a.id, 'filename', a.filename,
                     'content_type', f.content_type, 'byte_size', f.byte_size) order by a.created_at)
              from post_attachments a join files f on f.key = a.file_key where a.post_id = p.id) as attachments,
           null as top_rank
      from posts p
      join users u on u.id = p.author_id
      left join profiles pr on pr.user_id = p.author_id
      left join organizations d on d.id = u.district_id
     where p.id = ${postId}`);
  return rows[0];
}
