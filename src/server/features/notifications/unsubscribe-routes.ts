import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UnsubscribeQuery, UnsubscribeResponse } from '#shared/contracts/notifications.ts';
import { unsubscribe } from './service.ts';

/**
 * Unsubscribing from an emailed link, without signing in: the signed token is the proof, and names
 * the kind of notification it stops (or every one). Mail clients POST `List-Unsubscribe=One-Click`
 * as a form (RFC 8058); the body says nothing more.
 */
export async function unsubscribeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, _body, done) => done(null, undefined),
  );

  app.post(
    '/unsubscribe',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Stop one kind of notification email (or all) with the emailed one-click link',
        security: [],
        querystring: UnsubscribeQuery,
        response: { 200: UnsubscribeResponse },
      },
    },
    async (request) => ({
      data: { email: 'off' as const, ...(await unsubscribe({ db: app.db, token: request.query.token })) },
    }),
  );

  // A GET never unsubscribes (link scanners follow links): it opens the page that asks to confirm.
  app.get(
    '/unsubscribe',
    { schema: { tags: ['notifications'], hide: true, querystring: UnsubscribeQuery } },
    async (request, reply) =>
      reply.redirect(`/unsubscribe?token=${encodeURIComponent(request.query.token)}`, 303),
  );
}
