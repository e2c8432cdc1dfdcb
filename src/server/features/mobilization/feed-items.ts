import { sql } from 'drizzle-orm';
import { defineFeedItemKind, type FeedEntry } from '#server/platform/feed-items.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { markdownExcerpt } from '#server/platform/markdown.ts';
import { readableCommunitySql, visibleCommunitySql } from '../communities/index.ts';
import { visibleSharedSql } from '../resources/index.ts';
import { TARGET_EXTENSION } from './service.ts';

type Row = {
  id: string;
  actor_id: string;
  actor_name: string;
  subject: 'resource' | 'insight';
  note: string;
  target_kind: 'school' | 'district';
  target_id: string;
  target_name: string;
  from_id: string | null;
  from_name: string | null;
  resource_id: string | null;
  resource_title: string | null;
  thread_id: string | null;
  thread_title: string | null;
  thread_community_id: string | null;
  thread_readable: boolean;
  post_body: string | null;
};

/**
 * "Ana brought home …": seen by the people of the school or district it was brought home to. A
 * resource shows while it stands and they may see it; an insight while its reply stands. The source
 * community is named only to those who may see it, and the insight's thread is linked only for those
 * who may read it; the insight's words travel with it.
 */
export const mobilizationFeedItems = [
  defineFeedItemKind({
    kind: 'mobilization.home_share',
    verbs: ['brought_home'],
    objectTypes: ['resource', 'post'],
    audiences: (s) =>
      sql`array[(${s}.body -> 'context' -> 'extensions' -> ${TARGET_EXTENSION} ->> 'id')::uuid]`,
    async present({ db, viewer, items }) {
      // Prepared once per connection: planning this join costs more than running it for a page.
      const rows = await namedQuery<Row>(
        db,
        'mobilization-feed-present',
        sql`
        select hs.statement_id as id, hs.sharer_id as actor_id, u.name as actor_name, hs.subject, hs.note,
               hs.target_kind, hs.target_id, ho.name as target_name, hs.from_community_id as from_id,
               (case when ${visibleCommunitySql(viewer, 'hc')} then hc.name end) as from_name,
               hr.id as resource_id, hr.title as resource_title,
               t.id as thread_id, t.title as thread_title, t.community_id as thread_community_id,
               coalesce(${readableCommunitySql(viewer, 'tc')}, false) as thread_readable,
               left(p.body_md, 2000) as post_body
          from home_shares hs
          join users u on u.id = hs.sharer_id
          join organizations ho on ho.id = hs.target_id
          left join communities hc on hc.id = hs.from_community_id
          left join resources hr on hr.id = hs.resource_id
          left join posts p on p.id = hs.post_id
          left join threads t on t.id = p.thread_id
          left join communities tc on tc.id = t.community_id
         where hs.statement_id = any(${sql.param(items.map((i) => i.id))}::uuid[])
           and (case when hs.subject = 'resource'
                  then hr.id is not null and hr.deleted_at is null
                       and ${visibleSharedSql(viewer, 'hr', { homeShares: true, few: true })}
                  else p.id is not null and p.deleted_at is null and p.hidden_at is null
                end)`,
      );
      const at = new Map(items.map((i) => [i.id, i.at]));
      return new Map(rows.map((r): [string, FeedEntry] => [r.id, homeShareEntry(r, at.get(r.id) ?? '')]));
    },
  }),
];

function homeShareEntry(r: Row, at: string): FeedEntry {
  const fromCommunity = r.from_id && r.from_name ? { id: r.from_id, name: r.from_name } : null;
  return {
    id: r.id,
    verb: 'brought_home',
    at,
    actor: { id: r.actor_id, name: r.actor_name },
    community: fromCommunity,
    thread: null,
    post: null,
    homeShare: {
      note: r.note,
      target: { kind: r.target_kind, id: r.target_id, name: r.target_name },
      from: r.from_id ? { community: fromCommunity } : null,
      resource:
        r.subject === 'resource' && r.resource_id
          ? { id: r.resource_id, title: r.resource_title ?? '' }
          : null,
      insight:
        r.subject === 'insight'
          ? {
              excerpt: markdownExcerpt(r.post_body ?? ''),
              threadTitle: r.thread_title ?? '',
              thread:
                r.thread_readable && r.thread_id && r.thread_community_id
                  ? { id: r.thread_id, communityId: r.thread_community_id }
                  : null,
            }
          : null,
    },
  };
}
