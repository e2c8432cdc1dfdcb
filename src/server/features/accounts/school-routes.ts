import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { SchoolBody, SchoolListQuery, SchoolListResponse, SchoolResponse } from '#shared/contracts/admin.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  createSchool,
  listDistrictSchools,
  listSchools,
  renameSchool,
  setSchoolArchived,
} from './admin-service.ts';

/** The schools of one's district: everyone reads them, administrators manage them. */
export async function schoolRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/schools',
    {
      schema: { tags: ['schools'], querystring: SchoolListQuery, response: { 200: SchoolListResponse } },
      config: { scope: 'schools:read' },
    },
    async (request) => {
      if (request.client) return listDistrictSchools({ db: app.db, districtId: request.client.districtId });
      const actor = requireActor(request);
      return listSchools({ db: app.db, actor, includeArchived: request.query.includeArchived ?? false });
    },
  );

  app.post(
    '/schools',
    { schema: { tags: ['schools'], body: SchoolBody, response: { 201: SchoolResponse } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const data = await createSchool({ db: app.db, actor, name: request.body.name });
      return reply.status(201).send({ data });
    },
  );

  app.patch(
    '/schools/:id',
    { schema: { tags: ['schools'], params: IdParams, body: SchoolBody, response: { 200: SchoolResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return {
        data: await renameSchool({ db: app.db, actor, schoolId: request.params.id, name: request.body.name }),
      };
    },
  );

  for (const [verb, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/schools/:id/${verb}`,
      { schema: { tags: ['schools'], params: IdParams, response: { 200: SchoolResponse } } },
      async (request) => {
        const actor = requireDistrictAdmin(request);
        return {
          data: await setSchoolArchived({ db: app.db, actor, schoolId: request.params.id, archived }),
        };
      },
    );
  }
}
