import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictMentorships = 'mentorship_id in (select id from mentorships where mentee_district_id = $1)';
const ofTheirMentorships =
  'mentorship_id in (select id from mentorships where mentee_id = $1 or mentor_id = $1)';

/**
 * How a district or network runs mentoring is theirs. A mentor's offer is the mentor's; a request is
 * its teacher's. A mentorship and its goals, meetings and check-ins belong to the pair: in each one's
 * own export, in no district's (the district sees them only as the coordinator's counts). Erasing one
 * of the pair first ends what they are in and withdraws what they asked (so the one-mentor rule never
 * meets two erased mentees under one name), then removes their name and keeps the rest for the other.
 */
export default defineData({
  tables: {
    mentoring_settings: {
      class: 'district',
      district:
        'organization_id = $1 or organization_id in (select network_id from network_districts where district_id = $1)',
    },
    mentor_profiles: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
    },
    mentoring_requests: {
      class: 'pair',
      people: { mentee_id: { erase: 'deidentify', export: true } },
      district: 'district_id = $1',
    },
    mentorships: {
      class: 'pair',
      people: {
        mentee_id: { erase: 'deidentify', export: true },
        mentor_id: { erase: 'deidentify', export: true },
        proposed_by: { erase: 'clear', export: false },
        confirmed_by: { erase: 'clear', export: false },
        approved_by: { erase: 'clear', export: false },
        ended_by: { erase: 'clear', export: false },
      },
      district: 'mentee_district_id = $1',
    },
    mentorship_goals: {
      class: 'pair',
      people: { created_by: { erase: 'clear', export: false } },
      linkedTo: ofTheirMentorships,
      district: ofDistrictMentorships,
    },
    mentorship_meetings: {
      class: 'pair',
      people: { logged_by: { erase: 'clear', export: false } },
      linkedTo: ofTheirMentorships,
      district: ofDistrictMentorships,
    },
    mentorship_check_ins: {
      class: 'pair',
      people: { author_id: { erase: 'deidentify', export: true } },
      linkedTo: ofTheirMentorships,
      district: ofDistrictMentorships,
    },
  },
  erase: async ({ tx, personId }) => {
    await tx.execute(sql`
      update mentorships set status = case when status = 'proposed' then 'declined' else 'ended' end,
             ended_at = coalesce(ended_at, now())
       where (mentee_id = ${personId} or mentor_id = ${personId})
         and status in ('proposed', 'awaiting_approval', 'active')`);
    await tx.execute(
      sql`update mentoring_requests set status = 'withdrawn' where mentee_id = ${personId} and status = 'open'`,
    );
  },
});
