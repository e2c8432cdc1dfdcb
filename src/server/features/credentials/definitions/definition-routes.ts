import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { readFileUpload } from '#server/platform/uploads.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  BADGE_IMAGE_MAX_BYTES,
  CreateMicroCredentialBody,
  MicroCredentialListQuery,
  MicroCredentialListResponse,
  MicroCredentialOptionsResponse,
  MicroCredentialResponse,
  MicroCredentialVersionResponse,
  UpdateMicroCredentialBody,
  VersionParams,
} from '#shared/contracts/micro-credentials.ts';
import {
  createMicroCredential,
  getMicroCredential,
  getMicroCredentialOptions,
  getMicroCredentialVersion,
  listMicroCredentials,
  publishMicroCredential,
  readBadgeImage,
  readPublicBadgeImage,
  retireMicroCredential,
  setMicroCredentialImage,
  updateMicroCredential,
} from './definition-service.ts';

/** A week: a version's image changes only while no one has started on it. */
const PUBLIC_IMAGE_MAX_AGE = 7 * 24 * 3600;

/** Sends a badge image inert, answering 304 when the client already holds it. */
function sendImage(
  reply: FastifyReply,
  ifNoneMatch: string | undefined,
  image: Awaited<ReturnType<typeof readBadgeImage>>,
) {
  reply.header('etag', image.etag).header('x-content-type-options', 'nosniff');
  if (ifNoneMatch === image.etag) {
    image.stream.destroy();
    return reply.status(304).send();
  }
  return reply
    .type(image.contentType)
    .header('content-length', image.size)
    .header('content-disposition', 'inline; filename="badge"')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(image.stream);
}

/** Micro-credential and stack definitions: browse, define, version, publish and retire; badge images. */
export async function definitionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['micro-credentials'];

  app.get(
    '/micro-credentials',
    {
      schema: { tags, querystring: MicroCredentialListQuery, response: { 200: MicroCredentialListResponse } },
    },
    async (request) =>
      listMicroCredentials({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/micro-credentials/options',
    { schema: { tags, response: { 200: MicroCredentialOptionsResponse } } },
    async (request) => ({
      data: await getMicroCredentialOptions({ db: app.db, actor: requireActor(request) }),
    }),
  );

  app.post(
    '/micro-credentials',
    { schema: { tags, body: CreateMicroCredentialBody, response: { 201: MicroCredentialResponse } } },
    async (request, reply) => {
      const data = await createMicroCredential({
        db: app.db,
        actor: requireActor(request),
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/micro-credentials/:id',
    { schema: { tags, params: IdParams, response: { 200: MicroCredentialResponse } } },
    async (request) => ({
      data: await getMicroCredential({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
      }),
    }),
  );

  app.patch(
    '/micro-credentials/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateMicroCredentialBody,
        response: { 200: MicroCredentialResponse },
      },
    },
    async (request) => ({
      data: await updateMicroCredential({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.post(
    '/micro-credentials/:id/publish',
    { schema: { tags, params: IdParams, response: { 200: MicroCredentialResponse } } },
    async (request) => ({
      data: await publishMicroCredential({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
      }),
    }),
  );

  app.post(
    '/micro-credentials/:id/retire',
    { schema: { tags, params: IdParams, response: { 200: MicroCredentialResponse } } },
    async (request) => ({
      data: await retireMicroCredential({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
      }),
    }),
  );

  app.get(
    '/micro-credentials/:id/versions/:version',
    { schema: { tags, params: VersionParams, response: { 200: MicroCredentialVersionResponse } } },
    async (request) => ({
      data: await getMicroCredentialVersion({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        version: request.params.version,
      }),
    }),
  );

  app.put(
    '/micro-credentials/:id/image',
    {
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: MicroCredentialResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const part = await readFileUpload(request, BADGE_IMAGE_MAX_BYTES, {
        field: 'image',
        what: 'the image',
      });
      const upload = part.data;
      return {
        data: await setMicroCredentialImage({
          db: app.db,
          storage: app.storage,
          actor,
          credentialId: request.params.id,
          upload,
          declaredType: part.mimetype,
        }),
      };
    },
  );

  app.get(
    '/micro-credentials/:id/versions/:version/image',
    {
      schema: { tags, params: VersionParams },
      // Runs after the app-wide hook that marks every API answer no-store: a draft's image is private.
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200 || reply.statusCode === 304)
          reply.header('cache-control', 'private, no-cache');
      },
    },
    async (request, reply) => {
      const image = await readBadgeImage({
        db: app.db,
        storage: app.storage,
        actor: requireActor(request),
        credentialId: request.params.id,
        version: request.params.version,
      });
      return sendImage(reply, request.headers['if-none-match'], image);
    },
  );

  app.get(
    '/public/micro-credentials/:id/versions/:version/image',
    {
      schema: { tags, params: VersionParams },
      // Anyone may load a published badge image, from any site (a shared credential shows it).
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200 || reply.statusCode === 304)
          reply
            .header('cache-control', `public, max-age=${PUBLIC_IMAGE_MAX_AGE}`)
            .header('cross-origin-resource-policy', 'cross-origin')
            .header('access-control-allow-origin', '*');
      },
    },
    async (request, reply) => {
      const image = await readPublicBadgeImage({
        db: app.db,
        storage: app.storage,
        credentialId: request.params.id,
        version: request.params.version,
      });
      return sendImage(reply, request.headers['if-none-match'], image);
    },
  );
}
