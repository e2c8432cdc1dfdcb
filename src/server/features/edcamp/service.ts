import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { createThread } from '#server/features/discussion/index.ts';
import {
  ensureEventSpace,
  eventFacts,
  getEventForViewer,
  joinEventSpace,
} from '#server/features/events/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import {
  ConflictError,
  ForbiddenError,
  invalidField,
  NotFoundError,
  TooManyRequestsError,
} from '#server/platform/errors.ts';
import { publishCommitted } from '#server/platform/realtime.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import {
  EDCAMP_LIMITS,
  type EdcampAbilities,
  type EdcampBoard,
  type EdcampBoardResponse,
  type JoinBody,
  type OpenBoardBody,
  type Placement,
  type ProposeBody,
  type RoomInput,
  type ScheduleProposalResponse,
  type SlotInput,
  type UpdateBoardBody,
} from '#shared/contracts/edcamp.ts';
import {
  ADMISSION_CHANGED,
  ATTENDED,
  BOARD_CHANGED,
  BOARD_OBJECT,
  boardTopic,
  SESSION_OBJECT,
} from './activity.ts';
import { GUEST_HOURS, type Guest, newJoinCode, type Participant, personParticipant } from './guests.ts';
import { type BoardStanding, canAttend, canOrganize, canPropose, canVote, canWithdraw } from './policy.ts';
import {
  type BoardRow,
  clearCells,
  clearGrid,
  countGuests,
  countProposals,
  deleteVote,
  findBoard,
  findBoardByCode,
  findBoardOfEvent,
  insertRoom,
  insertSlot,
  insertVote,
  listRooms,
  listSessions,
  listSlots,
  listVotes,
  proposerKey,
  type SessionRow,
  setCell,
} from './queries.ts';
import { countConflicts, proposeSchedule, type SchedulerSession } from './scheduler.ts';

/** Where the participant stands on the board, and what the web app shows of the event. */
interface BoardContext {
  board: BoardRow;
  standing: BoardStanding;
  eventTitle: string;
  timeZone: string;
}

/**
 * The board as the participant may reach it: a person who may see its event, or a guest of this
 * board; anyone else is told it does not exist.
 */
async function boardContext(db: Tx, who: Participant, board: BoardRow | undefined): Promise<BoardContext> {
  if (!board) throw new NotFoundError('No such edcamp board.');
  if (who.kind === 'guest') {
    if (who.guest.boardId !== board.id || !board.guests_allowed)
      throw new NotFoundError('No such edcamp board.');
    const event = await eventFacts(db, board.event_id);
    if (!event) throw new NotFoundError('No such edcamp board.');
    return {
      board,
      standing: { organizer: false, person: false, status: board.status },
      eventTitle: event.title,
      timeZone: event.timeZone,
    };
  }
  const event = await getEventForViewer(db, who.actor, board.event_id);
  return {
    board,
    standing: { organizer: event.organizer, person: true, status: board.status },
    eventTitle: event.title,
    timeZone: event.timeZone,
  };
}

const abilitiesOf = (standing: BoardStanding): EdcampAbilities => ({
  open: false,
  organize: canOrganize(standing),
  propose: canPropose(standing),
  vote: canVote(standing),
});

function requireOrganizer(context: BoardContext): void {
  if (!canOrganize(context.standing))
    throw new ForbiddenError("Only the event's organizers may arrange its edcamp board.");
}

/** What the scheduler reads of sessions: who leads each and who wants it. */
function schedulerSessions(
  sessions: readonly SessionRow[],
  votes: readonly { session_id: string; voter_key: string }[],
): SchedulerSession[] {
  const voters = new Map<string, string[]>();
  for (const vote of votes) {
    const list = voters.get(vote.session_id) ?? [];
    list.push(vote.voter_key);
    voters.set(vote.session_id, list);
  }
  return sessions.map((s) => {
    const leader = s.kind === 'lead' ? proposerKey(s) : null;
    return { id: s.id, leaderKeys: leader ? [leader] : [], voterKeys: voters.get(s.id) ?? [] };
  });
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Reads the board's four parts at once, so it takes the pool: a transaction's one client runs one query at a time. */
async function presentBoard(db: Db, who: Participant, context: BoardContext): Promise<EdcampBoardResponse> {
  const { board, standing } = context;
  const [rooms, slots, sessions, votes] = await Promise.all([
    listRooms(db, board.id),
    listSlots(db, board.id),
    listSessions(db, { boardId: board.id }, who.key),
    listVotes(db, board.id),
  ]);
  const placed = sessions.filter((s) => s.slot_id !== null) as (SessionRow & { slot_id: string })[];
  const data: EdcampBoard = {
    id: board.id,
    eventId: board.event_id,
    eventTitle: context.eventTitle,
    timeZone: context.timeZone,
    status: board.status,
    guestsAllowed: board.guests_allowed,
    joinCode: canOrganize(standing) ? board.join_code : null,
    topic: boardTopic(board.id),
    rooms: rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
    slots: slots.map((s) => ({
      id: s.id,
      label: s.label,
      startsAt: iso(s.starts_at),
      endsAt: iso(s.ends_at),
    })),
    sessions: sessions.map((s) => {
      const mine = proposerKey(s) === who.key;
      return {
        id: s.id,
        kind: s.kind,
        title: s.title,
        description: s.description,
        proposerName: s.proposer_name,
        leaderName: s.kind === 'lead' ? s.proposer_name : null,
        votes: s.vote_count,
        votedByMe: s.voted,
        roomId: s.room_id,
        slotId: s.slot_id,
        notesThreadId: s.notes_thread_id,
        attendedByMe: s.attended,
        createdAt: iso(s.created_at),
        abilities: {
          withdraw: canWithdraw(standing, { mine, placed: s.slot_id !== null, attended: s.attendance }),
          attend:
            !s.attended &&
            canAttend(standing, {
              placed: s.slot_id !== null,
              slotStartsAt: s.slot_starts_at ? new Date(s.slot_starts_at) : null,
            }),
        },
      };
    }),
    conflicts: countConflicts(
      schedulerSessions(sessions, votes),
      placed.map((s) => ({ sessionId: s.id, slotId: s.slot_id })),
    ),
    me: { kind: who.kind, name: who.name },
  };
  return { data, abilities: abilitiesOf(standing) };
}

/** Tells every open page of the board to fetch it again, once the change has committed. */
async function signalBoard(db: Db, boardId: string, type = BOARD_CHANGED): Promise<void> {
  await publishCommitted(db, [{ topic: boardTopic(boardId), type }]);
}

// ─── Reading ────────────────────────────────────────────────────────────────────────────────────

/** The event's board as the participant sees it; null (with whether they may open one) when it has none. */
export async function getEventBoard(args: {
  db: Db;
  who: Participant;
  eventId: string;
}): Promise<EdcampBoardResponse> {
  const { db, who, eventId } = args;
  const board = await findBoardOfEvent(db, eventId);
  if (!board) {
    if (who.kind === 'guest') throw new NotFoundError('No such edcamp board.');
    const event = await getEventForViewer(db, who.actor, eventId);
    return {
      data: null,
      abilities: { open: event.organizer, organize: event.organizer, propose: false, vote: false },
    };
  }
  return presentBoard(db, who, await boardContext(db, who, board));
}

/** One board by its id. */
export async function getBoard(args: {
  db: Db;
  who: Participant;
  boardId: string;
}): Promise<EdcampBoardResponse> {
  const { db, who, boardId } = args;
  return presentBoard(db, who, await boardContext(db, who, await findBoard(db, boardId)));
}

/** Whether the participant may hear the board's changes (the guests' stream asks this). */
export async function assertBoardReadable(args: {
  db: Db;
  who: Participant;
  boardId: string;
}): Promise<void> {
  await boardContext(args.db, args.who, await findBoard(args.db, args.boardId));
}

// ─── Opening and arranging the board ────────────────────────────────────────────────────────────

function checkSlots(slots: readonly SlotInput[], path: string): void {
  const sorted = slots
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  for (let k = 1; k < sorted.length; k++)
    if (Date.parse(sorted[k].startsAt) < Date.parse(sorted[k - 1].endsAt))
      throw invalidField(`${path}/${sorted[k].i}/startsAt`, 'must not overlap another time slot');
}

/** Opens the event's edcamp board with its rooms and time slots (an organizer, once per event). */
export async function openBoard(args: {
  db: Db;
  actor: Actor;
  eventId: string;
  body: OpenBoardBody;
}): Promise<string> {
  const { db, actor, eventId, body } = args;
  checkSlots(body.slots, '/body/slots');
  const boardId = await db.transaction(async (tx) => {
    const event = await getEventForViewer(tx, actor, eventId);
    if (!event.organizer) throw new ForbiddenError("Only the event's organizers may open its edcamp board.");
    if (body.guestsAllowed && event.mode === 'online')
      throw invalidField('/body/guestsAllowed', 'guests may join only at an in-person or hybrid event');
    if (await findBoardOfEvent(tx, eventId))
      throw new ConflictError('This event has an edcamp board already.');
    const id = uuidv7();
    // A code taken by another board is drawn again; at 8.5 × 10¹¹ codes that is rare.
    let code = newJoinCode();
    while (await findBoardByCode(tx, code)) code = newJoinCode();
    await tx.execute(sql`insert into edcamp_boards (id, event_id, district_id, guests_allowed, join_code, created_by)
      values (${id}, ${eventId}, ${event.districtId}, ${body.guestsAllowed}, ${code}, ${actor.userId})`);
    for (const room of body.rooms) await insertRoom(tx, id, room);
    for (const slot of body.slots) await insertSlot(tx, id, slot);
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: BOARD_OBJECT, id, name: event.title },
    });
    return id;
  });
  return boardId;
}

async function organizerContext(tx: Tx, actor: Actor, boardId: string): Promise<BoardContext> {
  const context = await boardContext(tx, personParticipant(actor), await findBoard(tx, boardId, true));
  requireOrganizer(context);
  return context;
}

/** Opens or closes the board to proposals and votes, and admits guests or stops admitting them. */
export async function updateBoard(args: {
  db: Db;
  actor: Actor;
  boardId: string;
  body: UpdateBoardBody;
}): Promise<void> {
  const { db, actor, boardId, body } = args;
  await db.transaction(async (tx) => {
    const { board } = await organizerContext(tx, actor, boardId);
    if (body.guestsAllowed) {
      const event = await getEventForViewer(tx, actor, board.event_id);
      if (event.mode === 'online')
        throw invalidField('/body/guestsAllowed', 'guests may join only at an in-person or hybrid event');
    }
    await tx.execute(sql`update edcamp_boards
      set status = coalesce(${body.status ?? null}, status),
          guests_allowed = coalesce(${body.guestsAllowed ?? null}::boolean, guests_allowed)
      where id = ${board.id}`);
  });
  await signalBoard(db, boardId, body.guestsAllowed === undefined ? BOARD_CHANGED : ADMISSION_CHANGED);
}

/** Adds a room to the board. */
export async function addRoom(args: {
  db: Db;
  actor: Actor;
  boardId: string;
  body: RoomInput;
}): Promise<void> {
  const { db, actor, boardId, body } = args;
  await db.transaction(async (tx) => {
    await organizerContext(tx, actor, boardId);
    if ((await listRooms(tx, boardId)).length >= EDCAMP_LIMITS.rooms)
      throw new ConflictError(`A board has at most ${EDCAMP_LIMITS.rooms} rooms.`);
    await insertRoom(tx, boardId, body);
  });
  await signalBoard(db, boardId);
}

/** Adds a time slot to the board. */
export async function addSlot(args: {
  db: Db;
  actor: Actor;
  boardId: string;
  body: SlotInput;
}): Promise<void> {
  const { db, actor, boardId, body } = args;
  await db.transaction(async (tx) => {
    await organizerContext(tx, actor, boardId);
    const slots = await listSlots(tx, boardId);
    if (slots.length >= EDCAMP_LIMITS.slots)
      throw new ConflictError(`A board has at most ${EDCAMP_LIMITS.slots} time slots.`);
    const overlaps = slots.some(
      (s) =>
        Date.parse(body.startsAt) < Date.parse(iso(s.ends_at)) &&
        Date.parse(iso(s.starts_at)) < Date.parse(body.endsAt),
    );
    if (overlaps) throw invalidField('/body/startsAt', 'must not overlap another time slot');
    await insertSlot(tx, boardId, body);
  });
  await signalBoard(db, boardId);
}

/** Removes a room (or a slot); the sessions in it go back to the unplaced list. */
export async function removeRoomOrSlot(args: {
  db: Db;
  actor: Actor;
  what: 'room' | 'slot';
  id: string;
}): Promise<void> {
  const { db, actor, what, id } = args;
  const table = what === 'room' ? sql`edcamp_rooms` : sql`edcamp_slots`;
  const boardId = await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ board_id: string }>(
      sql`select board_id from ${table} where id = ${id}`,
    );
    if (!rows[0]) throw new NotFoundError(`No such ${what}.`);
    await organizerContext(tx, actor, rows[0].board_id);
    if (what === 'slot') {
      const { rows: went } = await tx.execute(
        sql`select 1 from edcamp_attendance where slot_id = ${id} limit 1`,
      );
      if (went.length)
        throw new ConflictError('People have marked sessions of this slot as attended; it stays.');
    }
    await clearCells(tx, what === 'room' ? { roomId: id } : { slotId: id });
    await tx.execute(sql`delete from ${table} where id = ${id}`);
    return rows[0].board_id;
  });
  await signalBoard(db, boardId);
}

// ─── Proposals and votes ────────────────────────────────────────────────────────────────────────

/** Proposes a session: "I can lead…" or "I want to learn about…". */
export async function proposeSession(args: {
  db: Db;
  who: Participant;
  boardId: string;
  body: ProposeBody;
}): Promise<string> {
  const { db, who, boardId, body } = args;
  const id = await db.transaction(async (tx) => {
    const context = await boardContext(tx, who, await findBoard(tx, boardId, true));
    if (!canPropose(context.standing)) throw new ConflictError('This board is closed to new proposals.');
    const counts = await countProposals(tx, boardId, who.key);
    if (counts.all >= EDCAMP_LIMITS.sessions)
      throw new ConflictError(`This board has its ${EDCAMP_LIMITS.sessions} proposals already.`);
    if (counts.mine >= EDCAMP_LIMITS.proposalsPerPerson && !canOrganize(context.standing))
      throw new ConflictError(
        `Each participant proposes at most ${EDCAMP_LIMITS.proposalsPerPerson} sessions.`,
      );
    const sessionId = uuidv7();
    await tx.execute(sql`insert into edcamp_sessions (id, board_id, kind, title, description, proposer_id, guest_id)
      values (${sessionId}, ${boardId}, ${body.kind}, ${body.title}, ${body.description},
              ${who.kind === 'person' ? who.actor.userId : null}, ${who.kind === 'guest' ? who.guest.id : null})`);
    // Guests have no account and leave no statement; a person's proposal is their activity.
    if (who.kind === 'person')
      await recordActivity(tx, {
        actor: who.actor,
        verb: 'created',
        object: { type: SESSION_OBJECT, id: sessionId, name: body.title },
      });
    return sessionId;
  });
  await signalBoard(db, boardId);
  return id;
}

async function sessionContext(tx: Tx, who: Participant, sessionId: string, lock = false) {
  const { rows } = await tx.execute<{ board_id: string }>(
    sql`select board_id from edcamp_sessions where id = ${sessionId}`,
  );
  if (!rows[0]) throw new NotFoundError('No such session.');
  const context = await boardContext(tx, who, await findBoard(tx, rows[0].board_id, lock));
  const [session] = await listSessions(tx, { sessionId }, who.key);
  if (!session) throw new NotFoundError('No such session.');
  return { context, session };
}

/** Withdraws a proposal: its proposer until it is placed, or an organizer. */
export async function withdrawSession(args: { db: Db; who: Participant; sessionId: string }): Promise<void> {
  const { db, who, sessionId } = args;
  const boardId = await db.transaction(async (tx) => {
    const { context, session } = await sessionContext(tx, who, sessionId, true);
    const mine = proposerKey(session) === who.key;
    if (
      !canWithdraw(context.standing, { mine, placed: session.slot_id !== null, attended: session.attendance })
    )
      throw new ForbiddenError(
        session.attendance > 0
          ? 'People have marked this session as attended; it stays.'
          : 'Only its proposer (before it is placed) or an organizer may withdraw this session.',
      );
    await tx.execute(sql`delete from edcamp_sessions where id = ${sessionId}`);
    return context.board.id;
  });
  await signalBoard(db, boardId);
}

/** Votes for a session, or takes the vote back; one vote per person per session. */
export async function setVote(args: {
  db: Db;
  who: Participant;
  sessionId: string;
  vote: boolean;
}): Promise<void> {
  const { db, who, sessionId, vote } = args;
  const changed = await db.transaction(async (tx) => {
    const { context } = await sessionContext(tx, who, sessionId);
    if (!canVote(context.standing)) throw new ConflictError('This board is closed to votes.');
    const done = vote ? await insertVote(tx, sessionId, who.key) : await deleteVote(tx, sessionId, who.key);
    return done ? context.board.id : null;
  });
  if (changed) await signalBoard(db, changed);
}

// ─── The grid ───────────────────────────────────────────────────────────────────────────────────

/** The leader keys of the sessions in a slot other than those named, for the one-place rule. */
function leaderClash(
  sessions: readonly SessionRow[],
  cells: ReadonlyMap<string, string | null>,
  sessionId: string,
): SessionRow | undefined {
  const session = sessions.find((s) => s.id === sessionId);
  const leader = session && session.kind === 'lead' ? proposerKey(session) : null;
  const slot = cells.get(sessionId);
  if (!leader || !slot) return undefined;
  return sessions.find(
    (s) => s.id !== sessionId && s.kind === 'lead' && proposerKey(s) === leader && cells.get(s.id) === slot,
  );
}

/**
 * Writes the grid in one go: every session not named leaves it, every one named takes its cell.
 * Cells are freed first so no two sessions hold one cell at any moment the database checks.
 */
async function writeGrid(tx: Tx, boardId: string, placements: readonly Placement[]): Promise<void> {
  await clearGrid(tx, boardId);
  for (const p of placements) await setCell(tx, p.sessionId, p.roomId, p.slotId);
}

async function checkGrid(
  tx: Tx,
  boardId: string,
  placements: readonly Placement[],
  field: (index: number, name: keyof Placement) => string,
): Promise<SessionRow[]> {
  // One after another: a transaction's queries share its one connection.
  const rooms = await listRooms(tx, boardId);
  const slots = await listSlots(tx, boardId);
  const sessions = await listSessions(tx, { boardId }, '');
  const roomIds = new Set(rooms.map((r) => r.id));
  const slotIds = new Set(slots.map((s) => s.id));
  const sessionIds = new Set(sessions.map((s) => s.id));
  const cellsTaken = new Set<string>();
  const seen = new Set<string>();
  for (const [i, p] of placements.entries()) {
    if (!sessionIds.has(p.sessionId))
      throw invalidField(field(i, 'sessionId'), 'is not a session of this board');
    if (!roomIds.has(p.roomId)) throw invalidField(field(i, 'roomId'), 'is not a room of this board');
    if (!slotIds.has(p.slotId)) throw invalidField(field(i, 'slotId'), 'is not a time slot of this board');
    if (seen.has(p.sessionId)) throw invalidField(field(i, 'sessionId'), 'is placed twice');
    const cell = `${p.roomId}/${p.slotId}`;
    if (cellsTaken.has(cell)) throw invalidField(field(i, 'roomId'), 'holds another session at that time');
    seen.add(p.sessionId);
    cellsTaken.add(cell);
  }
  const cells = new Map(placements.map((p) => [p.sessionId, p.slotId]));
  for (const [i, p] of placements.entries()) {
    const clash = leaderClash(sessions, cells, p.sessionId);
    if (clash)
      throw invalidField(
        field(i, 'slotId'),
        `its leader leads “${clash.title}” at that time; a leader cannot be in two places`,
      );
  }
  return sessions;
}

/**
 * Places a session in a cell of the grid (an organizer: by dragging, or with the keyboard). A
 * session already in that cell swaps places with it (or goes back to the unplaced list).
 */
export async function placeSession(args: {
  db: Db;
  actor: Actor;
  sessionId: string;
  cell: { roomId: string; slotId: string } | null;
}): Promise<string[]> {
  const { db, actor, sessionId, cell } = args;
  const who = personParticipant(actor);
  const boardId = await db.transaction(async (tx) => {
    const { context, session } = await sessionContext(tx, who, sessionId, true);
    requireOrganizer(context);
    const boardId = context.board.id;
    const sessions = await listSessions(tx, { boardId }, '');
    const current = sessions
      .filter((s) => s.room_id && s.slot_id)
      .map((s) => ({ sessionId: s.id, roomId: s.room_id as string, slotId: s.slot_id as string }));
    const next = current.filter((p) => p.sessionId !== sessionId);
    if (cell) {
      const occupant = next.find((p) => p.roomId === cell.roomId && p.slotId === cell.slotId);
      const rest = next.filter((p) => p !== occupant);
      if (occupant && session.room_id && session.slot_id)
        rest.push({ sessionId: occupant.sessionId, roomId: session.room_id, slotId: session.slot_id });
      rest.push({ sessionId, ...cell });
      // The one placement asked for is what the organizer sees as wrong: its fields are named.
      await checkGrid(tx, boardId, rest, (_i, name) => `/body/${name === 'sessionId' ? 'roomId' : name}`);
      await writeGrid(tx, boardId, rest);
    } else {
      await writeGrid(tx, boardId, next);
    }
    return boardId;
  });
  await signalBoard(db, boardId);
  return cell ? [sessionId] : [];
}

/** The schedule Trellis proposes for the board as it stands (not applied). */
export async function proposeBoardSchedule(args: {
  db: Db;
  actor: Actor;
  boardId: string;
}): Promise<ScheduleProposalResponse['data']> {
  const { db, actor, boardId } = args;
  const context = await boardContext(db, personParticipant(actor), await findBoard(db, boardId));
  requireOrganizer(context);
  const [rooms, slots, sessions, votes] = await Promise.all([
    listRooms(db, boardId),
    listSlots(db, boardId),
    listSessions(db, { boardId }, ''),
    listVotes(db, boardId),
  ]);
  return proposeSchedule({
    rooms: rooms.map((r) => ({ id: r.id, capacity: r.capacity })),
    slots: slots.map((s) => ({ id: s.id })),
    sessions: schedulerSessions(sessions, votes),
  });
}

/** Sets the whole grid at once (an organizer applying a proposed schedule, or clearing it). */
export async function setSchedule(args: {
  db: Db;
  actor: Actor;
  boardId: string;
  placements: readonly Placement[];
}): Promise<string[]> {
  const { db, actor, boardId, placements } = args;
  await db.transaction(async (tx) => {
    await organizerContext(tx, actor, boardId);
    await checkGrid(tx, boardId, placements, (i, name) => `/body/placements/${i}/${name}`);
    await writeGrid(tx, boardId, placements);
  });
  await signalBoard(db, boardId);
  return placements.map((p) => p.sessionId);
}

// ─── Notes and attendance ───────────────────────────────────────────────────────────────────────

/**
 * Gives each placed session its shared notes page: a thread in the event's own space, started by
 * the organizer who placed it (after the placement committed: the grid never waits for it). One
 * thread per session: the same idempotency key finds the thread a retry started.
 */
export async function giveNotesPages(args: {
  db: Db;
  actor: Actor;
  sessionIds: readonly string[];
}): Promise<void> {
  await ensureNotes(args.db, args.actor, args.sessionIds, 'facilitator');
}

async function ensureNotes(
  db: Db,
  actor: Actor,
  sessionIds: readonly string[],
  role: 'facilitator' | 'member',
): Promise<void> {
  if (sessionIds.length === 0) return;
  const { rows } = await db.execute<{ id: string; title: string; description: string; event_id: string }>(sql`
    select s.id, s.title, s.description, b.event_id from edcamp_sessions s join edcamp_boards b on b.id = s.board_id
     where s.id = any(${sql.param([...sessionIds])}::uuid[]) and s.notes_thread_id is null`);
  if (rows.length === 0) return;
  const spaceId = await db.transaction(async (tx) => {
    const space = await ensureEventSpace(tx, rows[0].event_id);
    await joinEventSpace(tx, rows[0].event_id, actor.userId, role);
    return space;
  });
  for (const session of rows) {
    const { thread } = await createThread({
      db,
      actor,
      communityId: spaceId,
      body: {
        type: 'reflection',
        title: `Notes: ${session.title}`.slice(0, 200),
        body: session.description
          ? `Shared notes of the edcamp session “${session.title}”.\n\n${session.description}`
          : `Shared notes of the edcamp session “${session.title}”. Add what you learned, links and next steps.`,
        idempotencyKey: `edcamp-notes-${session.id}`,
      },
    });
    await db.execute(
      sql`update edcamp_sessions set notes_thread_id = ${thread.id} where id = ${session.id} and notes_thread_id is null`,
    );
  }
}

/**
 * Opens a session's notes for a signed-in participant: they join the event's space (where the notes
 * live) and get the thread to go to.
 */
export async function openNotes(args: {
  db: Db;
  actor: Actor;
  sessionId: string;
}): Promise<{ threadId: string; communityId: string }> {
  const { db, actor, sessionId } = args;
  const who = personParticipant(actor);
  const { context, session } = await sessionContext(db, who, sessionId);
  if (!session.slot_id) throw new NotFoundError('This session has no notes yet: it gets them once placed.');
  const role = canOrganize(context.standing) ? 'facilitator' : 'member';
  const communityId = await db.transaction(async (tx) => {
    const space = await ensureEventSpace(tx, context.board.event_id);
    await joinEventSpace(tx, context.board.event_id, actor.userId, role);
    return space;
  });
  // A placed session whose notes could not be started when it was placed gets them now.
  if (!session.notes_thread_id) await ensureNotes(db, actor, [sessionId], role);
  const [fresh] = await listSessions(db, { sessionId }, who.key);
  if (!fresh?.notes_thread_id) throw new NotFoundError('This session has no notes yet.');
  return { threadId: fresh.notes_thread_id, communityId };
}

/** A signed-in person marks the session they went to in its slot: once per slot, into their log. */
export async function attendSession(args: { db: Db; actor: Actor; sessionId: string }): Promise<void> {
  const { db, actor, sessionId } = args;
  const who = personParticipant(actor);
  await db.transaction(async (tx) => {
    const { context, session } = await sessionContext(tx, who, sessionId);
    const slotStartsAt = session.slot_starts_at ? new Date(session.slot_starts_at) : null;
    if (!canAttend(context.standing, { placed: session.slot_id !== null, slotStartsAt }))
      throw new ConflictError(
        session.slot_id ? 'This session has not begun yet.' : 'This session is not in the schedule.',
      );
    const { rows } = await tx.execute<{ session_id: string }>(sql`
      insert into edcamp_attendance (slot_id, user_id, session_id) values (${session.slot_id}, ${actor.userId}, ${sessionId})
      on conflict (slot_id, user_id) do nothing returning session_id`);
    if (rows.length === 0) {
      const { rows: earlier } = await tx.execute<{ session_id: string; title: string }>(sql`
        select a.session_id, s.title from edcamp_attendance a join edcamp_sessions s on s.id = a.session_id
         where a.slot_id = ${session.slot_id} and a.user_id = ${actor.userId}`);
      // Marking the same session again changes nothing; another of the same slot is refused.
      if (earlier[0]?.session_id === sessionId) return;
      throw new ConflictError(
        `You marked “${earlier[0]?.title ?? 'another session'}” for this time slot already.`,
      );
    }
    const minutes = Math.max(
      1,
      Math.round(
        (new Date(session.slot_ends_at ?? 0).getTime() - new Date(session.slot_starts_at ?? 0).getTime()) /
          60_000,
      ),
    );
    await recordActivity(tx, {
      actor,
      verb: ATTENDED,
      object: { type: SESSION_OBJECT, id: sessionId, name: session.title },
      result: { duration: `PT${minutes}M` },
    });
  });
}

// ─── Guests ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Lets someone without an account onto the board whose code they typed, under the name they gave:
 * answers the cookie's token, shown to no one else. The code opens only a board that admits guests.
 */
export async function joinAsGuest(args: {
  db: Db;
  body: JoinBody;
}): Promise<{ token: string; guest: Guest; eventId: string; eventTitle: string } | null> {
  const { db, body } = args;
  return db.transaction(async (tx) => {
    const board = await findBoardByCode(tx, body.code);
    if (!board?.guests_allowed) return null;
    const event = await eventFacts(tx, board.event_id);
    if (!event || event.mode === 'online' || event.status === 'cancelled') return null;
    if ((await countGuests(tx, board.id)) >= EDCAMP_LIMITS.guests)
      throw new TooManyRequestsError('This board has all the guests it can take; ask the organizer.');
    const token = newToken();
    const id = uuidv7();
    await tx.execute(sql`insert into edcamp_guests (id, board_id, name, token_hash, expires_at)
      values (${id}, ${board.id}, ${body.name}, ${hashToken(token)}, now() + make_interval(hours => ${GUEST_HOURS}))`);
    return {
      token,
      guest: { id, boardId: board.id, name: body.name },
      eventId: board.event_id,
      eventTitle: event.title,
    };
  });
}

/** The guest's board and name, for a page reloaded on their phone. */
export async function describeGuest(args: { db: Db; guest: Guest }) {
  const board = await findBoard(args.db, args.guest.boardId);
  const event = board ? await eventFacts(args.db, board.event_id) : null;
  if (!board || !event) return null;
  return { boardId: board.id, eventId: board.event_id, name: args.guest.name, eventTitle: event.title };
}

/** The guest leaves: their cookie stops working; what they proposed and voted stays on the board. */
export async function leaveAsGuest(args: { db: Db; guest: Guest }): Promise<void> {
  await args.db.execute(sql`update edcamp_guests set expires_at = now() where id = ${args.guest.id}`);
}
