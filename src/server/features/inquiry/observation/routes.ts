import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { sendInert } from '#server/platform/file-types.ts';
import { readFileUpload } from '#server/platform/uploads.ts';
import {
  CycleParams,
  NoteParams,
  OBSERVATION_PHOTO_MAX_BYTES,
  ObservationNoteBody,
  ObservationNoteResponse,
  ObservationNotesResponse,
  ObservationPhotoQuery,
  ObservationPhotoResponse,
  ObservationSetupResponse,
  ObserverAssignment,
  ObserverAssignmentsBody,
  PhotoParams,
  ResearchLesson,
  ResearchLessonBody,
} from '#shared/contracts/inquiry-observation.ts';
import * as service from './service.ts';

const tags = ['inquiry'];

/** A lesson study's Teach and observe phase: the lesson, the observers, and the observation sheet. */
export async function observationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  app.get(
    '/inquiry/cycles/:id/observation',
    {
      schema: {
        tags,
        summary: 'The research lesson’s time and place, its observers and what the caller observes',
        params: CycleParams,
        response: { 200: ObservationSetupResponse },
      },
    },
    async (request) =>
      service.getObservationSetup({ db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.put(
    '/inquiry/cycles/:id/observation/lesson',
    {
      schema: {
        tags,
        summary: 'Set when and where the research lesson is taught',
        params: CycleParams,
        body: ResearchLessonBody,
        response: { 200: z.object({ data: ResearchLesson }) },
      },
    },
    async (request) => ({
      data: await service.setResearchLesson({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.put(
    '/inquiry/cycles/:id/observation/assignments',
    {
      schema: {
        tags,
        summary: 'Assign the observers to case students and groups',
        params: CycleParams,
        body: ObserverAssignmentsBody,
        response: { 200: z.object({ data: z.array(ObserverAssignment) }) },
      },
    },
    async (request) => ({
      data: await service.setObserverAssignments({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.get(
    '/inquiry/cycles/:id/observation/notes',
    {
      schema: {
        tags,
        summary: 'The team’s observation notes and photos, in the order observed',
        params: CycleParams,
        response: { 200: ObservationNotesResponse },
      },
    },
    async (request) => ({
      data: await service.listObservationNotes({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
      }),
    }),
  );

  app.put(
    '/inquiry/cycles/:id/observation/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Keep an observation note under the id the device made (sending it again changes nothing)',
        params: NoteParams,
        body: ObservationNoteBody,
        response: { 200: ObservationNoteResponse, 201: ObservationNoteResponse },
      },
    },
    async (request, reply) => {
      const { created, note } = await service.saveObservationNote({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        noteId: request.params.noteId,
        body: request.body,
      });
      return reply.status(created ? 201 : 200).send({ data: note });
    },
  );

  app.delete(
    '/inquiry/cycles/:id/observation/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Remove one’s observation note',
        params: NoteParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.deleteObservationNote({
        db,
        storage: app.storage,
        actor: requireActor(request),
        cycleId: request.params.id,
        noteId: request.params.noteId,
      });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/inquiry/cycles/:id/observation/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'Keep a photo of student work under the id the device made, re-encoded without its metadata',
        consumes: ['multipart/form-data'],
        params: PhotoParams,
        querystring: ObservationPhotoQuery,
        response: { 200: ObservationPhotoResponse, 201: ObservationPhotoResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readFileUpload(request, OBSERVATION_PHOTO_MAX_BYTES, {
        field: 'photo',
        what: 'the photo',
      });
      const { created, photo } = await service.saveObservationPhoto({
        db,
        storage: app.storage,
        actor,
        cycleId: request.params.id,
        photoId: request.params.photoId,
        query: request.query,
        upload: upload.data,
      });
      return reply.status(created ? 201 : 200).send({ data: photo });
    },
  );

  app.get(
    '/inquiry/cycles/:id/observation/photos/:photoId',
    { schema: { tags, summary: 'A photo of student work, for the team', params: PhotoParams } },
    async (request, reply) => {
      const file = await service.readObservationPhoto({
        db,
        storage: app.storage,
        actor: requireActor(request),
        cycleId: request.params.id,
        photoId: request.params.photoId,
      });
      // Private to the team: never kept by a shared cache.
      reply.header('cache-control', 'private, no-store');
      return sendInert(reply, file, 'inline; filename="student-work.jpg"');
    },
  );

  app.delete(
    '/inquiry/cycles/:id/observation/photos/:photoId',
    { schema: { tags, summary: 'Remove one’s photo', params: PhotoParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.deleteObservationPhoto({
        db,
        storage: app.storage,
        actor: requireActor(request),
        cycleId: request.params.id,
        photoId: request.params.photoId,
      });
      return reply.status(204).send(null);
    },
  );
}
