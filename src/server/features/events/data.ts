import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictEvents = 'event_id in (select id from events where district_id = $1)';
const ofDistrictSessions =
  'session_id in (select s.id from event_sessions s join events e on e.id = s.event_id where e.district_id = $1)';

/**
 * An event and its sessions belong to its host's district (a network's events to no district).
 * A registration, an attendance and a feedback answer are the person's: in their export, and in
 * their district's export as the records of who came (feedback stays out: `pair`). A feed's token is
 * a secret. Erasing a person removes their registrations, feeds and answers and keeps the events
 * they organized, by no one.
 */
export default defineData({
  tables: {
    events: {
      class: 'district',
      columns: { meeting_url: 'community' },
      people: { created_by: { erase: 'deidentify', export: true } },
      district: 'district_id = $1',
    },
    event_sessions: { class: 'district', district: ofDistrictEvents },
    event_facilitators: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictEvents,
    },
    event_materials: { class: 'district', district: ofDistrictEvents },
    event_registrations: {
      class: 'district',
      columns: { answers: 'person' },
      people: {
        user_id: { erase: 'delete', export: true },
        approved_by: { erase: 'clear', export: false },
      },
      district: ofDistrictEvents,
    },
    event_attendance: {
      class: 'district',
      people: {
        user_id: { erase: 'delete', export: true },
        recorded_by: { erase: 'clear', export: false },
      },
      district: ofDistrictSessions,
    },
    event_feedback: {
      class: 'pair',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictSessions,
    },
    calendar_feeds: {
      class: 'person',
      columns: { token_hash: 'secret' },
      people: { user_id: { erase: 'delete', export: true } },
    },
    event_reminders: { class: 'district', district: ofDistrictSessions },
  },
});
