/**
 * Test data for communities and their conversations, written straight to the tables (with the
 * activity-stream statements the discussion feature would record), so a feature's tests depend only
 * on the schema and not on another feature's routes.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import { recordStatement } from '#server/platform/statements.ts';

type MemberStatus = 'active' | 'requested' | 'invited' | 'declined' | 'removed' | 'left';

/** A community with its people and their standing. */
export async function buildCommunity(
  db: Db,
  c: {
    createdBy: string;
    /** The owner's district (null, or ignored, for a network owner). */
    districtId: string | null;
    ownerKind?: 'school' | 'district' | 'network';
    /** The owning school, district or network; the district when not given. */
    ownerId?: string;
    joinPolicy?: 'open' | 'request' | 'invitation';
    name?: string;
    purpose?: string;
    subjects?: string[];
    gradeBands?: string[];
    archived?: boolean;
    members?: Array<{ userId: string; role?: 'facilitator' | 'member'; status?: MemberStatus }>;
  },
) {
  const id = uuidv7();
  const ownerKind = c.ownerKind ?? 'district';
  const ownerId = c.ownerId ?? c.districtId;
  if (!ownerId) throw new Error('buildCommunity needs an ownerId or a districtId');
  const name = c.name ?? `Community ${id.slice(-6)}`;
  const purpose = c.purpose ?? '';
  await db.execute(sql`
    insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, subjects, grade_bands,
                             join_policy, created_by, archived_at, search)
    values (${id}, 'plc', ${ownerKind}, ${ownerId}, ${ownerKind === 'network' ? null : c.districtId}, ${name},
            ${purpose}, ${sql.param(c.subjects ?? [])}::text[], ${sql.param(c.gradeBands ?? [])}::text[],
            ${c.joinPolicy ?? 'request'}, ${c.createdBy}, ${c.archived ? sql`now()` : null},
            setweight(to_tsvector('english', ${name}), 'A') || setweight(to_tsvector('english', ${purpose}), 'B'))`);
  for (const m of c.members ?? []) await setMember(db, id, m.userId, m.status, { role: m.role });
  return { id, name };
}

/** Gives a person a standing in a community (replacing any they had); `record` adds the joined statement. */
export async function setMember(
  db: Db,
  communityId: string,
  userId: string,
  status: MemberStatus = 'active',
  { role = 'member', record = false }: { role?: 'facilitator' | 'member'; record?: boolean } = {},
) {
  await db.execute(sql`
    insert into community_members (community_id, user_id, role, status, joined_at)
    values (${communityId}, ${userId}, ${role}, ${status}, now())
    on conflict (community_id, user_id) do update
      set status = excluded.status, role = excluded.role, updated_at = now()`);
  if (record)
    await recordStatement(db, {
      actor: { id: userId },
      verb: 'joined',
      object: { type: 'community', id: communityId },
      context: { communityId },
    });
}

async function insertPost(
  db: Db,
  p: {
    threadId: string;
    communityId: string;
    authorId: string;
    body: string;
    opening: boolean;
    title?: string;
  },
) {
  const id = uuidv7();
  const rendered = renderMarkdown(p.body);
  const words = p.title ? `${p.title} ${rendered.text}` : rendered.text;
  await db.execute(sql`
    insert into posts (id, thread_id, community_id, author_id, is_opening, body_md, body_html, search)
    values (${id}, ${p.threadId}, ${p.communityId}, ${p.authorId}, ${p.opening}, ${p.body}, ${rendered.html},
            to_tsvector('english', ${words}))`);
  return id;
}

/** A thread with its opening post, and the "posted" statement. */
export async function buildThread(
  db: Db,
  t: { communityId: string; authorId: string; title?: string; body?: string; type?: string },
) {
  const threadId = uuidv7();
  const title = t.title ?? `Thread ${threadId.slice(-6)}`;
  await db.execute(sql`
    insert into threads (id, community_id, author_id, type, title)
    values (${threadId}, ${t.communityId}, ${t.authorId}, ${t.type ?? 'question'}, ${title})`);
  const postId = await insertPost(db, {
    threadId,
    communityId: t.communityId,
    authorId: t.authorId,
    body: t.body ?? 'Opening words.',
    opening: true,
    title,
  });
  const statementId = await recordStatement(db, {
    actor: { id: t.authorId },
    verb: 'posted',
    object: { type: 'thread', id: threadId, name: title },
    context: { communityId: t.communityId },
  });
  return { threadId, postId, statementId, title };
}

/** A reply in a thread, and the "replied" statement. */
export async function buildReply(
  db: Db,
  r: { threadId: string; communityId: string; authorId: string; body?: string },
) {
  const postId = await insertPost(db, {
    threadId: r.threadId,
    communityId: r.communityId,
    authorId: r.authorId,
    body: r.body ?? 'A reply.',
    opening: false,
  });
  const statementId = await recordStatement(db, {
    actor: { id: r.authorId },
    verb: 'replied',
    object: { type: 'post', id: postId },
    context: {
      communityId: r.communityId,
      extensions: { 'https://trellis.dev/xapi/extensions/thread': r.threadId },
    },
  });
  return { postId, statementId };
}

export async function hidePost(db: Db, postId: string) {
  await db.execute(sql`update posts set hidden_at = now(), hidden_reason = 'off topic' where id = ${postId}`);
}

export async function deletePost(db: Db, postId: string) {
  await db.execute(sql`update posts set deleted_at = now() where id = ${postId}`);
}
