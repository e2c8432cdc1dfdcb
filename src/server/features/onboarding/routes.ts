import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { OnboardingDismissBody, OnboardingResponse } from '#shared/contracts/onboarding.ts';
import { getOnboarding, recordLibraryVisit, setOnboardingDismissed } from './service.ts';

/** The signed-in person's first-visit checklist. */
export async function onboardingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['onboarding'];

  app.get('/onboarding', { schema: { tags, response: { 200: OnboardingResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { data: await getOnboarding({ db: app.db, actor }) };
  });

  app.post(
    '/onboarding/library-visit',
    { schema: { tags, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await recordLibraryVisit({ db: app.db, actor });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/onboarding/dismissed',
    { schema: { tags, body: OnboardingDismissBody, response: { 200: OnboardingResponse } } },
    async (request) => {
      const actor = requireActor(request);
      await setOnboardingDismissed({ db: app.db, actor, dismissed: request.body.dismissed });
      return { data: await getOnboarding({ db: app.db, actor }) };
    },
  );
}
