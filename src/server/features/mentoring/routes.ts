import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CheckInBody,
  ChooseMentorBody,
  CohortMatchBody,
  CohortMatchResponse,
  CoordinatorViewResponse,
  EndMentorshipBody,
  GoalBody,
  MeetingBody,
  MentorProfileBody,
  MentorProfileResponse,
  MentoringHomeResponse,
  MentoringRequestBody,
  MentoringRequestResponse,
  MentoringSettingsBody,
  MentoringSettingsResponse,
  MentorshipResponse,
  SuggestionListResponse,
  UpdateGoalBody,
} from '#shared/contracts/mentoring.ts';
import {
  addCheckIn,
  addGoal,
  approveMentorship,
  chooseMentor,
  confirmMentorship,
  createMentoringRequest,
  declineMentorship,
  endMentorship,
  getCoordinatorView,
  getMentoringHome,
  getMentoringRequest,
  getMentorship,
  logMeeting,
  matchCohort,
  rematchMentorship,
  saveMentorProfile,
  saveMentoringSettings,
  suggestMentors,
  updateGoal,
  withdrawMentoringRequest,
} from './service.ts';

const GoalParams = z.strictObject({ id: z.uuid(), goalId: z.uuid() });

/** Mentoring: offers, requests, suggestions, cohort matching, mentorships and the pair's space. */
export async function mentoringRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['mentoring'];
  /** What every service call takes: the database and the signed-in actor (401 when there is none). */
  const ctx = (request: FastifyRequest) => ({ db: app.db, actor: requireActor(request) });

  app.get(
    '/mentoring',
    {
      schema: {
        tags,
        summary: 'My mentoring: requests, mentorships and mentor offer',
        response: { 200: MentoringHomeResponse },
      },
    },
    async (request) => ({ data: await getMentoringHome(ctx(request)) }),
  );

  app.put(
    '/mentoring/mentor-profile',
    {
      schema: {
        tags,
        summary: 'Offer to mentor: capacity, availability and how I meet',
        body: MentorProfileBody,
        response: { 200: MentorProfileResponse },
      },
    },
    async (request) => ({ data: await saveMentorProfile({ ...ctx(request), body: request.body }) }),
  );

  app.put(
    '/mentoring/settings/:id',
    {
      schema: {
        tags,
        summary: 'Set how a district or network runs mentoring',
        params: IdParams,
        body: MentoringSettingsBody,
        response: { 200: MentoringSettingsResponse },
      },
    },
    async (request) => ({
      data: await saveMentoringSettings({
        ...ctx(request),
        organizationId: request.params.id,
        body: request.body,
      }),
    }),
  );

  // ─── Requests and matching ────────────────────────────────────────────────────────────────────
  app.post(
    '/mentoring/requests',
    {
      schema: {
        tags,
        summary: 'Ask for a mentor',
        body: MentoringRequestBody,
        response: { 201: MentoringRequestResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await createMentoringRequest({ ...ctx(request), body: request.body }) }),
  );

  app.get(
    '/mentoring/requests/:id',
    {
      schema: {
        tags,
        summary: 'Read a mentoring request',
        params: IdParams,
        response: { 200: MentoringRequestResponse },
      },
    },
    async (request) => ({
      data: await getMentoringRequest({ ...ctx(request), requestId: request.params.id }),
    }),
  );

  app.post(
    '/mentoring/requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my request for a mentor',
        params: IdParams,

        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await withdrawMentoringRequest({ ...ctx(request), requestId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/mentoring/requests/:id/suggestions',
    {
      schema: {
        tags,
        summary: 'Suggest mentors for a request, with the weights behind each score',
        params: IdParams,
        response: { 200: SuggestionListResponse },
      },
    },
    async (request) => ({ data: await suggestMentors({ ...ctx(request), requestId: request.params.id }) }),
  );

  app.post(
    '/mentoring/requests/:id/matches',
    {
      schema: {
        tags,
        summary: 'Choose a mentor for a request',
        params: IdParams,
        body: ChooseMentorBody,
        response: { 201: MentorshipResponse },
      },
    },
    async (request, reply) => {
      const { db, actor } = ctx(request);
      const mentorshipId = await chooseMentor({
        db,
        actor,
        requestId: request.params.id,
        mentorId: request.body.mentorId,
        confirm: request.body.confirm,
      });
      return reply.status(201).send(await getMentorship({ db, actor, mentorshipId }));
    },
  );

  app.post(
    '/mentoring/cohort-matches',
    {
      schema: {
        tags,
        summary: 'Match a cohort of open requests to mentors at once',
        body: CohortMatchBody,
        response: { 200: CohortMatchResponse },
      },
    },
    async (request) => ({ data: await matchCohort({ ...ctx(request), body: request.body }) }),
  );

  app.get(
    '/mentoring/coordinator',
    {
      schema: {
        tags,
        summary: "A coordinator's view: open requests, pairs, mentors' load, approvals",
        response: { 200: CoordinatorViewResponse },
      },
    },
    async (request) => ({ data: await getCoordinatorView(ctx(request)) }),
  );

  // ─── Mentorships ──────────────────────────────────────────────────────────────────────────────
  app.get(
    '/mentoring/mentorships/:id',
    {
      schema: { tags, summary: 'Read a mentorship', params: IdParams, response: { 200: MentorshipResponse } },
    },
    async (request) => getMentorship({ ...ctx(request), mentorshipId: request.params.id }),
  );

  const decisions = [
    ['confirm', 'Confirm a proposed mentor', confirmMentorship],
    ['approve', 'Approve a mentor from another district', approveMentorship],
    ['decline', 'Decline a proposed mentor or refuse approval', declineMentorship],
  ] as const;
  for (const [verb, summary, decide] of decisions)
    app.post(
      `/mentoring/mentorships/:id/${verb}`,
      { schema: { tags, summary, params: IdParams, response: { 200: MentorshipResponse } } },
      async (request) => {
        const { db, actor } = ctx(request);
        await decide({ db, actor, mentorshipId: request.params.id });
        return getMentorship({ db, actor, mentorshipId: request.params.id });
      },
    );

  app.post(
    '/mentoring/mentorships/:id/end',
    {
      schema: {
        tags,
        summary: 'End a mentorship',
        params: IdParams,
        body: EndMentorshipBody,
        response: { 200: MentorshipResponse },
      },
    },
    async (request) => {
      const { db, actor } = ctx(request);
      await endMentorship({ db, actor, mentorshipId: request.params.id, body: request.body });
      return getMentorship({ db, actor, mentorshipId: request.params.id });
    },
  );

  app.post(
    '/mentoring/mentorships/:id/rematch',
    {
      schema: {
        tags,
        summary: 'Re-match: end a mentorship and open its request again',
        params: IdParams,

        response: { 200: MentoringRequestResponse },
      },
    },
    async (request) => ({
      data: await rematchMentorship({ ...ctx(request), mentorshipId: request.params.id }),
    }),
  );

  // ─── The pair's space ─────────────────────────────────────────────────────────────────────────
  /** A write to the pair's space, answered with the mentorship as the writer now sees it. */
  const pairWrite = <B extends z.ZodType>(
    noun: string,
    summary: string,
    body: B,
    write: (args: ReturnType<typeof ctx> & { mentorshipId: string; body: z.output<B> }) => Promise<unknown>,
  ) =>
    app.post(
      `/mentoring/mentorships/:id/${noun}`,
      { schema: { tags, summary, params: IdParams, body, response: { 201: MentorshipResponse } } },
      async (request, reply) => {
        const { db, actor } = ctx(request);
        const mentorshipId = (request.params as { id: string }).id;
        await write({ db, actor, mentorshipId, body: request.body as z.output<B> });
        return reply.status(201).send(await getMentorship({ db, actor, mentorshipId }));
      },
    );
  pairWrite('goals', 'Add a goal to a mentorship', GoalBody, addGoal);
  pairWrite('meetings', 'Log a mentoring meeting', MeetingBody, logMeeting);
  pairWrite('check-ins', 'Check in on a mentorship', CheckInBody, addCheckIn);

  app.patch(
    '/mentoring/mentorships/:id/goals/:goalId',
    {
      schema: {
        tags,
        summary: 'Mark a mentorship goal done or not',
        params: GoalParams,
        body: UpdateGoalBody,
        response: { 200: MentorshipResponse },
      },
    },
    async (request) => {
      const { db, actor } = ctx(request);
      await updateGoal({
        db,
        actor,
        mentorshipId: request.params.id,
        goalId: request.params.goalId,
        done: request.body.done,
      });
      return getMentorship({ db, actor, mentorshipId: request.params.id });
    },
  );
}
