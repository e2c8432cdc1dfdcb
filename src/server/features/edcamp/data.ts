import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictBoards = 'board_id in (select id from edcamp_boards where district_id = $1)';
const ofDistrictSessions =
  'session_id in (select s.id from edcamp_sessions s join edcamp_boards b on b.id = s.board_id where b.district_id = $1)';

/**
 * An edcamp board, its rooms, slots and proposals belong to the event's district, like the event.
 * A guest is a name typed at the door and a token's hash (a secret): kept with the board, in no
 * person's export. Votes and attendance are the person's. Erasing a person removes their votes and
 * attendance and keeps their proposals on the board, by no one.
 */
export default defineData({
  tables: {
    edcamp_boards: {
      class: 'district',
      columns: { join_code: 'secret' },
      people: { created_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
    edcamp_rooms: { class: 'district', district: ofDistrictBoards },
    edcamp_slots: { class: 'district', district: ofDistrictBoards },
    edcamp_guests: {
      class: 'district',
      columns: { token_hash: 'secret' },
      district: ofDistrictBoards,
    },
    edcamp_sessions: {
      class: 'district',
      people: { proposer_id: { erase: 'deidentify', export: true } },
      district: ofDistrictBoards,
    },
    edcamp_votes: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictSessions,
    },
    edcamp_attendance: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictSessions,
    },
  },
});
