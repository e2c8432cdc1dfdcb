import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '#server/platform/errors.ts';
import { readOutbox } from '#server/platform/mail.ts';
import { OutboxResponse } from '#shared/contracts/admin.ts';
import { canReadOutbox } from './admin-policy.ts';
import { pendingInvitationAddressesOfDistrict } from './admin-queries.ts';

/** The bare, lower-cased address of a `To` header (`"Name" <a@b>` or `a@b`); a name never counts. */
const addressOf = (to: string) => (to.match(/<([^<>]+)>\s*$/)?.[1] ?? to).trim().toLowerCase();

/**
 * The development mail viewer: the messages Trellis wrote to its outbox instead of sending. It
 * exists only when the operator turns it on with DEV_OUTBOX (never in production), and only for
 * administrators. Mail holds reset and invitation links, which are keys to accounts, so each
 * administrator reads only mail addressed to themselves and the invitations their own district has
 * pending for addresses nobody else holds. Platform administrators get no wider view.
 */
export async function outboxRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  if (!app.config.devOutbox) return;

  app.get(
    '/dev/outbox',
    { schema: { tags: ['development'], hide: true, response: { 200: OutboxResponse } } },
    async (request) => {
      const actor = request.actor;
      if (!actor || !canReadOutbox(actor, app.config.devOutbox)) throw new NotFoundError('No such page.');
      const messages = await readOutbox(path.join(app.config.dataDir, 'outbox'));
      const own = actor.email.toLowerCase();
      const invited = await pendingInvitationAddressesOfDistrict(app.db, actor.districtId, [
        ...new Set(messages.map((m) => addressOf(m.to)).filter((to) => to !== own)),
      ]);
      return { data: messages.filter((m) => addressOf(m.to) === own || invited.has(addressOf(m.to))) };
    },
  );
}
