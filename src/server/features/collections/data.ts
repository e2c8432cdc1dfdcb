import { defineData } from '#server/platform/data-classes.ts';

/** Collections are shared like resources: a private one is its owner's alone. */
export default defineData({
  tables: {
    collections: {
      class: 'district',
      people: { owner_id: { erase: 'deidentify', export: true } },
      district: "district_id = $1 and audience <> 'private'",
    },
    collection_items: {
      class: 'district',
      linkedTo: 'collection_id in (select id from collections where owner_id = $1)',
      district:
        "collection_id in (select id from collections where district_id = $1 and audience <> 'private')",
    },
  },
});
