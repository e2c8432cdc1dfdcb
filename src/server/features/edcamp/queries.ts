import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { EdcampBoardStatus, EdcampSessionKind } from '#shared/contracts/edcamp.ts';

type Reader = Pick<Tx, 'execute'>;

export type BoardRow = {
  id: string;
  event_id: string;
  district_id: string | null;
  status: EdcampBoardStatus;
  guests_allowed: boolean;
  join_code: string;
};

const BOARD_COLUMNS = sql`id, event_id, district_id, status, guests_allowed, join_code`;

export async function findBoard(db: Reader, boardId: string, lock = false): Promise<BoardRow | undefined> {
  const { rows } = await db.execute<BoardRow>(
    sql`select ${BOARD_COLUMNS} from edcamp_boards where id = ${boardId} ${lock ? sql`for update` : sql``}`,
  );
  return rows[0];
}

export async function findBoardOfEvent(db: Reader, eventId: string): Promise<BoardRow | undefined> {
  const { rows } = await db.execute<BoardRow>(
    sql`select ${BOARD_COLUMNS} from edcamp_boards where event_id = ${eventId}`,
  );
  return rows[0];
}

export async function findBoardByCode(db: Reader, code: string): Promise<BoardRow | undefined> {
  const { rows } = await db.execute<BoardRow>(
    sql`select ${BOARD_COLUMNS} from edcamp_boards where join_code = ${code}`,
  );
  return rows[0];
}

export type RoomRow = {
  id: string;
  name: string;
  capacity: number;
};
export type SlotRow = {
  id: string;
  label: string;
  /** As the driver reads a timestamptz: an ISO-like string. */
  starts_at: string;
  ends_at: string;
};

export async function listRooms(db: Reader, boardId: string): Promise<RoomRow[]> {
  const { rows } = await db.execute<RoomRow>(
    sql`select id, name, capacity from edcamp_rooms where board_id = ${boardId} order by position, id`,
  );
  return rows;
}

export async function listSlots(db: Reader, boardId: string): Promise<SlotRow[]> {
  const { rows } = await db.execute<SlotRow>(
    sql`select id, label, starts_at, ends_at from edcamp_slots where board_id = ${boardId} order by starts_at, position, id`,
  );
  return rows;
}

export type SessionRow = {
  id: string;
  board_id: string;
  kind: EdcampSessionKind;
  title: string;
  description: string;
  proposer_id: string | null;
  guest_id: string | null;
  proposer_name: string;
  room_id: string | null;
  slot_id: string | null;
  notes_thread_id: string | null;
  vote_count: number;
  created_at: string;
  voted: boolean;
  attended: boolean;
  attendance: number;
  slot_starts_at: string | null;
  slot_ends_at: string | null;
};

/** The proposer's key (`user:<id>` or `guest:<id>`) as the scheduler and the vote rows name people. */
export const proposerKey = (s: Pick<SessionRow, 'proposer_id' | 'guest_id'>) =>
  s.proposer_id ? `user:${s.proposer_id}` : s.guest_id ? `guest:${s.guest_id}` : null;

/** Sessions of the board (or one session), with what the participant `key` did with each. */
export async function listSessions(
  db: Reader,
  where: { boardId: string } | { sessionId: string },
  key: string,
): Promise<SessionRow[]> {
  const userId = key.startsWith('user:') ? key.slice(5) : null;
  const { rows } = await db.execute<SessionRow>(sql`
    select s.id, s.board_id, s.kind, s.title, s.description, s.proposer_id, s.guest_id,
           -- A guest is marked as one wherever their name shows, so no one passes for a colleague.
           coalesce(u.name, g.name || ' (guest)', 'Former participant') as proposer_name,
           s.room_id, s.slot_id, s.notes_thread_id, s.vote_count, s.created_at,
           exists (select 1 from edcamp_votes v where v.session_id = s.id and v.voter_key = ${key}) as voted,
           ${userId ? sql`exists (select 1 from edcamp_attendance a where a.session_id = s.id and a.user_id = ${userId})` : sql`false`} as attended,
           (select count(*) from edcamp_attendance a2 where a2.session_id = s.id)::int as attendance,
           sl.starts_at as slot_starts_at, sl.ends_at as slot_ends_at
      from edcamp_sessions s
      left join users u on u.id = s.proposer_id
      left join edcamp_guests g on g.id = s.guest_id
      left join edcamp_slots sl on sl.id = s.slot_id
     where ${'boardId' in where ? sql`s.board_id = ${where.boardId}` : sql`s.id = ${where.sessionId}`}
     order by s.vote_count desc, s.created_at, s.id`);
  return rows;
}

/** Every vote on the board, as (session, voter key): what conflicts are counted from. */
export async function listVotes(
  db: Reader,
  boardId: string,
): Promise<{ session_id: string; voter_key: string }[]> {
  const { rows } = await db.execute<{ session_id: string; voter_key: string }>(sql`
    select v.session_id, v.voter_key from edcamp_votes v join edcamp_sessions s on s.id = v.session_id
     where s.board_id = ${boardId}`);
  return rows;
}

export async function countProposals(
  db: Reader,
  boardId: string,
  key: string,
): Promise<{ mine: number; all: number }> {
  const mine = key.startsWith('user:')
    ? sql`proposer_id = ${key.slice(5)}::uuid`
    : sql`guest_id = ${key.slice(6)}::uuid`;
  const { rows } = await db.execute<{ mine: number; all: number }>(sql`
    select (count(*) filter (where ${mine}))::int as mine, count(*)::int as all
      from edcamp_sessions where board_id = ${boardId}`);
  return rows[0];
}

export async function countGuests(db: Reader, boardId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from edcamp_guests where board_id = ${boardId}`,
  );
  return rows[0].n;
}

/** Adds the vote; false when the voter had voted already. */
export async function insertVote(tx: Tx, sessionId: string, key: string): Promise<boolean> {
  const userId = key.startsWith('user:') ? key.slice(5) : null;
  const guestId = key.startsWith('guest:') ? key.slice(6) : null;
  const { rowCount } = await tx.execute(sql`
    insert into edcamp_votes (session_id, voter_key, user_id, guest_id)
    values (${sessionId}, ${key}, ${userId}, ${guestId}) on conflict do nothing`);
  if (!rowCount) return false;
  await tx.execute(sql`update edcamp_sessions set vote_count = vote_count + 1 where id = ${sessionId}`);
  return true;
}

/** Takes the vote back; false when there was none. */
export async function deleteVote(tx: Tx, sessionId: string, key: string): Promise<boolean> {
  const { rowCount } = await tx.execute(
    sql`delete from edcamp_votes where session_id = ${sessionId} and voter_key = ${key}`,
  );
  if (!rowCount) return false;
  await tx.execute(
    sql`update edcamp_sessions set vote_count = greatest(0, vote_count - 1) where id = ${sessionId}`,
  );
  return true;
}

export async function setCell(tx: Tx, sessionId: string, roomId: string | null, slotId: string | null) {
  await tx.execute(
    sql`update edcamp_sessions set room_id = ${roomId}, slot_id = ${slotId} where id = ${sessionId}`,
  );
}

export async function clearGrid(tx: Tx, boardId: string): Promise<void> {
  await tx.execute(
    sql`update edcamp_sessions set room_id = null, slot_id = null where board_id = ${boardId}`,
  );
}

export async function clearCells(tx: Tx, where: { roomId: string } | { slotId: string }): Promise<void> {
  await tx.execute(sql`update edcamp_sessions set room_id = null, slot_id = null
    where ${'roomId' in where ? sql`room_id = ${where.roomId}` : sql`slot_id = ${where.slotId}`}`);
}

export async function insertRoom(tx: Tx, boardId: string, room: { name: string; capacity: number }) {
  await tx.execute(sql`insert into edcamp_rooms (id, board_id, name, capacity, position)
    select ${uuidv7()}::uuid, ${boardId}, ${room.name}, ${room.capacity},
           coalesce((select max(position) + 1 from edcamp_rooms where board_id = ${boardId}), 0)`);
}

export async function insertSlot(
  tx: Tx,
  boardId: string,
  slot: { label: string; startsAt: string; endsAt: string },
) {
  await tx.execute(sql`insert into edcamp_slots (id, board_id, label, starts_at, ends_at, position)
    select ${uuidv7()}::uuid, ${boardId}, ${slot.label}, ${slot.startsAt}, ${slot.endsAt},
           coalesce((select max(position) + 1 from edcamp_slots where board_id = ${boardId}), 0)`);
}
