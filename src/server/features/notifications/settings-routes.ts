import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { NotificationSettingsBody, NotificationSettingsResponse } from '#shared/contracts/notifications.ts';
import { getNotificationSettings, updateNotificationSettings } from './service.ts';

/** How a person wants notifications emailed. */
export async function settingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/notification-settings',
    { schema: { tags: ['notifications'], response: { 200: NotificationSettingsResponse } } },
    async (request) => ({
      data: await getNotificationSettings({ db: app.db, actor: requireActor(request) }),
    }),
  );

  app.put(
    '/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        body: NotificationSettingsBody,
        response: { 200: NotificationSettingsResponse },
      },
    },
    async (request) => ({
      data: await updateNotificationSettings({
        db: app.db,
        actor: requireActor(request),
        email: request.body.email,
      }),
    }),
  );
}
