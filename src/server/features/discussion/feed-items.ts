import { sql } from 'drizzle-orm';
import { defineFeedItemKind } from '#server/platform/feed-items.ts';
import { markdownExcerpt } from '#server/platform/markdown.ts';
import { VERBS } from '#server/platform/statements.ts';
import { readableCommunitySql } from '../communities/index.ts';

const VERB_NAMES = new Map<string, 'posted' | 'replied' | 'marked_insight'>([
  [VERBS.posted, 'posted'],
  [VERBS.replied, 'replied'],
  [VERBS.marked_insight, 'marked_insight'],
]);

type Shown = {
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
  defineFeedItemKind<Shown>({
    kind: 'discussion.post',
    verbs: ['posted', 'replied', 'marked_insight'],
    objectTypes: ['thread', 'post'],
    audiences: (s) =>
      sql`case when ${s}.community_id is not null then array[${s}.community_id, ${s}.actor_id] end`,
    shown: (viewer) => sql`
      select json_build_object('actor_name', u.name, 'community_id', co.id, 'community_name', co.name,
                               'thread_id', t.id, 'thread_title', t.title, 'thread_type', t.type,
                               'post_id', p.id, 'post_body', left(p.body_md, 2000))
        from posts p
        join threads t on t.id = p.thread_id
        join communities co on co.id = t.community_id
        join users u on u.id = c.actor_id
       where p.id = case
               when c.object_type = 'post' then c.object_id::uuid
               else (select op.id from posts op where op.thread_id = c.object_id::uuid and op.is_opening limit 1)
             end
         and p.deleted_at is null and p.hidden_at is null and ${readableCommunitySql(viewer, 'co')}
         -- A thread the viewer muted (or its community, unless they chose the thread's level) is not shown.
         and not exists (select 1 from thread_reads mr where mr.user_id = ${viewer.userId} and mr.thread_id = t.id
                           and mr.level = 'muted')
         and not exists (select 1 from community_reads mc where mc.user_id = ${viewer.userId}
                           and mc.community_id = co.id and mc.level = 'muted'
                           and not exists (select 1 from thread_reads mo where mo.user_id = ${viewer.userId}
                                             and mo.thread_id = t.id and mo.level is not null))`,
    entry: (r, item) => ({
      id: item.id,
      verb: VERB_NAMES.get(item.verb) ?? 'posted',
      at: item.at,
      actor: { id: item.actorId ?? '', name: r.actor_name },
      community: { id: r.community_id, name: r.community_name },
      thread: { id: r.thread_id, title: r.thread_title, type: r.thread_type },
      post: { id: r.post_id, excerpt: markdownExcerpt(r.post_body) },
      homeShare: null,
    }),
  }),
];
