import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import { invalidField } from '#server/platform/errors.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  ClaimListResponse,
  ClaimPreviewQuery,
  ClaimPreviewResponse,
  ClaimQueueQuery,
  ClaimResponse,
  CREDIT_IMPORT_MAX_BYTES,
  CreditExportQuery,
  CreditImportBody,
  CreditImportResponse,
  CreditSettingsBody,
  CreditSettingsResponse,
  CreditTypeBody,
  CreditTypeListResponse,
  CreditTypeResponse,
  DecideClaimBody,
  LicenceBody,
  LicenceListResponse,
  LicenceResponse,
  MyClaimsQuery,
  ResubmitClaimBody,
  SubmitClaimsBody,
  SubmitClaimsResponse,
  TranscriptBody,
  TranscriptListResponse,
  TranscriptResponse,
  TranscriptVerificationResponse,
} from '#shared/contracts/credit.ts';
import { exportCredit, importCredit } from './import-service.ts';
import {
  archiveCreditType,
  createCreditType,
  createLicence,
  decideClaim,
  getClaim,
  getCreditSettings,
  listApprovals,
  listCreditTypes,
  listLicences,
  listMyClaims,
  previewClaims,
  removeLicence,
  resubmitClaim,
  submitClaims,
  updateCreditSettings,
  updateCreditType,
  updateLicence,
  withdrawClaim,
} from './service.ts';
import { TranscriptSigner } from './signing.ts';
import {
  issueTranscript,
  listMyTranscripts,
  transcriptCsv,
  transcriptPdfFile,
  verifyTranscript,
} from './transcript-service.ts';

/** The largest PDF the public check takes. */
const VERIFY_PDF_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Credit: settings and types (district admins), claims and the approver's queue, licences,
 * transcripts, import and export; and the public transcript check, which needs no sign-in.
 */
export async function creditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];
  const db = app.db;
  const publicUrl = app.config.PUBLIC_URL;
  const signer = new TranscriptSigner({ db, config: app.config });

  // ─── Settings and types ──────────────────────────────────────────────────────────────────────
  app.get(
    '/credit/settings',
    { schema: { tags, response: { 200: CreditSettingsResponse } } },
    async (request) => ({
      data: await getCreditSettings({ db, actor: requireDistrictAdmin(request) }),
    }),
  );
  app.put(
    '/credit/settings',
    { schema: { tags, body: CreditSettingsBody, response: { 200: CreditSettingsResponse } } },
    async (request) => ({
      data: await updateCreditSettings({ db, actor: requireDistrictAdmin(request), body: request.body }),
    }),
  );
  app.get('/credit/types', { schema: { tags, response: { 200: CreditTypeListResponse } } }, async (request) =>
    listCreditTypes({ db, actor: requireActor(request) }),
  );
  app.post(
    '/credit/types',
    { schema: { tags, body: CreditTypeBody, response: { 201: CreditTypeResponse } } },
    async (request, reply) => {
      const data = await createCreditType({ db, actor: requireDistrictAdmin(request), body: request.body });
      return reply.status(201).send({ data });
    },
  );
  app.put(
    '/credit/types/:id',
    { schema: { tags, params: IdParams, body: CreditTypeBody, response: { 200: CreditTypeResponse } } },
    async (request) => ({
      data: await updateCreditType({
        db,
        actor: requireDistrictAdmin(request),
        typeId: request.params.id,
        body: request.body,
      }),
    }),
  );
  app.put(
    '/credit/types/:id/archived',
    {
      schema: {
        tags,
        params: IdParams,
        body: z.strictObject({ archived: z.boolean() }),
        response: { 200: CreditTypeResponse },
      },
    },
    async (request) => ({
      data: await archiveCreditType({
        db,
        actor: requireDistrictAdmin(request),
        typeId: request.params.id,
        archived: request.body.archived,
      }),
    }),
  );

  // ─── Claims ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/credit/claims',
    { schema: { tags, querystring: MyClaimsQuery, response: { 200: ClaimListResponse } } },
    async (request) => listMyClaims({ db, actor: requireActor(request), query: request.query }),
  );
  app.get(
    '/credit/claims/preview',
    { schema: { tags, querystring: ClaimPreviewQuery, response: { 200: ClaimPreviewResponse } } },
    async (request) => ({
      data: await previewClaims({
        db,
        actor: requireActor(request),
        creditTypeId: request.query.creditTypeId,
        entryIds: request.query.entryIds,
      }),
    }),
  );
  app.post(
    '/credit/claims',
    { schema: { tags, body: SubmitClaimsBody, response: { 201: SubmitClaimsResponse } } },
    async (request, reply) => {
      const data = await submitClaims({ db, actor: requireActor(request), body: request.body });
      return reply.status(201).send({ data });
    },
  );
  app.get(
    '/credit/claims/:id',
    { schema: { tags, params: IdParams, response: { 200: ClaimResponse } } },
    async (request) => ({
      data: await getClaim({ db, actor: requireActor(request), claimId: request.params.id }),
    }),
  );
  app.post(
    '/credit/claims/:id/decision',
    { schema: { tags, params: IdParams, body: DecideClaimBody, response: { 200: ClaimResponse } } },
    async (request) => ({
      data: await decideClaim({
        db,
        actor: requireActor(request),
        claimId: request.params.id,
        body: request.body,
      }),
    }),
  );
  app.post(
    '/credit/claims/:id/resubmission',
    { schema: { tags, params: IdParams, body: ResubmitClaimBody, response: { 200: ClaimResponse } } },
    async (request) => ({
      data: await resubmitClaim({
        db,
        actor: requireActor(request),
        claimId: request.params.id,
        body: request.body,
      }),
    }),
  );
  app.delete(
    '/credit/claims/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await withdrawClaim({ db, actor: requireActor(request), claimId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/credit/approvals',
    { schema: { tags, querystring: ClaimQueueQuery, response: { 200: ClaimListResponse } } },
    async (request) => listApprovals({ db, actor: requireActor(request), query: request.query }),
  );

  // ─── Licences ────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/credit/licences',
    { schema: { tags, response: { 200: LicenceListResponse } } },
    // Sent as JSON text of explicit fields, as the page reads are (decision 033); credit.test.ts
    // holds the answer to the schema.
    async (request, reply) =>
      (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ data: await listLicences({ db, actor: requireActor(request) }) })),
  );
  app.post(
    '/credit/licences',
    { schema: { tags, body: LicenceBody, response: { 201: LicenceResponse } } },
    async (request, reply) => {
      const data = await createLicence({ db, actor: requireActor(request), body: request.body });
      return reply.status(201).send({ data });
    },
  );
  app.put(
    '/credit/licences/:id',
    { schema: { tags, params: IdParams, body: LicenceBody, response: { 200: LicenceResponse } } },
    async (request) => ({
      data: await updateLicence({
        db,
        actor: requireActor(request),
        licenceId: request.params.id,
        body: request.body,
      }),
    }),
  );
  app.delete(
    '/credit/licences/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await removeLicence({ db, actor: requireActor(request), licenceId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  // ─── Transcripts ─────────────────────────────────────────────────────────────────────────────
  app.get(
    '/credit/transcripts',
    { schema: { tags, response: { 200: TranscriptListResponse } } },
    async (request) => ({
      data: await listMyTranscripts({ db, actor: requireActor(request), publicUrl }),
    }),
  );
  app.post(
    '/credit/transcripts',
    { schema: { tags, body: TranscriptBody, response: { 201: TranscriptResponse } } },
    async (request, reply) => {
      const data = await issueTranscript({
        db,
        actor: requireActor(request),
        body: request.body,
        signer,
        storage: app.storage,
        publicUrl,
      });
      return reply.status(201).send({ data });
    },
  );
  app.get('/credit/transcripts/:id/pdf', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const file = await transcriptPdfFile({
      db,
      actor: requireActor(request),
      storage: app.storage,
      transcriptId: request.params.id,
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(file.size))
      .header('content-disposition', `attachment; filename="transcript-${request.params.id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(file.stream);
  });
  app.get('/credit/transcripts/:id/csv', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const csv = await transcriptCsv({
      db,
      actor: requireActor(request),
      transcriptId: request.params.id,
      publicUrl,
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="transcript-${request.params.id}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });

  // Public: anyone holding a transcript checks it, signed in or not.
  app.get(
    '/transcripts/:id/verification',
    { schema: { tags, security: [], params: IdParams, response: { 200: TranscriptVerificationResponse } } },
    async (request) => ({ data: await verifyTranscript({ db, transcriptId: request.params.id }) }),
  );
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: VERIFY_PDF_MAX_BYTES },
      (_r, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/transcripts/:id/verification',
      {
        schema: { tags, security: [], params: IdParams, response: { 200: TranscriptVerificationResponse } },
        bodyLimit: VERIFY_PDF_MAX_BYTES,
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body))
          throw invalidField('/body', 'must be the transcript PDF (application/pdf)');
        return { data: await verifyTranscript({ db, transcriptId: request.params.id, pdf: request.body }) };
      },
    );
  });

  // ─── Import and export (district admins) ────────────────────────────────────────────────────
  app.post(
    '/credit/imports',
    {
      schema: { tags, body: CreditImportBody, response: { 200: CreditImportResponse } },
      bodyLimit: CREDIT_IMPORT_MAX_BYTES * 2,
    },
    async (request) => ({
      data: await importCredit({
        db,
        actor: requireDistrictAdmin(request),
        csv: request.body.csv,
        dryRun: request.body.dryRun,
      }),
    }),
  );
  app.get('/credit/export', { schema: { tags, querystring: CreditExportQuery } }, async (request, reply) => {
    const csv = await exportCredit({ db, actor: requireDistrictAdmin(request), query: request.query });
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="approved-credit-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
