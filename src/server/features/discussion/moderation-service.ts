import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#server/platform/errors.ts';
import { excerpt, renderMarkdown } from '#server/platform/markdown.ts';
import type { ReportQueueItem } from '#shared/contracts/discussion.ts';
import { canFacilitate } from '../communities/index.ts';
import { assertFacilitator, findCommunity, readableCommunity, readablePost } from './access.ts';
import { iso } from './present.ts';

/** Anyone who may read a post reports it to the community's facilitators; one open report each. */
export async function reportPost(args: { db: Db; actor: Actor; postId: string; reason: string }) {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const { post, community } = await readablePost(tx, actor, args.postId);
    if (post.deleted_at) throw new ConflictError('This post was deleted.');
    if (post.author_id === actor.userId) throw new ForbiddenError('You cannot report your own post.');
    const { rows } = await tx.execute<{ id: string }>(sql`
      insert into post_reports (id, post_id, community_id, reporter_id, reason)
      values (${uuidv7()}, ${post.id}, ${community.id}, ${actor.userId}, ${args.reason})
      on conflict (post_id, reporter_id) where resolved_at is null do nothing
      returning id`);
    if (!rows[0]) throw new ConflictError('You already reported this post; facilitators will look at it.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'post.reported',
      target: { type: 'post', id: post.id },
      districtId: community.districtId,
      details: { communityId: community.id, reportId: rows[0].id },
    });
    return { id: rows[0].id };
  });
}

/** The facilitators' queue: open reports, grouped by post, oldest report first. */
export async function listReports(args: {
  db: Db;
  actor: Actor;
  communityId: string;
}): Promise<ReportQueueItem[]> {
  const { db, actor } = args;
  const community = await readableCommunity(db, actor, args.communityId);
  assertFacilitator(community);
  const { rows } = await db.execute<{
    report_id: string;
    reason: string;
    reported_at: Date;
    reporter_id: string;
    reporter_name: string;
    post_id: string;
    thread_id: string;
    thread_title: string;
    author_id: string;
    author_name: string;
    body_md: string;
    post_created_at: Date;
    hidden_at: Date | null;
    deleted_at: Date | null;
  }>(sql`
    select r.id as report_id, r.reason, r.created_at as reported_at, r.reporter_id, ru.name as reporter_name,
           p.id as post_id, p.thread_id, t.title as thread_title, p.author_id, au.name as author_name,
           p.body_md, p.created_at as post_created_at, p.hidden_at, p.deleted_at
      from post_reports r
      join posts p on p.id = r.post_id
      join threads t on t.id = p.thread_id
      join users ru on ru.id = r.reporter_id
      join users au on au.id = p.author_id
     where r.community_id = ${community.id} and r.resolved_at is null
     order by r.created_at, r.id
     limit 500`);
  const byPost = new Map<string, ReportQueueItem>();
  for (const r of rows) {
    let item = byPost.get(r.post_id);
    if (!item) {
      item = {
        post: {
          id: r.post_id,
          threadId: r.thread_id,
          threadTitle: r.thread_title,
          author: { id: r.author_id, name: r.author_name },
          excerpt: r.deleted_at ? '' : excerpt(renderMarkdown(r.body_md).text, 300),
          createdAt: iso(r.post_created_at),
          hidden: r.hidden_at !== null,
          deleted: r.deleted_at !== null,
        },
        reports: [],
      };
      byPost.set(r.post_id, item);
    }
    item.reports.push({
      id: r.report_id,
      reason: r.reason,
      createdAt: iso(r.reported_at),
      reporter: { id: r.reporter_id, name: r.reporter_name },
    });
  }
  return [...byPost.values()];
}

/**
 * A facilitator hides a post (or shows it again) with a reason its author is told. Open reports on
 * it are resolved; the action is audited.
 */
export async function moderatePost(args: {
  db: Db;
  actor: Actor;
  postId: string;
  reason: string;
  hide: boolean;
}): Promise<void> {
  const { db, actor, hide, reason } = args;
  await db.transaction(async (tx) => {
    const { post, community } = await readablePost(tx, actor, args.postId, true);
    assertFacilitator(community);
    if (post.deleted_at) throw new ConflictError('This post was deleted.');
    if (hide === (post.hidden_at !== null))
      throw new ConflictError(hide ? 'This post is already hidden.' : 'This post is not hidden.');
    if (hide)
      await tx.execute(sql`update posts set hidden_at = now(), hidden_reason = ${reason}, hidden_by = ${actor.userId}
        where id = ${post.id}`);
    else
      await tx.execute(sql`update posts set hidden_at = null, hidden_reason = null, hidden_by = null
        where id = ${post.id}`);
    if (hide)
      await tx.execute(sql`update threads set insight_post_id = null
        where id = ${post.thread_id} and insight_post_id = ${post.id}`);
    const { rows: resolved } = await tx.execute<{ id: string }>(sql`update post_reports
        set resolved_at = now(), resolved_by = ${actor.userId}, resolution = ${hide ? 'hidden' : 'dismissed'}
      where post_id = ${post.id} and resolved_at is null returning id`);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: hide ? 'post.hidden' : 'post.restored',
      target: { type: 'post', id: post.id },
      districtId: community.districtId,
      details: {
        communityId: community.id,
        threadId: post.thread_id,
        reason,
        reportsResolved: resolved.length,
      },
    });
    const { rows } = await tx.execute<{ title: string }>(
      sql`select title from threads where id = ${post.thread_id}`,
    );
    await recordActivity(tx, {
      actor,
      verb: 'moderated',
      object: { type: 'post', id: post.id },
      context: {
        communityId: community.id,
        extensions: { 'https://trellis.dev/xapi/extensions/thread': post.thread_id },
      },
      result: { response: hide ? 'hidden' : 'restored' },
      notify: [
        {
          kind: 'moderation',
          to: [post.author_id],
          about: { communityId: community.id, threadId: post.thread_id, postId: post.id },
          data: {
            action: hide ? 'hidden' : 'restored',
            reason,
            threadTitle: rows[0]?.title ?? '',
            communityName: community.name,
          },
        },
      ],
      signals: [{ topic: `thread:${post.thread_id}`, type: 'moderation', id: post.id }],
    });
  });
}

/** A facilitator closes a report without acting on the post. */
export async function dismissReport(args: { db: Db; actor: Actor; reportId: string }): Promise<void> {
  const { db, actor } = args;
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      id: string;
      community_id: string;
      post_id: string;
      resolved_at: Date | null;
    }>(
      sql`select id, community_id, post_id, resolved_at from post_reports where id = ${args.reportId} for update`,
    );
    const report = rows[0];
    const community = report && (await findCommunity(tx, actor, report.community_id));
    // A report is visible only to the facilitators it was made to.
    if (!report || !community || !canFacilitate(community)) throw new NotFoundError('No such report.');
    if (report.resolved_at) throw new ConflictError('This report was already resolved.');
    await tx.execute(sql`update post_reports set resolved_at = now(), resolved_by = ${actor.userId},
      resolution = 'dismissed' where id = ${report.id}`);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'report.dismissed',
      target: { type: 'post_report', id: report.id },
      districtId: community.districtId,
      details: { communityId: community.id, postId: report.post_id },
    });
  });
}
