import { sql } from 'drizzle-orm';
import { defineFeedItemKind } from '#server/platform/feed-items.ts';

/** Someone joined a community: seen by its other active members, under the community's name as it is now. */
export const communityFeedItems = [
  defineFeedItemKind<{ actor_name: string; community_id: string; name: string }>({
    kind: 'communities.joined',
    verbs: ['joined'],
    objectTypes: ['community'],
    audiences: (s) => sql`array[${s}.community_id]`,
    shown: () => sql`
      select json_build_object('actor_name', u.name, 'community_id', co.id, 'name', co.name)
        from users u, communities co
       where u.id = c.actor_id and co.id = c.community_id`,
    entry: (r, item) => ({
      id: item.id,
      verb: 'joined',
      at: item.at,
      actor: { id: item.actorId ?? '', name: r.actor_name },
      community: { id: r.community_id, name: r.name },
      thread: null,
      post: null,
      homeShare: null,
    }),
  }),
];
