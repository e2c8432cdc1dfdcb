import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { InvalidError, TooManyRequestsError, UnavailableError } from '#server/platform/errors.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  EdcampBoardResponse,
  GuestResponse,
  JoinBody,
  NotesResponse,
  OpenBoardBody,
  PlaceBody,
  ProposeBody,
  RoomInput,
  ScheduleBody,
  ScheduleProposalResponse,
  SlotInput,
  UpdateBoardBody,
} from '#shared/contracts/edcamp.ts';
import { openStream, type RealtimeSignal, sseFrame } from '#server/platform/realtime.ts';
import { ADMISSION_CHANGED, boardTopic } from './activity.ts';
import {
  addressKey,
  clearGuestCookie,
  findGuest,
  joins,
  limitRead,
  limitWrite,
  type Participant,
  requireParticipant,
  setGuestCookie,
  wrongCodes,
} from './guests.ts';
import {
  addRoom,
  addSlot,
  assertBoardReadable,
  attendSession,
  describeGuest,
  getBoard,
  getEventBoard,
  giveNotesPages,
  joinAsGuest,
  leaveAsGuest,
  openBoard,
  openNotes,
  placeSession,
  proposeBoardSchedule,
  proposeSession,
  removeRoomOrSlot,
  setSchedule,
  setVote,
  updateBoard,
  withdrawSession,
} from './service.ts';

const Created = z.object({ data: z.object({ id: z.string() }) });
const GUEST_NOTE =
  ' A guest of the board (who joined with its code) is let in by the board cookie instead of a session.';

/** Open streams of one board one participant may hold on one instance. */
export const MAX_STREAMS_PER_PARTICIPANT = 10;

/**
 * The edcamp board: opening and arranging it (organizers), proposing and voting (everyone on it,
 * guests included), the grid, notes and attendance (signed-in people), and joining as a guest.
 *
 * Routes a guest may call are left out of the per-address limit (a room of phones shares one
 * address) and counted per person or guest instead (guests.ts).
 */
export async function edcampRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['edcamp'];
  const unlimited = { rateLimit: false as const };
  /** Open board streams per participant on this instance: a few pages on a few phones, not a flood. */
  const streamsOf = new Map<string, number>();
  const person = (request: FastifyRequest) => ({ db: app.db, actor: requireActor(request) });
  /** The participant, counted as a reader or a writer. */
  const participant = async (request: FastifyRequest, write: boolean): Promise<Participant> => {
    const who = await requireParticipant(app.db, app.config, request);
    if (write) limitWrite(who.key);
    else limitRead(who.key);
    return who;
  };

  /**
   * Starts the notes pages of sessions just placed. The grid has changed whatever becomes of them:
   * a failure is logged, and the notes start when someone first opens them.
   */
  const startNotes = (request: FastifyRequest, sessionIds: string[]) =>
    giveNotesPages({ db: app.db, actor: requireActor(request), sessionIds }).catch((error: unknown) =>
      request.log.warn({ err: error }, 'edcamp notes not started'),
    );

  // ─── Reading ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/events/:id/edcamp',
    {
      config: unlimited,
      schema: {
        tags,
        summary: "Read an event's edcamp board",
        description: `Null while the event has none; \`abilities.open\` says whether the caller may open one.${GUEST_NOTE}`,
        params: IdParams,
        response: { 200: EdcampBoardResponse },
      },
    },
    async (request) =>
      getEventBoard({ db: app.db, who: await participant(request, false), eventId: request.params.id }),
  );

  app.get(
    '/edcamp/boards/:id',
    {
      config: unlimited,
      schema: {
        tags,
        summary: 'Read an edcamp board',
        description: `The rooms, slots, proposals with their votes, the grid and its voter conflicts.${GUEST_NOTE}`,
        params: IdParams,
        response: { 200: EdcampBoardResponse },
      },
    },
    async (request) =>
      getBoard({ db: app.db, who: await participant(request, false), boardId: request.params.id }),
  );

  // ─── Opening and arranging ────────────────────────────────────────────────────────────────────
  app.post(
    '/events/:id/edcamp',
    {
      schema: {
        tags,
        summary: "Open the event's edcamp board",
        params: IdParams,
        body: OpenBoardBody,
        response: { 201: EdcampBoardResponse },
      },
    },
    async (request, reply) => {
      const { db, actor } = person(request);
      const boardId = await openBoard({ db, actor, eventId: request.params.id, body: request.body });
      return reply.status(201).send(await getBoard({ db, who: await participant(request, true), boardId }));
    },
  );

  app.patch(
    '/edcamp/boards/:id',
    {
      schema: {
        tags,
        summary: 'Open or close an edcamp board, or admit guests or stop admitting them',
        params: IdParams,
        body: UpdateBoardBody,
        response: { 200: EdcampBoardResponse },
      },
    },
    async (request) => {
      await updateBoard({ ...person(request), boardId: request.params.id, body: request.body });
      return getBoard({ db: app.db, who: await participant(request, false), boardId: request.params.id });
    },
  );

  app.post(
    '/edcamp/boards/:id/rooms',
    { schema: { tags, summary: 'Add a room to an edcamp board', params: IdParams, body: RoomInput } },
    async (request, reply) => {
      await addRoom({ ...person(request), boardId: request.params.id, body: request.body });
      return reply.status(204).send();
    },
  );

  app.post(
    '/edcamp/boards/:id/slots',
    { schema: { tags, summary: 'Add a time slot to an edcamp board', params: IdParams, body: SlotInput } },
    async (request, reply) => {
      await addSlot({ ...person(request), boardId: request.params.id, body: request.body });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/edcamp/rooms/:id',
    { schema: { tags, summary: 'Remove a room from an edcamp board', params: IdParams } },
    async (request, reply) => {
      await removeRoomOrSlot({ ...person(request), what: 'room', id: request.params.id });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/edcamp/slots/:id',
    { schema: { tags, summary: 'Remove a time slot from an edcamp board', params: IdParams } },
    async (request, reply) => {
      await removeRoomOrSlot({ ...person(request), what: 'slot', id: request.params.id });
      return reply.status(204).send();
    },
  );

  // ─── Proposals and votes ──────────────────────────────────────────────────────────────────────
  app.post(
    '/edcamp/boards/:id/sessions',
    {
      config: unlimited,
      schema: {
        tags,
        summary: 'Propose an edcamp session',
        description: `"I can lead…" (kind lead) or "I want to learn about…" (kind learn).${GUEST_NOTE}`,
        params: IdParams,
        body: ProposeBody,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const who = await participant(request, true);
      const id = await proposeSession({ db: app.db, who, boardId: request.params.id, body: request.body });
      return reply.status(201).send({ data: { id } });
    },
  );

  app.delete(
    '/edcamp/sessions/:id',
    {
      config: unlimited,
      schema: {
        tags,
        summary: 'Withdraw an edcamp session',
        description: `Its proposer, until it is placed; or an organizer.${GUEST_NOTE}`,
        params: IdParams,
      },
    },
    async (request, reply) => {
      await withdrawSession({
        db: app.db,
        who: await participant(request, true),
        sessionId: request.params.id,
      });
      return reply.status(204).send();
    },
  );

  for (const vote of [true, false])
    app.route({
      method: vote ? 'PUT' : 'DELETE',
      url: '/edcamp/sessions/:id/vote',
      config: unlimited,
      schema: {
        tags,
        summary: vote ? 'Vote for an edcamp session' : 'Take back a vote for an edcamp session',
        description: `One vote per person per session; voting twice or taking back no vote changes nothing.${GUEST_NOTE}`,
        params: IdParams,
      },
      handler: async (request, reply) => {
        const { id } = request.params as z.infer<typeof IdParams>;
        await setVote({ db: app.db, who: await participant(request, true), sessionId: id, vote });
        return reply.status(204).send();
      },
    });

  // ─── The grid ─────────────────────────────────────────────────────────────────────────────────
  app.put(
    '/edcamp/sessions/:id/place',
    {
      schema: {
        tags,
        summary: 'Place an edcamp session in a room and time slot',
        description:
          'A session already in that cell swaps places with it (or goes back to the unplaced list).',
        params: IdParams,
        body: PlaceBody,
      },
    },
    async (request, reply) => {
      const placed = await placeSession({
        ...person(request),
        sessionId: request.params.id,
        cell: request.body,
      });
      await startNotes(request, placed);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/edcamp/sessions/:id/place',
    { schema: { tags, summary: 'Take an edcamp session out of the grid', params: IdParams } },
    async (request, reply) => {
      await placeSession({ ...person(request), sessionId: request.params.id, cell: null });
      return reply.status(204).send();
    },
  );

  app.get(
    '/edcamp/boards/:id/proposed-schedule',
    {
      schema: {
        tags,
        summary: 'Propose a schedule for an edcamp board',
        description:
          'Sessions that share voters go in different slots, leaders are never in two places, bigger rooms hold the most wanted; nothing is changed until the schedule is applied.',
        params: IdParams,
        response: { 200: ScheduleProposalResponse },
      },
    },
    async (request) => ({
      data: await proposeBoardSchedule({ ...person(request), boardId: request.params.id }),
    }),
  );

  app.put(
    '/edcamp/boards/:id/schedule',
    {
      schema: {
        tags,
        summary: "Set an edcamp board's whole grid",
        params: IdParams,
        body: ScheduleBody,
      },
    },
    async (request, reply) => {
      await setSchedule({
        ...person(request),
        boardId: request.params.id,
        placements: request.body.placements,
      });
      return reply.status(204).send();
    },
  );

  // ─── Notes and attendance ─────────────────────────────────────────────────────────────────────
  app.post(
    '/edcamp/sessions/:id/notes',
    {
      schema: {
        tags,
        summary: "Open an edcamp session's shared notes",
        description:
          "Joins the caller to the event's space, where the notes thread lives, and names the thread.",
        params: IdParams,
        response: { 200: NotesResponse },
      },
    },
    async (request) => ({ data: await openNotes({ ...person(request), sessionId: request.params.id }) }),
  );

  app.put(
    '/edcamp/sessions/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Mark the edcamp session I went to',
        description: 'Once per time slot, from its start; it counts in the learning log.',
        params: IdParams,
      },
    },
    async (request, reply) => {
      await attendSession({ ...person(request), sessionId: request.params.id });
      return reply.status(204).send();
    },
  );

  // ─── Guests ───────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/edcamp/join',
    {
      config: unlimited,
      schema: {
        tags,
        summary: 'Join an edcamp board as a guest with its code',
        description:
          'Sets a cookie that opens this one board (and nothing else) for the day. Wrong codes are counted per address.',
        security: [],
        body: JoinBody,
        response: { 200: GuestResponse },
      },
    },
    async (request, reply) => {
      const address = addressKey(request);
      if (wrongCodes.spent(address) || !joins.take(address))
        throw new TooManyRequestsError(
          'Too many tries; wait a few minutes and ask the organizer for the code.',
        );
      const joined = await joinAsGuest({ db: app.db, body: request.body });
      if (!joined) {
        wrongCodes.take(address);
        throw new InvalidError('No board admits guests with that code.', [
          { path: '/body/code', message: 'is not the code of a board that admits guests' },
        ]);
      }
      setGuestCookie(app.config, reply, joined.token);
      return {
        data: {
          boardId: joined.guest.boardId,
          eventId: joined.eventId,
          name: joined.guest.name,
          eventTitle: joined.eventTitle,
        },
      };
    },
  );

  app.get(
    '/edcamp/guest',
    {
      config: unlimited,
      schema: {
        tags,
        summary: 'Who I am on an edcamp board as a guest',
        description: 'Null when the caller is no guest (or their board stopped admitting guests).',
        security: [],
        response: { 200: GuestResponse },
      },
    },
    async (request) => {
      const guest = await findGuest(app.db, app.config, request);
      if (guest) limitRead(`guest:${guest.id}`);
      return { data: guest ? await describeGuest({ db: app.db, guest }) : null };
    },
  );

  app.delete(
    '/edcamp/guest',
    {
      config: unlimited,
      schema: { tags, summary: 'Leave an edcamp board as a guest', security: [] },
    },
    async (request, reply) => {
      const guest = await findGuest(app.db, app.config, request);
      if (guest) await leaveAsGuest({ db: app.db, guest });
      clearGuestCookie(app.config, reply);
      return reply.status(204).send();
    },
  );

  // ─── Live updates for guests ──────────────────────────────────────────────────────────────────
  app.get(
    '/edcamp/boards/:id/stream',
    {
      // One long request per open phone; a guest's reads are counted when it opens.
      config: unlimited,
      schema: {
        tags,
        summary: "Hear an edcamp board's changes (Server-Sent Events)",
        description: `Signed-in pages hear the \`edcamp:<board id>\` topic on /api/events; guests hear it here.${GUEST_NOTE}`,
        params: IdParams,
        hide: true,
      },
    },
    async (request, reply) => {
      const who = await participant(request, false);
      if (!app.accepting) throw new UnavailableError('This server is restarting; connect again.');
      await assertBoardReadable({ db: app.db, who, boardId: request.params.id });
      const topic = boardTopic(request.params.id.toLowerCase());
      const open = streamsOf.get(who.key) ?? 0;
      if (open >= MAX_STREAMS_PER_PARTICIPANT)
        throw new TooManyRequestsError('Too many open pages of this board; close some and try again.');
      streamsOf.set(who.key, open + 1);
      let unsubscribe = () => {};
      const stream = openStream(app.realtime, request, reply, () => {
        unsubscribe();
        const left = (streamsOf.get(who.key) ?? 1) - 1;
        if (left > 0) streamsOf.set(who.key, left);
        else streamsOf.delete(who.key);
      });
      if (!stream) return;
      const forward = (signal: RealtimeSignal) => stream.write(sseFrame('signal', signal));
      unsubscribe = app.realtime.subscribe(topic, (signal) => {
        // Only when the organizer changes who is admitted does a guest's stream ask again: a guest
        // no longer admitted hears `ended`, and their page stops listening.
        if (signal.type === ADMISSION_CHANGED && who.kind === 'guest')
          void findGuest(app.db, app.config, request).then(
            (guest) => {
              if (guest) forward(signal);
              else {
                stream.write(sseFrame('ended', { reason: 'not_admitted' }));
                stream.end();
              }
            },
            () => forward(signal),
          );
        else forward(signal);
      });
      stream.write(`retry: 3000\n${sseFrame('ready', { topics: [topic] })}`);
    },
  );
}
