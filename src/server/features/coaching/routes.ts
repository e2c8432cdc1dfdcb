import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import {
  ActionBody,
  ActionListResponse,
  ActionResponse,
  CONFERENCE_KINDS,
  CaseloadResponse,
  CoachingCycleListQuery,
  CoachingCycleListResponse,
  CoachingCycleResponse,
  CoachingLogResponse,
  CommentBody,
  CommentListResponse,
  CompleteObservationBody,
  ConferenceBody,
  InviteBody,
  ObservationNoteBody,
  ObservationResponse,
  RubricBody,
  RubricEditBody,
  RubricListResponse,
  RubricResponse,
  RubricVersionParams,
  StartCoachingCycleBody,
  StartObservationBody,
  UpdateActionBody,
  UpdateCoachingCycleBody,
} from '#shared/contracts/coaching.ts';
import { IdParams, PageQuery } from '#shared/contracts/common.ts';
import {
  addComment,
  completeObservation,
  createAction,
  createRubric,
  getRubricVersion,
  deleteAction,
  deleteObservationNote,
  getCaseload,
  getCoachingCycle,
  getCoachingLog,
  getObservation,
  inviteToCoachingCycle,
  listCoachingCycles,
  listComments,
  listMyActions,
  listRubrics,
  updateRubric,
  removeFromCoachingCycle,
  saveConference,
  saveObservationNote,
  startCoachingCycle,
  startObservation,
  updateAction,
  updateCoachingCycle,
} from './service.ts';

const MemberParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });
const ConferenceParams = z.strictObject({ id: z.uuid(), kind: z.enum(CONFERENCE_KINDS) });
const NoteParams = z.strictObject({ id: z.uuid(), noteId: z.uuid() });
const Created = z.object({ data: z.object({ id: z.string() }) });

/** Coaching cycles: rubrics, cycles and their people, conferences, observations, actions, comments, caseload and log. */
export async function coachingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['coaching'];
  /** What every service call takes: the database and the signed-in actor (401 when there is none). */
  const ctx = (request: FastifyRequest) => ({ db: app.db, actor: requireActor(request) });

  // ─── Rubrics ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/coaching/rubrics',
    {
      schema: { tags, summary: "List my district's coaching rubrics", response: { 200: RubricListResponse } },
    },
    async (request) => ({ data: await listRubrics(ctx(request)) }),
  );

  app.post(
    '/districts/:id/coaching-rubrics',
    {
      schema: {
        tags,
        summary: 'Define a coaching rubric for the district',
        params: IdParams,
        body: RubricBody,
        response: { 201: RubricResponse },
      },
    },
    async (request, reply) => {
      const data = await createRubric({
        ...ctx(request),
        districtId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.put(
    '/coaching/rubrics/:id',
    {
      schema: {
        tags,
        summary: 'Edit a coaching rubric in place as its next version; cycles keep the rows they took',
        params: IdParams,
        body: RubricEditBody,
        response: { 200: RubricResponse },
      },
    },
    async (request) => ({
      data: await updateRubric({ ...ctx(request), rubricId: request.params.id, body: request.body }),
    }),
  );

  app.get(
    '/coaching/rubrics/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version of a coaching rubric of my district, as it was',
        params: RubricVersionParams,
        response: { 200: RubricResponse },
      },
    },
    async (request) => ({
      data: await getRubricVersion({
        ...ctx(request),
        rubricId: request.params.id,
        version: request.params.version,
      }),
    }),
  );

  // ─── Cycles ───────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/coaching/cycles',
    {
      schema: {
        tags,
        summary: 'Start a coaching cycle',
        body: StartCoachingCycleBody,
        response: { 201: CoachingCycleResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const cycleId = await startCoachingCycle({ db: app.db, actor, body: request.body });
      return reply.status(201).send(await getCoachingCycle({ db: app.db, actor, cycleId }));
    },
  );

  app.get(
    '/coaching/cycles',
    {
      schema: {
        tags,
        summary: 'List my coaching cycles',
        querystring: CoachingCycleListQuery,
        response: { 200: CoachingCycleListResponse },
      },
    },
    async (request) => listCoachingCycles({ ...ctx(request), query: request.query }),
  );

  app.get(
    '/coaching/cycles/:id',
    {
      schema: {
        tags,
        summary: 'Read a coaching cycle',
        params: IdParams,
        response: { 200: CoachingCycleResponse },
      },
    },
    async (request) => getCoachingCycle({ ...ctx(request), cycleId: request.params.id }),
  );

  app.patch(
    '/coaching/cycles/:id',
    {
      schema: {
        tags,
        summary: "Change a coaching cycle's title, focus or phase",
        params: IdParams,
        body: UpdateCoachingCycleBody,
        response: { 200: CoachingCycleResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateCoachingCycle({ db: app.db, actor, cycleId: request.params.id, body: request.body });
      return getCoachingCycle({ db: app.db, actor, cycleId: request.params.id });
    },
  );

  app.post(
    '/coaching/cycles/:id/members',
    {
      schema: {
        tags,
        summary: 'Invite coaches or peers into a coaching cycle',
        params: IdParams,
        body: InviteBody,
        response: { 200: CoachingCycleResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inviteToCoachingCycle({ db: app.db, actor, cycleId: request.params.id, body: request.body });
      return getCoachingCycle({ db: app.db, actor, cycleId: request.params.id });
    },
  );

  app.delete(
    '/coaching/cycles/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove someone from a coaching cycle, or leave it',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeFromCoachingCycle({
        ...ctx(request),
        cycleId: request.params.id,
        userId: request.params.userId,
      });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/coaching/cycles/:id/conferences/:kind',
    {
      schema: {
        tags,
        summary: 'Record the pre- or post-conference',
        params: ConferenceParams,
        body: ConferenceBody,
        response: { 200: CoachingCycleResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await saveConference({
        db: app.db,
        actor,
        cycleId: request.params.id,
        kind: request.params.kind,
        body: request.body,
      });
      return getCoachingCycle({ db: app.db, actor, cycleId: request.params.id });
    },
  );

  // ─── Observations ─────────────────────────────────────────────────────────────────────────────
  app.post(
    '/coaching/cycles/:id/observations',
    {
      schema: {
        tags,
        summary: 'Start an observation, live or of a video',
        params: IdParams,
        body: StartObservationBody,
        response: { 201: ObservationResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const observationId = await startObservation({
        db: app.db,
        actor,
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send(await getObservation({ db: app.db, actor, observationId }));
    },
  );

  app.get(
    '/coaching/observations/:id',
    {
      schema: {
        tags,
        summary: 'Read an observation and its notes',
        params: IdParams,
        response: { 200: ObservationResponse },
      },
    },
    async (request) => getObservation({ ...ctx(request), observationId: request.params.id }),
  );

  app.put(
    '/coaching/observations/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Keep a time-stamped observation note',
        params: NoteParams,
        body: ObservationNoteBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await saveObservationNote({
        ...ctx(request),
        observationId: request.params.id,
        noteId: request.params.noteId,
        body: request.body,
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/coaching/observations/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Delete an observation note',
        params: NoteParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteObservationNote({
        ...ctx(request),
        observationId: request.params.id,
        noteId: request.params.noteId,
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/coaching/observations/:id/completion',
    {
      schema: {
        tags,
        summary: 'Complete an observation',
        params: IdParams,
        body: CompleteObservationBody,
        response: { 200: ObservationResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await completeObservation({ db: app.db, actor, observationId: request.params.id, body: request.body });
      return getObservation({ db: app.db, actor, observationId: request.params.id });
    },
  );

  // ─── Actions ──────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/coaching/cycles/:id/actions',
    {
      schema: {
        tags,
        summary: 'Agree a follow-up action',
        params: IdParams,
        body: ActionBody,
        response: { 201: ActionResponse },
      },
    },
    async (request, reply) => {
      const data = await createAction({
        ...ctx(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.patch(
    '/coaching/actions/:id',
    {
      schema: {
        tags,
        summary: 'Change a follow-up action or mark it done',
        params: IdParams,
        body: UpdateActionBody,
        response: { 200: ActionResponse },
      },
    },
    async (request) => ({
      data: await updateAction({
        ...ctx(request),
        actionId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/coaching/actions/:id',
    { schema: { tags, summary: 'Delete a follow-up action', params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteAction({ ...ctx(request), actionId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/coaching/actions',
    { schema: { tags, summary: 'List my open follow-up actions', response: { 200: ActionListResponse } } },
    async (request) => ({ data: await listMyActions(ctx(request)) }),
  );

  // ─── Comments ─────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/coaching/cycles/:id/comments',
    {
      schema: {
        tags,
        summary: "Read a coaching cycle's comments",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: CommentListResponse },
      },
    },
    async (request) =>
      listComments({
        ...ctx(request),
        cycleId: request.params.id,
        query: request.query,
      }),
  );

  app.post(
    '/coaching/cycles/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment in a coaching cycle',
        params: IdParams,
        body: CommentBody,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const id = await addComment({
        ...ctx(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data: { id } });
    },
  );

  // ─── Caseload and log ─────────────────────────────────────────────────────────────────────────
  app.get(
    '/coaching/caseload',
    {
      schema: {
        tags,
        summary: 'Read my coaching caseload',
        querystring: PageQuery,
        response: { 200: CaseloadResponse },
      },
    },
    async (request) => getCaseload({ ...ctx(request), query: request.query }),
  );

  app.get(
    '/coaching/log',
    {
      schema: {
        tags,
        summary: 'Read my coaching log',
        querystring: PageQuery,
        response: { 200: CoachingLogResponse },
      },
    },
    async (request) => getCoachingLog({ ...ctx(request), query: request.query }),
  );
}
