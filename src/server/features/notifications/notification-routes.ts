import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  MarkAllReadResponse,
  MarkReadResponse,
  NotificationListQuery,
  NotificationListResponse,
  UnreadCountResponse,
} from '#shared/contracts/notifications.ts';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './service.ts';

/** The bell's count, the notifications page, and marking them read. */
export async function notificationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        querystring: NotificationListQuery,
        response: { 200: NotificationListResponse },
      },
    },
    async (request) => listNotifications({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/notifications/unread-count',
    { schema: { tags: ['notifications'], response: { 200: UnreadCountResponse } } },
    async (request) => ({
      data: { unread: await countUnreadNotifications({ db: app.db, actor: requireActor(request) }) },
    }),
  );

  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], params: IdParams, response: { 200: MarkReadResponse } } },
    async (request) => {
      await markNotificationRead({ db: app.db, actor: requireActor(request), id: request.params.id });
      return { data: { id: request.params.id, read: true as const } };
    },
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], response: { 200: MarkAllReadResponse } } },
    async (request) => ({
      data: { marked: await markAllNotificationsRead({ db: app.db, actor: requireActor(request) }) },
    }),
  );
}
