import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { NotificationSettingsBody, NotificationSettingsResponse } from '#shared/contracts/notifications.ts';
import { receivesReplies, revokeReplyAddresses } from './reply-addresses.ts';
import { getNotificationSettings, updateNotificationSettings } from './service.ts';

const RevokedResponse = z.object({ data: z.object({ revoked: z.number().int() }) });

/** How a person wants each kind of notification, per community, and when email must wait. */
export async function settingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const replyByEmail = receivesReplies(app.config);

  app.get(
    '/notification-settings',
    { schema: { tags: ['notifications'], response: { 200: NotificationSettingsResponse } } },
    async (request) => ({
      data: await getNotificationSettings({ db: app.db, actor: requireActor(request), replyByEmail }),
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
        body: request.body,
        replyByEmail,
      }),
    }),
  );

  app.post(
    '/notification-settings/revoke-reply-addresses',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Stop every reply address earlier emails carried from working',
        response: { 200: RevokedResponse },
      },
    },
    async (request) => ({
      data: { revoked: await revokeReplyAddresses(app.db, requireActor(request).userId) },
    }),
  );
}
