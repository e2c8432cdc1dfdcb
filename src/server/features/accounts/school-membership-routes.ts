import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  AssignSchoolsBody,
  OwnSchoolsResponse,
  PersonSchoolsResponse,
  SchoolChangeRequestBody,
  SchoolChangeRequestListResponse,
  SchoolChangeRequestResponse,
} from '#shared/contracts/school-membership.ts';
import {
  assignSchools,
  decideSchoolChangeRequest,
  getOwnSchools,
  listSchoolChangeRequests,
  requestSchoolChange,
} from './school-membership-service.ts';

/**
 * The schools people belong to: district admins assign them and decide requests; each person reads
 * their own and asks for a change.
 */
export async function schoolMembershipRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.put(
    '/staff/:id/schools',
    {
      schema: {
        tags: ['staff'],
        params: IdParams,
        body: AssignSchoolsBody,
        response: { 200: PersonSchoolsResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return {
        data: await assignSchools({
          db: app.db,
          actor,
          userId: request.params.id,
          schoolIds: request.body.schoolIds,
        }),
      };
    },
  );

  app.get(
    '/profile/schools',
    { schema: { tags: ['profiles'], response: { 200: OwnSchoolsResponse } } },
    async (request) => ({ data: await getOwnSchools({ db: app.db, actor: requireActor(request) }) }),
  );

  app.post(
    '/profile/school-requests',
    {
      schema: {
        tags: ['profiles'],
        body: SchoolChangeRequestBody,
        response: { 201: SchoolChangeRequestResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const data = await requestSchoolChange({ db: app.db, actor, body: request.body });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/school-requests',
    { schema: { tags: ['staff'], response: { 200: SchoolChangeRequestListResponse } } },
    async (request) => ({
      data: await listSchoolChangeRequests({ db: app.db, actor: requireDistrictAdmin(request) }),
    }),
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const) {
    app.post(
      `/school-requests/:id/${verb}`,
      { schema: { tags: ['staff'], params: IdParams, response: { 200: SchoolChangeRequestResponse } } },
      async (request) => {
        const actor = requireDistrictAdmin(request);
        return {
          data: await decideSchoolChangeRequest({ db: app.db, actor, id: request.params.id, approve }),
        };
      },
    );
  }
}
