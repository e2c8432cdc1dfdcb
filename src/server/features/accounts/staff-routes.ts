import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import {
  ChangeRoleBody,
  StaffBulkBody,
  StaffBulkResponse,
  StaffFilter,
  StaffListResponse,
  StaffQuery,
  StaffResponse,
  WelcomeSettingsBody,
  WelcomeSettingsResponse,
} from '#shared/contracts/admin.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { changeStaffRole, deactivateStaff, listStaff, reactivateStaff } from './admin-service.ts';
import { auditStaffExport, bulkUpdateStaff, exportStaffCsv } from './staff-bulk-service.ts';
import { districtSignInOf, getWelcomeSettings, updateWelcomeSettings } from './welcome-service.ts';

/**
 * A district's staff for its administrators: list, change roles, deactivate and reactivate, one at a
 * time or many at once, export as CSV, and the welcome email the district sends.
 */
export async function staffRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const signIn = () => districtSignInOf(app);

  app.post(
    '/staff/bulk',
    { schema: { tags: ['staff'], body: StaffBulkBody, response: { 200: StaffBulkResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await bulkUpdateStaff({
        db: app.db,
        actor,
        body: request.body,
        config: app.config,
        mailer: app.mailer,
        log: request.log,
        signIn: signIn(),
      });
      return { data };
    },
  );

  app.get(
    '/staff/export.csv',
    { schema: { tags: ['staff'], querystring: StaffFilter } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      await auditStaffExport({ db: app.db, actor, filters: request.query });
      const lines = exportStaffCsv({ db: app.db, actor, filters: request.query });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="staff-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  );

  app.get(
    '/staff/welcome',
    { schema: { tags: ['staff'], response: { 200: WelcomeSettingsResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await getWelcomeSettings({ db: app.db, actor, signIn: signIn() }) };
    },
  );

  app.put(
    '/staff/welcome',
    { schema: { tags: ['staff'], body: WelcomeSettingsBody, response: { 200: WelcomeSettingsResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await updateWelcomeSettings({ db: app.db, actor, body: request.body, signIn: signIn() });
      return { data };
    },
  );

  app.get(
    '/staff',
    { schema: { tags: ['staff'], querystring: StaffQuery, response: { 200: StaffListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return listStaff({ db: app.db, actor, query: request.query });
    },
  );

  app.patch(
    '/staff/:id/role',
    {
      schema: { tags: ['staff'], params: IdParams, body: ChangeRoleBody, response: { 200: StaffResponse } },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const data = await changeStaffRole({
        db: app.db,
        config: app.config,
        request,
        reply,
        actor,
        userId: request.params.id,
        role: request.body.role,
      });
      return { data };
    },
  );

  app.post(
    '/staff/:id/deactivate',
    { schema: { tags: ['staff'], params: IdParams, response: { 200: StaffResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await deactivateStaff({ db: app.db, actor, userId: request.params.id }) };
    },
  );

  app.post(
    '/staff/:id/reactivate',
    { schema: { tags: ['staff'], params: IdParams, response: { 200: StaffResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await reactivateStaff({ db: app.db, actor, userId: request.params.id }) };
    },
  );
}
