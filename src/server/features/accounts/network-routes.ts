import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  AddNetworkDistrictBody,
  DistrictAdoptionListResponse,
  DistrictCandidateListResponse,
  NetworkDistrictListResponse,
  NetworkDistrictParams,
  NetworkDistrictResponse,
  NetworkListResponse,
} from '#shared/contracts/networks.ts';
import {
  addNetworkDistrict,
  listDistrictAdoption,
  listDistrictCandidates,
  listMyNetworks,
  listNetworkDistricts,
  removeNetworkDistrict,
} from './network-service.ts';

/** Networks and their member districts: listed for everyone in them, changed by their administrators. */
export async function networkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['networks'];

  app.get('/networks', { schema: { tags, response: { 200: NetworkListResponse } } }, async (request) => {
    const actor = requireActor(request);
    return { data: await listMyNetworks({ db: app.db, actor }) };
  });

  app.get(
    '/networks/:id/districts',
    { schema: { tags, params: IdParams, response: { 200: NetworkDistrictListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await listNetworkDistricts({ db: app.db, actor, networkId: request.params.id }) };
    },
  );

  app.get(
    '/networks/:id/adoption',
    { schema: { tags, params: IdParams, response: { 200: DistrictAdoptionListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await listDistrictAdoption({ db: app.db, actor, networkId: request.params.id }) };
    },
  );

  app.get(
    '/networks/:id/district-candidates',
    { schema: { tags, params: IdParams, response: { 200: DistrictCandidateListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await listDistrictCandidates({ db: app.db, actor, networkId: request.params.id }) };
    },
  );

  app.post(
    '/networks/:id/districts',
    {
      schema: {
        tags,
        params: IdParams,
        body: AddNetworkDistrictBody,
        response: { 200: NetworkDistrictResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const data = await addNetworkDistrict({
        db: app.db,
        actor,
        networkId: request.params.id,
        districtId: request.body.districtId,
      });
      return { data };
    },
  );

  app.delete(
    '/networks/:id/districts/:districtId',
    { schema: { tags, params: NetworkDistrictParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await removeNetworkDistrict({
        db: app.db,
        actor,
        networkId: request.params.id,
        districtId: request.params.districtId,
      });
      return reply.code(204).send();
    },
  );
}
