import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import { AuditListQuery, AuditListResponse } from '#shared/contracts/admin.ts';
import { listAuditEvents } from './admin-service.ts';

/** The audit log of a district's administrative actions, for its administrators. */
export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/audit',
    { schema: { tags: ['audit'], querystring: AuditListQuery, response: { 200: AuditListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return listAuditEvents({ db: app.db, actor, ...request.query });
    },
  );
}
