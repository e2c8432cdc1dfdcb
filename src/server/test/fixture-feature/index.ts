import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defineNotificationKind, oneLine, recordActivity } from '#server/platform/activity.ts';
import { requireActor } from '#server/platform/auth.ts';
import { defineFeature } from '#server/platform/feature.ts';
import { defineFeedItemKind } from '#server/platform/feed-items.ts';
import { defineJob, enqueue } from '#server/platform/jobs.ts';

/** Verbs no Trellis feature uses, as another tool might report them. */
export const RSVPED = 'https://example.org/xapi/verbs/rsvped';
export const REMINDED = 'https://example.org/xapi/verbs/reminded';

/** Reminds the host of a gathering, later, on the job queue: recorded as an activity of no one. */
export const remindHost = defineJob<{ gatheringId: string; districtId: string }>({
  name: 'fixture-gatherings.remind',
  title: 'Remind a host of who is coming',
  async work(job, app) {
    await app.db.transaction((tx) =>
      recordActivity(tx, {
        actor: null,
        verb: REMINDED,
        object: { type: 'gathering', id: job.data.gatheringId },
        context: { districtId: job.data.districtId },
      }),
    );
  },
});

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
      await app.db.transaction(async (tx) => {
        await enqueue(tx, remindHost, { gatheringId: id, districtId: actor.districtId });
        await recordActivity(tx, {
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
        });
      });
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
  // Everyone in the guest's district sees in their feed who is coming.
  feedItems: [
    defineFeedItemKind<{ name: string; title: string | null }>({
      kind: 'fixture-gatherings.rsvp',
      verbs: [RSVPED],
      objectTypes: ['gathering'],
      audiences: (s) => sql`array[${s}.district_id]`,
      shown: () => sql`
        select json_build_object('name', u.name, 'title', s.body->'object'->'definition'->'name'->>'en-US')
          from statements s join users u on u.id = s.actor_id
         where s.id = c.id`,
      entry: (r, item) => ({
        id: item.id,
        verb: 'rsvped',
        summary: `is coming to “${oneLine(r.title ?? 'a gathering')}”`,
        at: item.at,
        actor: { id: item.actorId ?? '', name: r.name },
        community: null,
        thread: null,
        post: null,
        homeShare: null,
      }),
    }),
  ],
  jobs: [remindHost],
});
