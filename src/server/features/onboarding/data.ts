import { defineData } from '#server/platform/data-classes.ts';

/** A person's own checklist progress. */
export default defineData({
  tables: {
    onboarding_progress: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'user_id in (select id from users where district_id = $1)',
    },
  },
});
