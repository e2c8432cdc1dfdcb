import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { ErasureBody, ErasureResponse, RetentionBody, RetentionResponse } from '#shared/contracts/privacy.ts';
import {
  downloadMyData,
  erasePersonOfDistrict,
  exportDistrictData,
  readRetention,
  updateRetention,
} from './service.ts';

const tags = ['privacy'];
const today = () => new Date().toISOString().slice(0, 10);

/** Downloading one's own data; a district's export, erasure and age limits for its administrators. */
export async function privacyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/me/data-export', { schema: { tags } }, async (request, reply) => {
    const actor = requireActor(request);
    const file = await downloadMyData({ db: app.db, actor });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="trellis-my-data-${today()}.${file.extension}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  });

  app.get('/district/data-export', { schema: { tags } }, async (request, reply) => {
    const actor = requireDistrictAdmin(request);
    const stream = await exportDistrictData({
      db: app.db,
      pool: app.pool,
      actor,
      onError: (error) => request.log.error({ err: error }, 'the district export stopped'),
    });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="trellis-district-data-${today()}.zip"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });

  app.post(
    '/staff/:id/erasure',
    { schema: { tags, params: IdParams, body: ErasureBody, response: { 200: ErasureResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return {
        data: await erasePersonOfDistrict({
          db: app.db,
          storage: app.storage,
          actor,
          userId: request.params.id,
          body: request.body,
          log: request.log,
        }),
      };
    },
  );

  app.get(
    '/district/retention',
    { schema: { tags, response: { 200: RetentionResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await readRetention({ db: app.db, actor }) };
    },
  );

  app.put(
    '/district/retention',
    { schema: { tags, body: RetentionBody, response: { 200: RetentionResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await updateRetention({ db: app.db, actor, body: request.body }) };
    },
  );
}
