import { defineData } from '#server/platform/data-classes.ts';

/** Profiles: colleagues read each field as its person chose; the choices themselves are theirs. */
export default defineData({
  tables: {
    profiles: {
      class: 'district',
      columns: { field_visibility: 'person', portfolio_public: 'person' },
      people: { user_id: { erase: 'delete', export: true } },
      district: 'user_id in (select id from users where district_id = $1)',
    },
  },
});
