import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defineNotificationKind, oneLine, recordActivity } from '#server/platform/activity.ts';
import { requireActor } from '#server/platform/auth.ts';
import { defineFeature } from '#server/platform/feature.ts';

/** A verb no Trellis feature uses, as another tool might report it. */
export const RSVPED = 'https://example.org/xapi/verbs/rsvped';

/**
 * A tiny feature that exists only in tests: gatherings people say they will come to. Everything it
 * contributes (a route, a notification kind, a realtime topic) is declared here and reaches Trellis
 * through the feature list alone, which is what the registry test proves.
 */
async function routes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/fixture-gatherings/:id/rsvp',
    {
      schema: {
        hide: true,
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({ hostId: z.uuid(), title: z.string().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      await app.db.transaction((tx) =>
        recordActivity(tx, {
          actor,
          verb: RSVPED,
          object: { type: 'gathering', id, name: request.body.title },
          notify: [
            {
              kind: 'gathering_rsvp',
              to: [request.body.hostId],
              data: { title: request.body.title, gatheringId: id },
            },
          ],
          signals: [{ topic: `gathering:${id}`, type: 'rsvp', id }],
        }),
      );
      return reply.status(204).send();
    },
  );
}

export default defineFeature({
  name: 'fixture-gatherings',
  routes,
  notifications: [
    defineNotificationKind({
      kind: 'gathering_rsvp',
      verbs: [RSVPED],
      describe: (f) =>
        `${oneLine(f.actorName ?? 'Someone')} is coming to “${oneLine(f.data.title ?? 'your gathering')}”`,
      link: (f) => (f.data.gatheringId ? `/gatherings/${f.data.gatheringId}` : null),
    }),
  ],
  topics: [{ name: 'gathering', hearing: async () => 'all' }],
});
