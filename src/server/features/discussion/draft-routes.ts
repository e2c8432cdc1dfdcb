import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import {
  DiscardDraftQuery,
  DraftConflictProblem,
  DraftParams,
  DraftResponse,
  PreviewBody,
  PreviewResponse,
  SaveDraftBody,
} from '#shared/contracts/reading.ts';
import { DraftConflict, discardDraft, getDraft, saveDraft } from './draft-service.ts';

/** A draft conflict as problem details that carry the draft as it now is. */
function sendConflict(reply: import('fastify').FastifyReply, error: DraftConflict) {
  return reply
    .status(409)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: error.message,
      code: 'draft_conflict',
      errors: [{ path: '/body/baseVersion', message: 'is not the latest version of this draft' }],
      current: error.current,
    });
}

/** Drafts kept on the server (per person, per thread or new thread) and the composer's preview. */
export async function draftRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/drafts/:kind/:id',
    { schema: { tags: ['discussion'], params: DraftParams, response: { 200: DraftResponse } } },
    async (request) => ({
      data: await getDraft({ db: app.db, actor: requireActor(request), ...request.params }),
    }),
  );

  app.put(
    '/drafts/:kind/:id',
    {
      schema: {
        tags: ['discussion'],
        params: DraftParams,
        body: SaveDraftBody,
        response: { 200: DraftResponse, 409: DraftConflictProblem },
      },
    },
    async (request, reply) => {
      try {
        return {
          data: await saveDraft({
            db: app.db,
            actor: requireActor(request),
            ...request.params,
            body: request.body,
          }),
        };
      } catch (error) {
        if (error instanceof DraftConflict) return sendConflict(reply, error);
        throw error;
      }
    },
  );

  app.delete(
    '/drafts/:kind/:id',
    {
      schema: {
        tags: ['discussion'],
        params: DraftParams,
        querystring: DiscardDraftQuery,
        response: { 204: z.null(), 409: DraftConflictProblem },
      },
    },
    async (request, reply) => {
      try {
        await discardDraft({
          db: app.db,
          actor: requireActor(request),
          ...request.params,
          version: request.query.version,
        });
        return reply.status(204).send(null);
      } catch (error) {
        if (error instanceof DraftConflict) return sendConflict(reply, error);
        throw error;
      }
    },
  );

  app.post(
    '/markdown/preview',
    { schema: { tags: ['discussion'], body: PreviewBody, response: { 200: PreviewResponse } } },
    async (request) => {
      requireActor(request);
      const { html } = renderMarkdown(request.body.body);
      return { data: { html, characters: request.body.body.length } };
    },
  );
}
