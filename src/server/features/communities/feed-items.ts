import { sql } from 'drizzle-orm';
import { namedQuery } from '#server/db/named-query.ts';
import { defineFeedItemKind, type FeedEntry } from '#server/platform/feed-items.ts';

/** Someone joined a community: seen by its other active members, under the community's name as it is now. */
export const communityFeedItems = [
  defineFeedItemKind({
    kind: 'communities.joined',
    verbs: ['joined'],
    objectTypes: ['community'],
    audiences: (s) => sql`array[${s}.community_id]`,
    async present({ db, items }) {
      const rows = await namedQuery<{
        id: string;
        actor_name: string;
        community_id: string;
        name: string;
      }>(
        db,
        'communities-feed-present',
        sql`
        select f.id, u.name as actor_name, co.id as community_id, co.name
          from unnest(${sql.param(items.map((i) => i.id))}::uuid[], ${sql.param(items.map((i) => i.actorId))}::uuid[],
                      ${sql.param(items.map((i) => i.communityId))}::uuid[]) as f(id, actor_id, community_id)
          join users u on u.id = f.actor_id
          join communities co on co.id = f.community_id`,
      );
      const byId = new Map(items.map((i) => [i.id, i]));
      return new Map(
        rows.map((r): [string, FeedEntry] => [
          r.id,
          {
            id: r.id,
            verb: 'joined',
            at: byId.get(r.id)?.at ?? '',
            actor: { id: byId.get(r.id)?.actorId ?? '', name: r.actor_name },
            community: { id: r.community_id, name: r.name },
            thread: null,
            post: null,
            homeShare: null,
          },
        ]),
      );
    },
  }),
];
