import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '#server/platform/errors.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { OutboxResponse } from '#shared/contracts/admin.ts';
import { canReadOutbox } from './admin-policy.ts';
import { addressesOfDistrict } from './admin-queries.ts';

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
      const actor = request.actor;
      if (!actor || !canReadOutbox(actor, app.config.NODE_ENV)) throw new NotFoundError('No such page.');
      const messages = await readOutbox(path.join(app.config.dataDir, 'outbox'));
      if (actor.roles.includes('platform_admin')) return { data: messages };
      // A district admin reads only mail sent to their own district's people and invitations:
      // another district's reset and invitation links would let them into accounts not theirs.
      const address = (to: string) => (to.match(/<([^>]+)>/)?.[1] ?? to).trim().toLowerCase();
      const own = await addressesOfDistrict(app.db, actor.districtId, [
        ...new Set(messages.map((m) => address(m.to))),
      ]);
      return { data: messages.filter((m) => own.has(address(m.to))) };
    },
  );
}
