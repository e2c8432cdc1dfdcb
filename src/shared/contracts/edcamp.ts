import { z } from 'zod';
import { displayName, plainText } from './common.ts';

/**
 * The edcamp board of an event (issue 17, decisions 083 and 084): the organizer opens it with rooms
 * and time slots; participants, signed in or guests who joined with the room's code, propose
 * sessions and vote; the organizer places sessions into the room × time grid (or applies the schedule
 * Trellis proposes); every open phone hears each change.
 */

/** "I can lead…" or "I want to learn about…". */
export const EDCAMP_SESSION_KINDS = ['lead', 'learn'] as const;
export type EdcampSessionKind = (typeof EDCAMP_SESSION_KINDS)[number];

/** Open for proposals and votes, or closed (the grid still moves; nothing new is proposed or voted). */
export const EDCAMP_BOARD_STATUSES = ['open', 'closed'] as const;
export type EdcampBoardStatus = (typeof EDCAMP_BOARD_STATUSES)[number];

/** A board's bounds: what one morning of an edcamp needs, and no more. */
export const EDCAMP_LIMITS = {
  rooms: 30,
  slots: 12,
  sessions: 200,
  /** Proposals one participant may make on one board. */
  proposalsPerPerson: 5,
  /** Guests one board admits. */
  guests: 500,
  title: 120,
  description: 1_000,
  guestName: 60,
  roomName: 60,
  slotLabel: 60,
} as const;

/** A join code: eight letters and digits, without the ones people misread (0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

const Timestamp = z.iso.datetime({ offset: true });

export const RoomInput = z.strictObject({
  name: displayName(EDCAMP_LIMITS.roomName),
  capacity: z.number().int().min(1).max(2_000),
});
export type RoomInput = z.infer<typeof RoomInput>;

export const SlotInput = z
  .strictObject({
    label: displayName(EDCAMP_LIMITS.slotLabel),
    startsAt: Timestamp,
    endsAt: Timestamp,
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'must be after the start',
    path: ['endsAt'],
  })
  .refine((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) <= 8 * 3_600_000, {
    message: 'a slot lasts at most eight hours',
    path: ['endsAt'],
  });
export type SlotInput = z.infer<typeof SlotInput>;

export const OpenBoardBody = z.strictObject({
  rooms: z.array(RoomInput).min(1, 'add at least one room').max(EDCAMP_LIMITS.rooms),
  slots: z.array(SlotInput).min(1, 'add at least one time slot').max(EDCAMP_LIMITS.slots),
  /** Whether people without an account may join with the code (in-person and hybrid events only). */
  guestsAllowed: z.boolean().default(false),
});
export type OpenBoardBody = z.infer<typeof OpenBoardBody>;

export const UpdateBoardBody = z
  .strictObject({
    status: z.enum(EDCAMP_BOARD_STATUSES).optional(),
    guestsAllowed: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'change at least one thing');
export type UpdateBoardBody = z.infer<typeof UpdateBoardBody>;

export const ProposeBody = z.strictObject({
  kind: z.enum(EDCAMP_SESSION_KINDS),
  title: displayName(EDCAMP_LIMITS.title),
  description: plainText(EDCAMP_LIMITS.description).default(''),
});
export type ProposeBody = z.infer<typeof ProposeBody>;

export const PlaceBody = z.strictObject({ roomId: z.uuid(), slotId: z.uuid() });
export type PlaceBody = z.infer<typeof PlaceBody>;

export const Placement = z.object({ sessionId: z.uuid(), roomId: z.uuid(), slotId: z.uuid() });
export type Placement = z.infer<typeof Placement>;

export const ScheduleBody = z.strictObject({
  placements: z
    .array(z.strictObject({ sessionId: z.uuid(), roomId: z.uuid(), slotId: z.uuid() }))
    .max(EDCAMP_LIMITS.rooms * EDCAMP_LIMITS.slots),
});
export type ScheduleBody = z.infer<typeof ScheduleBody>;

export const JoinBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`),
      'must be the eight-character code shown in the room',
    ),
  name: displayName(EDCAMP_LIMITS.guestName),
});
export type JoinBody = z.infer<typeof JoinBody>;

export const EdcampRoom = z.object({ id: z.string(), name: z.string(), capacity: z.number() });
export type EdcampRoom = z.infer<typeof EdcampRoom>;

export const EdcampSlot = z.object({
  id: z.string(),
  label: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type EdcampSlot = z.infer<typeof EdcampSlot>;

export const EdcampSession = z.object({
  id: z.string(),
  kind: z.enum(EDCAMP_SESSION_KINDS),
  title: z.string(),
  description: z.string(),
  /** Who proposed it, as the board shows them (a guest's chosen name). */
  proposerName: z.string(),
  /** Who leads it: its proposer when they offered to lead, else null. */
  leaderName: z.string().nullable(),
  votes: z.number(),
  votedByMe: z.boolean(),
  roomId: z.string().nullable(),
  slotId: z.string().nullable(),
  /** The session's shared notes: a discussion thread in the event's space, once it is placed. */
  notesThreadId: z.string().nullable(),
  attendedByMe: z.boolean(),
  createdAt: z.string(),
  abilities: z.object({ withdraw: z.boolean(), attend: z.boolean() }),
});
export type EdcampSession = z.infer<typeof EdcampSession>;

export const EdcampBoard = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTitle: z.string(),
  timeZone: z.string(),
  status: z.enum(EDCAMP_BOARD_STATUSES),
  guestsAllowed: z.boolean(),
  /** Shown to organizers only, to put on the screen in the room. */
  joinCode: z.string().nullable(),
  /** The realtime topic open pages listen to. */
  topic: z.string(),
  rooms: z.array(EdcampRoom),
  slots: z.array(EdcampSlot),
  sessions: z.array(EdcampSession),
  /** Missed sessions the grid as it stands leaves people (decision 083). */
  conflicts: z.number(),
  me: z.object({ kind: z.enum(['person', 'guest']), name: z.string() }),
});
export type EdcampBoard = z.infer<typeof EdcampBoard>;

export const EdcampAbilities = z.object({
  /** Open a board for the event (an organizer, while it has none). */
  open: z.boolean(),
  /** Arrange the grid, change rooms and slots, close the board, see the join code. */
  organize: z.boolean(),
  propose: z.boolean(),
  vote: z.boolean(),
});
export type EdcampAbilities = z.infer<typeof EdcampAbilities>;

/** An event's board, or null while it has none (the organizer may then open one). */
export const EdcampBoardResponse = z.object({ data: EdcampBoard.nullable(), abilities: EdcampAbilities });
export type EdcampBoardResponse = z.infer<typeof EdcampBoardResponse>;

export const ScheduleProposalResponse = z.object({
  data: z.object({
    placements: z.array(Placement),
    unscheduled: z.array(z.string()),
    conflicts: z.number(),
  }),
});
export type ScheduleProposalResponse = z.infer<typeof ScheduleProposalResponse>;

export const GuestResponse = z.object({
  data: z
    .object({ boardId: z.string(), eventId: z.string(), name: z.string(), eventTitle: z.string() })
    .nullable(),
});
export type GuestResponse = z.infer<typeof GuestResponse>;

export const NotesResponse = z.object({ data: z.object({ threadId: z.string(), communityId: z.string() }) });
export type NotesResponse = z.infer<typeof NotesResponse>;
