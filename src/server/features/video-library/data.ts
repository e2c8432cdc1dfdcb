import { defineData } from '#server/platform/data-classes.ts';

/**
 * A clip shared with a community is the teacher's and the community's: it goes with the video, and a
 * teacher who is erased takes their clips with them (their video goes too).
 */
export default defineData({
  tables: {
    community_video_clips: {
      class: 'pair',
      people: { shared_by: { erase: 'delete', export: true } },
      district: 'shared_by in (select id from users where district_id = $1)',
    },
  },
});
