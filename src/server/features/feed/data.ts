import { defineData } from '#server/platform/data-classes.ts';

/** Whom a person follows is theirs; that someone follows them is the follower's. */
export default defineData({
  tables: {
    follows: {
      class: 'person',
      people: {
        follower_id: { erase: 'delete', export: true },
        followee_id: { erase: 'delete', export: false },
      },
      district: 'follower_id in (select id from users where district_id = $1)',
    },
    // The feed's read model of the activity stream: a person's export carries the statements
    // themselves, and it ages with them.
    feed_items: {
      class: 'district',
      people: {
        actor_id: { erase: 'deidentify', export: false },
        audience_id: { erase: 'deidentify', export: false },
      },
      district: 'statement_id in (select id from statements where district_id = $1)',
      retention: { kind: 'activity', column: 'stored' },
    },
    // Counters behind remembered first feed pages (decision 030): an audience is a community, an
    // organization or a person followed. They say nothing but how often it changed; erasure drops
    // a person's, which changes the key of every page that showed them.
    feed_audience_versions: {
      class: 'district',
      people: { audience_id: { erase: 'delete', export: false } },
    },
  },
});
