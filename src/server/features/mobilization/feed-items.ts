import { sql } from 'drizzle-orm';
import { defineFeedItemKind, type FeedEntry } from '#server/platform/feed-items.ts';
import { markdownExcerpt } from '#server/platform/markdown.ts';
import { readableCommunitySql, visibleCommunitySql } from '../communities/index.ts';
import { visibleSharedSql } from '../resources/index.ts';
import { TARGET_EXTENSION } from './service.ts';

type Row = {
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
  defineFeedItemKind<Row>({
    kind: 'mobilization.home_share',
    verbs: ['brought_home'],
    objectTypes: ['resource', 'post'],
    audiences: (s) =>
      sql`array[(${s}.body -> 'context' -> 'extensions' -> ${TARGET_EXTENSION} ->> 'id')::uuid]`,
    shown: (viewer) => sql`
      select json_build_object(
               'actor_id', hs.sharer_id, 'actor_name', u.name, 'subject', hs.subject, 'note', hs.note,
               'target_kind', hs.target_kind, 'target_id', hs.target_id, 'target_name', ho.name,
               'from_id', hs.from_community_id,
               'from_name', (case when ${visibleCommunitySql(viewer, 'hc')} then hc.name end),
               'resource_id', hr.id, 'resource_title', hr.title,
               'thread_id', t.id, 'thread_title', t.title, 'thread_community_id', t.community_id,
               'thread_readable', coalesce(${readableCommunitySql(viewer, 'tc')}, false),
               'post_body', left(p.body_md, 2000))
        from home_shares hs
        join users u on u.id = hs.sharer_id
        join organizations ho on ho.id = hs.target_id
        left join communities hc on hc.id = hs.from_community_id
        left join resources hr on hr.id = hs.resource_id
        left join posts p on p.id = hs.post_id
        left join threads t on t.id = p.thread_id
        left join communities tc on tc.id = t.community_id
       where hs.statement_id = c.id
         and (case when hs.subject = 'resource'
                then hr.id is not null and hr.deleted_at is null
                     and ${visibleSharedSql(viewer, 'hr', { homeShares: true, few: true })}
                else p.id is not null and p.deleted_at is null and p.hidden_at is null
              end)`,
    entry: (r, item) => homeShareEntry(item.id, r, item.at),
  }),
];

function homeShareEntry(id: string, r: Row, at: string): FeedEntry {
  const fromCommunity = r.from_id && r.from_name ? { id: r.from_id, name: r.from_name } : null;
  return {
    id,
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
