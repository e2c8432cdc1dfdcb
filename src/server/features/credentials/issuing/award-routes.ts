import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { readFileUpload } from '#server/platform/uploads.ts';
import { invalidField } from '#server/platform/errors.ts';
import {
  AchievementVersionParams,
  AwardJobResponse,
  CohortAwardBody,
  OrgIdParams,
  PublicAwardResponse,
  RevokeAwardBody,
  RevokeAwardResponse,
  RotateKeyResponse,
  VerificationResponse,
} from '#shared/contracts/awards.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { createCohortAward, getAwardJob } from './award-jobs.ts';
import {
  awardDocument,
  getPublicAward,
  publicAchievement,
  revokeAward,
  rotateIssuerKey,
} from './award-service.ts';
import { FetchError } from './safe-fetch.ts';

/** The largest credential /api/verify reads. */
export const VERIFY_MAX_BYTES = 1024 * 1024;

const OWN_CREDENTIAL_PATH =
  /^\/credentials\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.json)?$/i;

/**
 * The credential at an address: one of this deployment's own is read from the database (never
 * fetched, so it verifies offline); any other is fetched through the SSRF-safe fetcher.
 */
async function credentialAt(app: FastifyInstance, address: unknown): Promise<unknown> {
  let url: URL;
  try {
    if (typeof address !== 'string' || address.length > 2000) throw new Error();
    url = new URL(address.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw invalidField('/body/url', 'give the credential’s web address (https://…)');
  }
  const publicUrl = app.config.PUBLIC_URL;
  if (url.origin === new URL(publicUrl).origin) {
    const id = url.href.startsWith(`${publicUrl}/`)
      ? OWN_CREDENTIAL_PATH.exec(
          url.pathname.slice(new URL(publicUrl).pathname.replace(/\/$/, '').length),
        )?.[1]
      : undefined;
    const document = id ? await awardDocument(app.db, id.toLowerCase()) : null;
    if (!document) throw invalidField('/body/url', 'this Trellis has no credential at that address');
    return document;
  }
  try {
    return await app.credentialIssuer.fetchCredential(url.href);
  } catch (error) {
    if (error instanceof FetchError)
      throw invalidField('/body/url', `the credential could not be fetched: ${error.message}`);
    throw error;
  }
}

/**
 * The credential sent to /api/verify: the JSON body itself or its `credential`, `{ url }` for one
 * to fetch, or an uploaded .json file.
 */
async function credentialFrom(app: FastifyInstance, request: FastifyRequest): Promise<unknown> {
  if (request.isMultipart()) {
    const bytes = (await readFileUpload(request, VERIFY_MAX_BYTES, { what: 'the credential' })).data;
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw invalidField('/body/file', 'the file is not JSON');
    }
  }
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidField('/body', 'send the credential as a JSON object');
  if ('url' in body && !('@context' in body) && !('credential' in body))
    return credentialAt(app, (body as { url?: unknown }).url);
  const wrapped = (body as { credential?: unknown; '@context'?: unknown }).credential;
  return wrapped !== undefined && !('@context' in body) ? wrapped : body;
}

/**
 * Issued credentials: cohort awards and their progress, revocation, key rotation, verification of
 * any credential, and the public pages' data (no sign-in).
 */
export async function awardRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['credentials'];
  const publicUrl = app.config.PUBLIC_URL;

  // Credentials arrive as JSON-LD too; parsed like JSON, on these routes only.
  app.addContentTypeParser(
    ['application/ld+json', 'application/vc+ld+json', 'application/vc'],
    { parseAs: 'string', bodyLimit: VERIFY_MAX_BYTES },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(invalidField('/body', 'the body is not JSON'), undefined);
      }
    },
  );

  app.post(
    '/micro-credentials/:id/awards',
    { schema: { tags, params: IdParams, body: CohortAwardBody, response: { 202: AwardJobResponse } } },
    async (request, reply) => {
      const data = await createCohortAward({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        body: request.body,
      });
      return reply.status(202).send({ data });
    },
  );

  app.get(
    '/award-jobs/:id',
    { schema: { tags, params: IdParams, response: { 200: AwardJobResponse } } },
    async (request) => ({
      data: await getAwardJob({ db: app.db, actor: requireActor(request), jobId: request.params.id }),
    }),
  );

  app.post(
    '/awards/:id/revoke',
    { schema: { tags, params: IdParams, body: RevokeAwardBody, response: { 200: RevokeAwardResponse } } },
    async (request) => ({
      data: await revokeAward({
        db: app.db,
        issuer: app.credentialIssuer,
        actor: requireActor(request),
        awardId: request.params.id,
        reason: request.body.reason,
        publicUrl,
      }),
    }),
  );

  app.post(
    '/issuers/:orgId/keys/rotate',
    { schema: { tags, params: OrgIdParams, response: { 200: RotateKeyResponse } } },
    async (request) => ({
      data: await rotateIssuerKey({
        db: app.db,
        issuer: app.credentialIssuer,
        actor: requireActor(request),
        orgId: request.params.orgId,
        publicUrl,
      }),
    }),
  );

  app.post(
    '/verify',
    {
      schema: {
        tags,
        summary: 'Verify an Open Badges 3.0 credential',
        security: [],
        consumes: ['application/json', 'multipart/form-data'],
        response: { 200: VerificationResponse },
      },
      bodyLimit: VERIFY_MAX_BYTES,
      // Anyone may verify, so it is limited per address like sign-in.
      config: { authLimited: true },
    },
    async (request) => ({
      data: await app.credentialIssuer.verify(await credentialFrom(fastify, request)),
    }),
  );

  app.get(
    '/public/awards/:id',
    { schema: { tags, params: IdParams, response: { 200: PublicAwardResponse } } },
    // Sent as the JSON text getPublicAward writes, the verification report as remembered with it,
    // without the response schema's check and copy; public-award-cache.test.ts holds it to the schema.
    async (request, reply) =>
      (reply as FastifyReply).type('application/json; charset=utf-8').send(
        await getPublicAward({
          db: app.db,
          issuer: app.credentialIssuer,
          actor: request.actor,
          awardId: request.params.id,
          publicUrl,
        }),
      ),
  );

  app.get(
    '/public/micro-credentials/:id/versions/:version',
    {
      schema: { tags, params: AchievementVersionParams },
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200)
          reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
      },
    },
    async (request, reply) =>
      reply.type('application/ld+json').send(
        await publicAchievement({
          db: app.db,
          credentialId: request.params.id,
          version: request.params.version,
          publicUrl,
        }),
      ),
  );
}
