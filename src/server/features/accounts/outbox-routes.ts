import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '#server/platform/errors.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { OutboxResponse } from '#shared/contracts/admin.ts';
import { canReadOutbox } from './admin-policy.ts';

/**
 * The development mail viewer: the messages Trellis wrote to its outbox instead of sending. It does
 * not exist in production, nor for anyone but administrators.
 */
export async function outboxRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  if (app.config.NODE_ENV === 'production') return;

  app.get(
    '/dev/outbox',
    { schema: { tags: ['development'], hide: true, response: { 200: OutboxResponse } } },
    async (request) => {
      if (!canReadOutbox(request.actor, app.config.NODE_ENV)) throw new NotFoundError('No such page.');
      return { data: await readOutbox(path.join(app.config.dataDir, 'outbox')) };
    },
  );
}
