import { sql } from 'drizzle-orm';
import { defineFeedItemKind, type FeedEntry } from '#server/platform/feed-items.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { markdownExcerpt } from '#server/platform/markdown.ts';
import { VERBS } from '#server/platform/statements.ts';
import { readableCommunitySql } from '../communities/index.ts';

const VERB_NAMES = new Map<string, 'posted' | 'replied' | 'marked_insight'>([
  [VERBS.posted, 'posted'],
  [VERBS.replied, 'replied'],
  [VERBS.marked_insight, 'marked_insight'],
]);

type Row = {
  id: string;
  actor_name: string;
  community_id: string;
  community_name: string;
  thread_id: string;
  thread_title: string;
  thread_type: string;
  post_id: string;
  post_body: string;
};

/**
 * A thread started, a reply, an insight marked: seen by the community's members and by those who
 * follow the person, wherever they may read it. Titles and words are the thread's and post's as they
 * are now; a deleted or hidden post, or a thread moved where the viewer may not read, drops out.
 */
export const discussionFeedItems = [
  defineFeedItemKind({
    kind: 'discussion.post',
    verbs: ['posted', 'replied', 'marked_insight'],
    objectTypes: ['thread', 'post'],
    audiences: (s) =>
      sql`case when ${s}.community_id is not null then array[${s}.community_id, ${s}.actor_id] end`,
    async present({ db, viewer, items }) {
      // Prepared once per connection: planning this join costs more than running it for a page.
      const rows = await namedQuery<Row>(
        db,
        'discussion-feed-present',
        sql`
        select f.id, u.name as actor_name, co.id as community_id, co.name as community_name,
               t.id as thread_id, t.title as thread_title, t.type as thread_type,
               p.id as post_id, left(p.body_md, 2000) as post_body
          from unnest(${sql.param(items.map((i) => i.id))}::uuid[], ${sql.param(items.map((i) => i.actorId))}::uuid[],
                      ${sql.param(items.map((i) => i.objectType))}::text[], ${sql.param(items.map((i) => i.objectId))}::text[])
               as f(id, actor_id, object_type, object_id)
          join users u on u.id = f.actor_id
          join posts p on p.id = case
              when f.object_type = 'post' then f.object_id::uuid
              else (select op.id from posts op where op.thread_id = f.object_id::uuid and op.is_opening limit 1)
            end
          join threads t on t.id = p.thread_id
          join communities co on co.id = t.community_id
         where p.deleted_at is null and p.hidden_at is null and ${readableCommunitySql(viewer, 'co')}`,
      );
      const byId = new Map(items.map((i) => [i.id, i]));
      return new Map(
        rows.map((r): [string, FeedEntry] => {
          const item = byId.get(r.id);
          return [
            r.id,
            {
              id: r.id,
              verb: VERB_NAMES.get(item?.verb ?? '') ?? 'posted',
              at: item?.at ?? '',
              actor: { id: item?.actorId ?? '', name: r.actor_name },
              community: { id: r.community_id, name: r.community_name },
              thread: { id: r.thread_id, title: r.thread_title, type: r.thread_type },
              post: { id: r.post_id, excerpt: markdownExcerpt(r.post_body) },
              homeShare: null,
            },
          ];
        }),
      );
    },
  }),
];
