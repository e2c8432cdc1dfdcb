import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import {
  AuditActorListResponse,
  AuditEntryListResponse,
  AuditExportQuery,
  AuditQuery,
} from '#shared/contracts/audit.ts';
import { exportAuditCsv, listAudit, listAuditActors } from './audit-service.ts';

/** The audit log of a district's administrative actions, for its administrators. */
export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/audit',
    { schema: { tags, querystring: AuditQuery, response: { 200: AuditEntryListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return listAudit({ db: app.db, actor, query: request.query });
    },
  );

  app.get(
    '/audit/actors',
    { schema: { tags, response: { 200: AuditActorListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await listAuditActors({ db: app.db, actor }) };
    },
  );

  app.get(
    '/audit/export.csv',
    { schema: { tags, querystring: AuditExportQuery } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const lines = exportAuditCsv({ db: app.db, actor, filters: request.query });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  );
}
