import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  DataExportListResponse,
  DataExportResponse,
  DataProtectionBody,
  DataProtectionResponse,
  ErasureBody,
  ErasureDecisionBody,
  ErasureRequestBody,
  ErasureRequestListResponse,
  ErasureRequestResponse,
  ErasureResponse,
  MyErasureResponse,
  PrivacySettingsBody,
  PrivacySettingsResponse,
  RetentionBody,
  RetentionResponse,
} from '#shared/contracts/privacy.ts';
import { readDataProtection, updateDataProtection } from './data-protection-service.ts';
import {
  decideErasure,
  listErasureRequests,
  readMyErasure,
  readPrivacySettings,
  requestErasure,
  updatePrivacySettings,
  withdrawErasureRequest,
} from './erasure-service.ts';
import {
  downloadDataExport,
  listDistrictExports,
  listPersonExports,
  readDataExport,
  startDistrictExport,
  startPersonExport,
} from './export-service.ts';
import { downloadMyData, erasePersonOfDistrict, readRetention, updateRetention } from './service.ts';

const tags = ['privacy'];
const today = () => new Date().toISOString().slice(0, 10);

/**
 * One's own data (a direct download, or an archive with one's files made in the background) and
 * one's request to be erased; a district's export made in the background, erasure of people who left
 * or asked, records rules and age limits for its administrators; the data-protection page.
 */
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

  app.post(
    '/district/data-exports',
    { schema: { tags, response: { 202: DataExportResponse } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      return reply.status(202).send({ data: await startDistrictExport({ db: app.db, actor }) });
    },
  );

  app.get(
    '/district/data-exports',
    { schema: { tags, response: { 200: DataExportListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await listDistrictExports({ db: app.db, actor }) };
    },
  );

  app.post(
    '/me/data-exports',
    { schema: { tags, response: { 202: DataExportResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(202).send({ data: await startPersonExport({ db: app.db, actor }) });
    },
  );

  app.get(
    '/me/data-exports',
    { schema: { tags, response: { 200: DataExportListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await listPersonExports({ db: app.db, actor }) };
    },
  );

  app.get(
    '/data-exports/:id',
    { schema: { tags, params: IdParams, response: { 200: DataExportResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await readDataExport({ db: app.db, actor, id: request.params.id }) };
    },
  );

  app.get('/data-exports/:id/file', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const file = await downloadDataExport({ db: app.db, storage: app.storage, actor, id: request.params.id });
    return reply
      .header('content-type', 'application/zip')
      .header('content-length', String(file.size))
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.stream);
  });

  app.get(
    '/me/erasure-request',
    { schema: { tags, response: { 200: MyErasureResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await readMyErasure({ db: app.db, actor }) };
    },
  );

  app.post(
    '/me/erasure-request',
    { schema: { tags, body: ErasureRequestBody, response: { 200: ErasureRequestResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const data = await requestErasure({
        db: app.db,
        storage: app.storage,
        mailer: app.mailer,
        log: request.log,
        actor,
        body: request.body,
      });
      return { data };
    },
  );

  app.delete(
    '/me/erasure-request',
    { schema: { tags, response: { 200: ErasureRequestResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await withdrawErasureRequest({ db: app.db, actor }) };
    },
  );

  app.get(
    '/district/erasure-requests',
    { schema: { tags, response: { 200: ErasureRequestListResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await listErasureRequests({ db: app.db, actor }) };
    },
  );

  app.post(
    '/district/erasure-requests/:id/decision',
    {
      schema: {
        tags,
        params: IdParams,
        body: ErasureDecisionBody,
        response: { 200: ErasureRequestResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await decideErasure({
        db: app.db,
        storage: app.storage,
        mailer: app.mailer,
        log: request.log,
        actor,
        id: request.params.id,
        body: request.body,
      });
      return { data };
    },
  );

  app.get(
    '/district/privacy-settings',
    { schema: { tags, response: { 200: PrivacySettingsResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await readPrivacySettings({ db: app.db, actor }) };
    },
  );

  app.put(
    '/district/privacy-settings',
    { schema: { tags, body: PrivacySettingsBody, response: { 200: PrivacySettingsResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await updatePrivacySettings({ db: app.db, actor, body: request.body }) };
    },
  );

  app.get(
    '/data-protection',
    { schema: { tags, response: { 200: DataProtectionResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await readDataProtection({ db: app.db, actor }) };
    },
  );

  app.put(
    '/data-protection',
    { schema: { tags, body: DataProtectionBody, response: { 200: DataProtectionResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return { data: await updateDataProtection({ db: app.db, actor, body: request.body }) };
    },
  );
}
