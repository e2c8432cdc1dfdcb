import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import { ChangeRoleBody, StaffListResponse, StaffQuery, StaffResponse } from '#shared/contracts/admin.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { changeStaffRole, deactivateStaff, listStaff, reactivateStaff } from './admin-service.ts';

/** A district's staff for its administrators: list, change roles, deactivate and reactivate. */
export async function staffRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

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
