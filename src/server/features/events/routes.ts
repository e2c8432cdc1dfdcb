import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  ApprovalBody,
  AttendanceResponse,
  CalendarFeedListResponse,
  CalendarFeedResponse,
  CheckinBody,
  CreateEventBody,
  EventListQuery,
  EventListResponse,
  EventResponse,
  FeedbackBody,
  FeedbackSummaryResponse,
  RegisterBody,
  RegistrationListResponse,
  RegistrationResponse,
  RosterBody,
  UpdateEventBody,
  UpdateSessionBody,
} from '#shared/contracts/events.ts';
import { attendanceCsv, certificatePdf, signInSheetPdf } from './documents.ts';
import * as events from './service.ts';

const SessionParams = z.strictObject({ id: z.uuid(), sessionId: z.uuid() });
const Done = z.object({ data: z.object({ ok: z.boolean() }) });
const CheckinResponse = z.object({
  data: z.object({ eventId: z.string(), sessionId: z.string(), title: z.string() }),
});
const ApprovalListResponse = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      eventId: z.string(),
      eventTitle: z.string(),
      userId: z.string(),
      name: z.string(),
      needsSubstitute: z.boolean(),
      startsAt: z.string(),
    }),
  ),
});
const SheetQuery = z.strictObject({ sessionId: z.uuid().optional() });
const FeedbackQuery = z.strictObject({ sessionId: z.uuid().optional() });
const FeedParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}\.ics$/) });
const FeedBody = z.strictObject({ eventId: z.uuid().nullable().default(null) });

/** Events: create and change, calendar and search, registration, attendance, feedback, calendars and documents. */
export async function eventRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['events'];
  const baseUrl = app.config.PUBLIC_URL.replace(/\/$/, '');
  const ctx = (request: FastifyRequest) => ({ db: app.db, actor: requireActor(request) });
  const ok = { data: { ok: true } };

  // The calendar reads under /calendar: GET /events is the notification stream's.
  app.get(
    '/calendar/events',
    {
      schema: {
        tags,
        summary: 'The calendar and event search',
        querystring: EventListQuery,
        response: { 200: EventListResponse },
      },
    },
    async (request) => ({ data: await events.listEvents({ ...ctx(request), query: request.query }) }),
  );

  app.post(
    '/events',
    {
      schema: {
        tags,
        summary: 'Create an event or a series',
        body: CreateEventBody,
        response: { 201: EventResponse },
      },
    },
    async (request, reply) => {
      const id = await events.createEvent({ ...ctx(request), body: request.body });
      return reply.status(201).send({ data: await events.getEvent({ ...ctx(request), eventId: id }) });
    },
  );

  app.get(
    '/events/approvals',
    {
      schema: {
        tags,
        summary: 'Registrations waiting for my approval',
        response: { 200: ApprovalListResponse },
      },
    },
    async (request) => ({ data: await events.listApprovals(ctx(request)) }),
  );

  app.post(
    '/events/registrations/:id/decision',
    {
      schema: {
        tags,
        summary: "Approve or decline a registration for a daytime event (the registrant's principal)",
        params: IdParams,
        body: ApprovalBody,
        response: { 200: Done },
      },
    },
    async (request) => {
      await events.decideRegistration({
        ...ctx(request),
        registrationId: request.params.id,
        approve: request.body.approve,
      });
      return ok;
    },
  );

  app.get(
    '/events/:id',
    { schema: { tags, summary: 'Read an event', params: IdParams, response: { 200: EventResponse } } },
    async (request) => ({ data: await events.getEvent({ ...ctx(request), eventId: request.params.id }) }),
  );

  app.patch(
    '/events/:id',
    {
      schema: {
        tags,
        summary: 'Change the whole event or series',
        params: IdParams,
        body: UpdateEventBody,
        response: { 200: EventResponse },
      },
    },
    async (request) => {
      await events.updateEvent({ ...ctx(request), eventId: request.params.id, body: request.body });
      return { data: await events.getEvent({ ...ctx(request), eventId: request.params.id }) };
    },
  );

  app.post(
    '/events/:id/cancel',
    { schema: { tags, summary: 'Cancel an event', params: IdParams, response: { 200: Done } } },
    async (request) => {
      await events.cancelEvent({ ...ctx(request), eventId: request.params.id });
      return ok;
    },
  );

  app.patch(
    '/events/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Move, change or cancel one session',
        params: SessionParams,
        body: UpdateSessionBody,
        response: { 200: EventResponse },
      },
    },
    async (request) => {
      const { id, sessionId } = request.params;
      await events.updateSession({ ...ctx(request), eventId: id, sessionId, body: request.body });
      return { data: await events.getEvent({ ...ctx(request), eventId: id }) };
    },
  );

  app.post(
    '/events/:id/registration',
    {
      schema: {
        tags,
        summary: 'Register or join the waitlist',
        params: IdParams,
        body: RegisterBody,
        response: { 201: RegistrationResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        data: await events.register({ ...ctx(request), eventId: request.params.id, body: request.body }),
      }),
  );

  app.delete(
    '/events/:id/registration',
    {
      schema: {
        tags,
        summary: 'Cancel my registration or leave the waitlist',
        params: IdParams,
        response: { 200: Done },
      },
    },
    async (request) => {
      await events.cancelRegistration({ ...ctx(request), eventId: request.params.id });
      return ok;
    },
  );

  app.post(
    '/events/:id/space',
    {
      schema: {
        tags,
        summary: "Open the event's own discussion space for session notes",
        params: IdParams,
        response: { 200: z.object({ data: z.object({ spaceId: z.string() }) }) },
      },
    },
    async (request) => ({
      data: { spaceId: await events.openEventSpace({ ...ctx(request), eventId: request.params.id }) },
    }),
  );

  app.get(
    '/events/:id/registrations',
    {
      schema: {
        tags,
        summary: 'The attendee list',
        params: IdParams,
        response: { 200: RegistrationListResponse },
      },
    },
    async (request) => ({
      data: await events.listRegistrations({ ...ctx(request), eventId: request.params.id }),
    }),
  );

  app.post(
    '/events/:id/sessions/:sessionId/attendance',
    {
      schema: {
        tags,
        summary: 'Take attendance from the roster',
        params: SessionParams,
        body: RosterBody,
        response: { 200: AttendanceResponse },
      },
    },
    async (request) => {
      const { id, sessionId } = request.params;
      return {
        data: await events.takeRoster({
          ...ctx(request),
          eventId: id,
          sessionId,
          userIds: request.body.userIds,
        }),
      };
    },
  );

  app.post(
    '/events/check-in',
    {
      schema: {
        tags,
        summary: 'Check in with the code shown in the room',
        body: CheckinBody,
        response: { 200: CheckinResponse },
      },
    },
    async (request) => ({ data: await events.checkIn({ ...ctx(request), code: request.body.code }) }),
  );

  app.post(
    '/events/:id/sessions/:sessionId/feedback',
    {
      schema: {
        tags,
        summary: 'Answer the short survey after a session',
        params: SessionParams,
        body: FeedbackBody,
        response: { 201: Done },
      },
    },
    async (request, reply) => {
      const { id, sessionId } = request.params;
      await events.giveFeedback({ ...ctx(request), eventId: id, sessionId, body: request.body });
      return reply.status(201).send(ok);
    },
  );

  app.get(
    '/events/:id/feedback',
    {
      schema: {
        tags,
        summary: 'The survey results, hidden below the small-group threshold',
        params: IdParams,
        querystring: FeedbackQuery,
        response: { 200: FeedbackSummaryResponse },
      },
    },
    async (request) => ({
      data: await events.feedbackSummary({
        ...ctx(request),
        eventId: request.params.id,
        sessionId: request.query.sessionId,
      }),
    }),
  );

  app.get(
    '/events/:id/invitation.ics',
    { schema: { tags, summary: 'The calendar invitation', params: IdParams } },
    async (request, reply) => {
      const ics = await events.eventIcs({ ...ctx(request), eventId: request.params.id, baseUrl });
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-${request.params.id}.ics"`)
        .header('cache-control', 'private, no-store')
        .send(ics);
    },
  );

  app.get(
    '/events/:id/attendance.csv',
    { schema: { tags, summary: 'Attendance as CSV (organizers)', params: IdParams } },
    async (request, reply) => {
      const rows = await events.attendanceRows({ ...ctx(request), eventId: request.params.id });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="attendance-${request.params.id}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(attendanceCsv(rows));
    },
  );

  app.get(
    '/events/:id/sign-in-sheet.pdf',
    {
      schema: { tags, summary: 'The sign-in sheet (organizers)', params: IdParams, querystring: SheetQuery },
    },
    async (request, reply) => {
      const rows = await events.attendanceRows({ ...ctx(request), eventId: request.params.id });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="sign-in-${request.params.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(await signInSheetPdf(rows, request.query.sessionId ?? null));
    },
  );

  app.get(
    '/events/:id/certificate.pdf',
    { schema: { tags, summary: 'My certificate of attendance', params: IdParams } },
    async (request, reply) => {
      const facts = await events.certificateFacts({ ...ctx(request), eventId: request.params.id });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${request.params.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(await certificatePdf(facts));
    },
  );

  app.get(
    '/calendar/feeds',
    { schema: { tags, summary: 'My calendar feeds', response: { 200: CalendarFeedListResponse } } },
    async (request) => ({ data: await events.listFeeds(ctx(request)) }),
  );

  app.post(
    '/calendar/feeds',
    {
      schema: {
        tags,
        summary: 'Make a private calendar feed: my events, or an event series I organize',
        body: FeedBody,
        response: { 201: CalendarFeedResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await events.createFeed({ ...ctx(request), eventId: request.body.eventId, baseUrl }) }),
  );

  app.delete(
    '/calendar/feeds/:id',
    { schema: { tags, summary: 'Revoke a calendar feed', params: IdParams, response: { 200: Done } } },
    async (request) => {
      await events.revokeFeed({ ...ctx(request), feedId: request.params.id });
      return ok;
    },
  );

  // Public: calendar apps poll the feed by its private token alone.
  app.get(
    '/calendar/feeds/:token',
    { schema: { tags, summary: 'A private calendar feed, by its token', security: [], params: FeedParams } },
    async (request, reply) => {
      const ics = await events.feedIcs(app.db, request.params.token.replace(/\.ics$/, ''), baseUrl);
      if (ics === null) throw new NotFoundError('No such calendar feed.');
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(ics);
    },
  );
}
