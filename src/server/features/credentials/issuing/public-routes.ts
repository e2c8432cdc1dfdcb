import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, NotFoundError } from '#server/platform/errors.ts';
import { OrgIdParams } from '#shared/contracts/awards.ts';
import { awardDocument, isIssuingOrganization } from './award-service.ts';

/** Media types a credential's JSON is served as, when the client asks for one of them. */
const JSON_TYPES = ['application/vc+ld+json', 'application/ld+json', 'application/json', 'application/vc'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The media ranges of an Accept header with their q-values, most preferred first. */
export function parseAccept(header: string | undefined): Array<{ type: string; q: number }> {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      return { type: type.trim(), q: Number.isFinite(value) ? value : 0, order };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map(({ type, q }) => ({ type, q }));
}

/**
 * The JSON media type to answer with when the client prefers a credential's JSON to its web page;
 * null when it prefers the page (a browser) or says nothing.
 */
export function preferredJsonType(accept: string | undefined): string | null {
  const ranges = parseAccept(accept);
  const quality = (type: string) => ranges.find((r) => r.type === type)?.q ?? 0;
  const html = Math.max(quality('text/html'), quality('application/xhtml+xml'));
  const best = JSON_TYPES.map((type) => ({ type, q: quality(type) })).sort((a, b) => b.q - a.q)[0];
  return best.q > 0 && best.q >= html ? best.type : null;
}

const allowAnyOrigin = (reply: FastifyReply) =>
  reply
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('x-content-type-options', 'nosniff');

/** A credential's web page: the single-page app's index.html when built, else a 406 saying to ask for JSON. */
function sendPage(reply: FastifyReply) {
  if (typeof reply.sendFile === 'function')
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  throw new AppError(
    406,
    'not_acceptable',
    'Not acceptable',
    'This credential is served as JSON here: ask for application/ld+json.',
  );
}

/**
 * Routes at the root, for anyone and any site: DID documents, status lists, and each issued
 * credential's address (its JSON by content negotiation or as a download, else the web page).
 */
export async function credentialPublicRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['credentials'];
  const issuer = app.credentialIssuer;

  app.get('/.well-known/did.json', { schema: { tags } }, async (_request, reply) =>
    allowAnyOrigin(reply)
      .header('cache-control', 'public, max-age=300')
      .type('application/did+json')
      .send(await issuer.didDocument(null)),
  );

  app.get('/orgs/:orgId/did.json', { schema: { tags, params: OrgIdParams } }, async (request, reply) => {
    if (!(await isIssuingOrganization(app.db, request.params.orgId)))
      throw new NotFoundError('No such issuing organization.');
    return allowAnyOrigin(reply)
      .header('cache-control', 'public, max-age=300')
      .type('application/did+json')
      .send(await issuer.didDocument(request.params.orgId));
  });

  app.get(
    '/status/:listId',
    { schema: { tags, params: z.strictObject({ listId: z.uuid() }) } },
    async (request, reply) => {
      const credential = await app.db.transaction((tx) =>
        issuer.statusListCredential(tx, request.params.listId),
      );
      if (!credential) throw new NotFoundError('No such status list.');
      // Short: a revocation shows within a minute to verifiers that cache.
      return allowAnyOrigin(reply)
        .header('cache-control', 'public, max-age=60')
        .type('application/vc+ld+json')
        .send(credential);
    },
  );

  app.get(
    '/credentials/:id',
    {
      schema: {
        tags,
        params: z.strictObject({ id: z.string().max(60) }),
        querystring: z.object({ download: z.enum(['1']).optional() }),
      },
    },
    async (request, reply) => {
      const named = request.params.id.endsWith('.json');
      const id = named ? request.params.id.slice(0, -'.json'.length) : request.params.id;
      const download = request.query.download === '1';
      const asFile = named || download;
      reply.header('vary', 'Accept');
      const jsonType = asFile ? 'application/json' : preferredJsonType(request.headers.accept);
      // The page asks the API for the award, and says so itself when there is none.
      if (!jsonType) return sendPage(reply);
      const document = UUID.test(id) ? await awardDocument(app.db, id) : null;
      if (!document) throw new NotFoundError('No such credential.');
      allowAnyOrigin(reply).header('cache-control', 'public, max-age=60').type(jsonType);
      if (download) reply.header('content-disposition', `attachment; filename="credential-${id}.json"`);
      return reply.send(JSON.stringify(document));
    },
  );
}
