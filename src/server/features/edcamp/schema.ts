import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { events } from '#server/features/events/schema.ts';
import { EDCAMP_BOARD_STATUSES, EDCAMP_SESSION_KINDS } from '#shared/contracts/edcamp.ts';

/**
 * An event's edcamp board (one per event). The join code lets people without an account in as
 * guests of this board alone, while the board allows it.
 */
export const edcampBoards = pgTable(
  'edcamp_boards',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The event's district when the board opened (none for a network's event): export and retention read it. */
    districtId: uuid('district_id').references(() => organizations.id),
    status: text('status', { enum: EDCAMP_BOARD_STATUSES }).notNull().default('open'),
    guestsAllowed: boolean('guests_allowed').notNull().default(false),
    joinCode: text('join_code').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('edcamp_boards_event_idx').on(t.eventId),
    uniqueIndex('edcamp_boards_code_idx').on(t.joinCode),
  ],
);

/** A room of the board, with the seats it has. */
export const edcampRooms = pgTable(
  'edcamp_rooms',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => edcampBoards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    capacity: integer('capacity').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('edcamp_rooms_board_idx').on(t.boardId, t.position)],
);

/** A time slot of the board, in UTC. */
export const edcampSlots = pgTable(
  'edcamp_slots',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => edcampBoards.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('edcamp_slots_board_idx').on(t.boardId, t.position)],
);

/**
 * A guest of one board: a name and the hash of the token in their cookie, which opens this board and
 * nothing else, until it expires at the end of the day.
 */
export const edcampGuests = pgTable(
  'edcamp_guests',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => edcampBoards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('edcamp_guests_token_idx').on(t.tokenHash),
    index('edcamp_guests_board_idx').on(t.boardId),
  ],
);

/**
 * A proposed session, by a signed-in person or a guest. Its place in the grid is one cell, held by
 * one session at a time; its notes are a discussion thread of the event's space.
 */
export const edcampSessions = pgTable(
  'edcamp_sessions',
  {
    id: id(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => edcampBoards.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: EDCAMP_SESSION_KINDS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    proposerId: uuid('proposer_id').references(() => users.id),
    guestId: uuid('guest_id').references(() => edcampGuests.id, { onDelete: 'cascade' }),
    roomId: uuid('room_id').references(() => edcampRooms.id, { onDelete: 'set null' }),
    slotId: uuid('slot_id').references(() => edcampSlots.id, { onDelete: 'set null' }),
    notesThreadId: uuid('notes_thread_id'),
    voteCount: integer('vote_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('edcamp_sessions_board_idx').on(t.boardId, t.createdAt),
    uniqueIndex('edcamp_sessions_cell_idx').on(t.roomId, t.slotId),
    check('edcamp_sessions_one_proposer', sql`num_nonnulls(proposer_id, guest_id) <= 1`),
  ],
);

/** One vote per person (or guest) per session; taking it back deletes the row. */
export const edcampVotes = pgTable(
  'edcamp_votes',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => edcampSessions.id, { onDelete: 'cascade' }),
    /** `user:<id>` or `guest:<id>`: who voted, one vote each. */
    voterKey: text('voter_key').notNull(),
    userId: uuid('user_id').references(() => users.id),
    guestId: uuid('guest_id').references(() => edcampGuests.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.voterKey] }), index('edcamp_votes_user_idx').on(t.userId)],
);

/** The session a signed-in person went to in one slot: once per slot, counted in their learning log. */
export const edcampAttendance = pgTable(
  'edcamp_attendance',
  {
    slotId: uuid('slot_id')
      .notNull()
      .references(() => edcampSlots.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => edcampSessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.slotId, t.userId] }), index('edcamp_attendance_user_idx').on(t.userId)],
);
