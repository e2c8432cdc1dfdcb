import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  AimBody,
  AstronomicalBody,
  BaselineBody,
  ChartQuery,
  ChartsResponse,
  DriversBody,
  ImprovementResponse,
  MeasureBody,
  PdsaBody,
  PdsaResponse,
  ValueBody,
} from '#shared/contracts/improvement.ts';
import * as service from './service.ts';

const tags = ['improvement'];

/** Sends a read's answer as JSON text, without the response schema's check and copy (decision 033). */
const sendJson = (reply: FastifyReply, body: unknown) =>
  reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
const Created = z.object({ data: z.object({ id: z.string() }) });

/** An improvement community's aim, driver diagram, measures and run charts, and a PDSA cycle's content. */
export async function improvementRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  app.get(
    '/communities/:id/improvement',
    { schema: { tags, params: IdParams, response: { 200: ImprovementResponse } } },
    async (request) =>
      service.readImprovement({ db, actor: requireActor(request), communityId: request.params.id }),
  );

  app.put(
    '/communities/:id/improvement/aim',
    { schema: { tags, params: IdParams, body: AimBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.setAim({
        db,
        actor: requireActor(request),
        communityId: request.params.id,
        aim: request.body,
      });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/communities/:id/improvement/drivers',
    { schema: { tags, params: IdParams, body: DriversBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.setDrivers({
        db,
        actor: requireActor(request),
        communityId: request.params.id,
        body: request.body,
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/communities/:id/improvement/measures',
    { schema: { tags, params: IdParams, body: MeasureBody, response: { 201: Created } } },
    async (request, reply) => {
      const id = await service.addMeasure({
        db,
        actor: requireActor(request),
        communityId: request.params.id,
        body: request.body as Required<MeasureBody>,
      });
      return reply.status(201).send({ data: { id } });
    },
  );

  app.put(
    '/improvement/measures/:id',
    { schema: { tags, params: IdParams, body: MeasureBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.changeMeasure({
        db,
        actor: requireActor(request),
        measureId: request.params.id,
        body: request.body as Required<MeasureBody>,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/improvement/measures/:id/charts',
    { schema: { tags, params: IdParams, querystring: ChartQuery, response: { 200: ChartsResponse } } },
    // The charts are built field by field as ChartsResponse, which the tests hold them to.
    async (request, reply) =>
      sendJson(
        reply,
        await service.readCharts({
          db,
          actor: requireActor(request),
          measureId: request.params.id,
          trendRule: request.query.trend === 'true',
        }),
      ),
  );

  app.put(
    '/improvement/measures/:id/values',
    { schema: { tags, params: IdParams, body: ValueBody, response: { 200: Created } } },
    async (request) => ({
      data: {
        id: await service.enterValue({
          db,
          actor: requireActor(request),
          measureId: request.params.id,
          body: request.body,
        }),
      },
    }),
  );

  app.post(
    '/improvement/measures/:id/baselines',
    { schema: { tags, params: IdParams, body: BaselineBody, response: { 201: Created } } },
    async (request, reply) => {
      const id = await service.recordBaseline({
        db,
        actor: requireActor(request),
        measureId: request.params.id,
        body: request.body as Required<BaselineBody>,
      });
      return reply.status(201).send({ data: { id } });
    },
  );

  app.put(
    '/improvement/values/:id/astronomical',
    { schema: { tags, params: IdParams, body: AstronomicalBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.flagAstronomical({
        db,
        actor: requireActor(request),
        valueId: request.params.id,
        ...request.body,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/inquiry/cycles/:id/pdsa',
    { schema: { tags, params: IdParams, response: { 200: PdsaResponse } } },
    async (request) => service.readPdsa({ db, actor: requireActor(request), cycleId: request.params.id }),
  );

  app.patch(
    '/inquiry/cycles/:id/pdsa',
    { schema: { tags, params: IdParams, body: PdsaBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await service.savePdsa({
        db,
        actor: requireActor(request),
        cycleId: request.params.id,
        body: request.body,
      });
      return reply.status(204).send(null);
    },
  );
}
