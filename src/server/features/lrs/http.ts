import { type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  authenticateClient,
  type ApiClientCaller,
  readClientCredentials,
} from '#server/platform/api-clients.ts';
import { AppError, ForbiddenError, InvalidError } from '#server/platform/errors.ts';
import { hashToken } from '#server/platform/secrets.ts';
import type { ApiScope } from '#shared/contracts/integrations.ts';

/**
 * The `/xapi` plumbing every Learning Record Store resource shares (xAPI 1.0.3, Communication part):
 * HTTP Basic with a district's API client, the `X-Experience-API-Version` header, the alternate
 * request syntax (a POST with `?method=` and a form body), CORS for browser tools, exact error
 * statuses. A resource declares its path, the query parameters it knows and a handler per method;
 * it receives one `XapiRequest` whichever syntax the client used.
 */

/** The version this LRS answers with on every response. */
export const XAPI_VERSION = '1.0.3';
/** Largest request Trellis takes at `/xapi` (statements with attachments, documents). */
export const XAPI_BODY_LIMIT = 20 * 1024 * 1024;

export type XapiMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** One request to a resource, read the same way from the usual syntax and from the alternate one. */
export interface XapiRequest {
  method: XapiMethod;
  /** True for HEAD: the handler answers as for GET, and no body is sent. */
  head: boolean;
  /** Query parameters (or, in the alternate syntax, the form fields that are not headers). */
  query: Record<string, string>;
  /** Lowercased header names: `content-type`, `if-match`, `if-none-match`, `content-length`… */
  headers: Record<string, string | undefined>;
  /** The content, as sent (in the alternate syntax: the `content` field as UTF-8). */
  body: Buffer | null;
  /** The authenticated API client (null only on `/about`). */
  client: ApiClientCaller;
  /**
   * When the client is remembered from an earlier request rather than checked against the database
   * on this one: the handler asks `clientStillSql` in its own statement and throws `ClientChanged`
   * when it answers false (a resource says which methods do, `checksClient`).
   */
  remembered: RememberedClient | null;
  /** Whether the alternate request syntax was used. */
  alternate: boolean;
  raw: FastifyRequest;
}

export type XapiHandler = (request: XapiRequest, reply: FastifyReply) => Promise<unknown>;

export interface XapiResource {
  /** Under `/xapi`, e.g. `/statements`, `/activities/state`. */
  path: string;
  /** The query parameters the resource knows, per method; any other is refused with 400. */
  parameters: Partial<Record<XapiMethod, readonly string[]>>;
  handlers: Partial<Record<XapiMethod, XapiHandler>>;
  /**
   * Methods whose handler checks a remembered client within its own statement (`clientStillSql`),
   * so that the request is one round trip to the database. Any other method's request checks the
   * client against the database first, as every request did before (decision 094).
   */
  checksClient?: readonly XapiMethod[];
}

/**
 * A client whose credentials were checked against the database, remembered per process for a
 * minute for the requests that follow with the same Authorization (decision 094). It is only a
 * guess of who is calling: every request still proves it in the database in the same statement
 * that reads its answer, so revoking the client, retiring its secret or changing its scopes takes
 * effect on the very next request, as before.
 */
export interface RememberedClient {
  client: ApiClientCaller;
  /** The hash of the secret the caller sent. */
  secretHash: string;
  checkedAt: number;
}

/** For this long a checked client is remembered; then it is checked in full again (its last use recorded). */
const REMEMBER_MS = 60_000;
/** At most this many Authorization values are remembered per process, the oldest forgotten first. */
const REMEMBER_MAX = 2_000;
const rememberedClients = new Map<string, RememberedClient>();

function remember(authorization: string, client: ApiClientCaller): RememberedClient | null {
  const credentials = readClientCredentials(authorization);
  if (!credentials) return null;
  const entry = { client, secretHash: hashToken(credentials.secret), checkedAt: Date.now() };
  rememberedClients.delete(authorization);
  rememberedClients.set(authorization, entry);
  if (rememberedClients.size > REMEMBER_MAX)
    rememberedClients.delete(rememberedClients.keys().next().value as string);
  return entry;
}

/**
 * SQL, true while the remembered client is exactly as it was checked: not revoked, the secret sent
 * still one of its two, the same district and scopes. True outright when the client was checked in
 * full on this request.
 */
export function clientStillSql(request: XapiRequest): SQL {
  const known = request.remembered;
  if (!known) return sql`true`;
  return sql`exists (select 1 from api_clients ac where ac.id = ${known.client.id} and ac.revoked_at is null
    and ${known.secretHash} in (ac.secret_hash, ac.previous_secret_hash)
    and ac.district_id = ${known.client.districtId} and ac.name = ${known.client.name}
    and ac.scopes = ${sql.param(known.client.scopes)}::text[])`;
}

/** Thrown by a handler whose `clientStillSql` answered false: the client is checked in full and the request answered again. */
export class ClientChanged extends Error {}

/** A 400 in the words of the xAPI specification. */
export const badRequest = (message: string, path = '/query') =>
  new InvalidError(message, [{ path, message }]);

/** Requires one of the scopes; 403 otherwise (the credentials lack the permission, xAPI 3.2). */
export function requireScope(request: XapiRequest, ...scopes: ApiScope[]): void {
  if (!scopes.some((scope) => request.client.scopes.includes(scope)))
    throw new ForbiddenError(
      `These LRS credentials lack the scope ${scopes.join(' or ')} that this request needs.`,
    );
}

const HEADER_FIELDS = [
  'authorization',
  'x-experience-api-version',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
];
const VERSION = /^1\.0(\.\d+)?$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The alternate request syntax's form, read by the content type parser. */
    xapiForm?: URLSearchParams;
    /** The Authorization the client was read from (a header, or the alternate syntax's form field). */
    xapiAuthorization?: string;
    /** Set when the client was remembered rather than checked against the database on this request. */
    xapiRemembered?: RememberedClient;
  }
}

const CORS_HEADERS = {
  'access-control-allow-methods': 'HEAD, GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Content-Type, Content-Length, Authorization, X-Experience-API-Version, If-Match, If-None-Match, Accept, Accept-Language',
  'access-control-expose-headers':
    'ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through',
  'access-control-max-age': '86400',
};

const single = (value: unknown): string | undefined =>
  Array.isArray(value) ? undefined : typeof value === 'string' ? value : undefined;

/**
 * Reads the client of an Authorization value; a 401 when it names none (revoked clients at once).
 * A client checked in the last minute is remembered instead (`RememberedClient`), unless `fully`.
 */
async function clientOf(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  authorization: string | undefined,
  fully = false,
) {
  request.xapiAuthorization = authorization;
  request.xapiRemembered = undefined;
  const known = authorization ? rememberedClients.get(authorization) : undefined;
  if (known && (fully || Date.now() - known.checkedAt >= REMEMBER_MS))
    rememberedClients.delete(authorization!);
  else if (known) {
    request.client = known.client;
    request.xapiRemembered = known;
    return known.client;
  }
  if (authorization === undefined || authorization === '') {
    reply.header('www-authenticate', 'Basic realm="Trellis LRS", charset="UTF-8"');
    throw new AppError(
      401,
      'unauthenticated',
      'Not authenticated',
      'Send the LRS credentials with HTTP Basic.',
    );
  }
  const client = await authenticateClient(app.pool, {
    headers: { authorization },
  } as unknown as FastifyRequest);
  if (!client) {
    reply.header('www-authenticate', 'Basic realm="Trellis LRS", charset="UTF-8"');
    throw new AppError(
      401,
      'unauthenticated',
      'Not authenticated',
      'Unknown, revoked or wrong LRS credentials.',
    );
  }
  request.client = client;
  remember(authorization, client);
  return client;
}

/**
 * The `/xapi` plugin: the About resource, and every resource given, each at its path with all
 * methods (a method it has no handler for is 405).
 */
export function xapiPlugin(resources: readonly XapiResource[]) {
  return async function xapi(app: FastifyInstance): Promise<void> {
    // Bodies are read here as sent: JSON is parsed (and refused) by each resource, multipart by the
    // statements resource, forms by the alternate syntax.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: XAPI_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: XAPI_BODY_LIMIT },
      async (request: FastifyRequest, body: string) => {
        const form = new URLSearchParams(body);
        request.xapiForm = form;
        // Authenticated here, before the CSRF check: a browser tool's cross-origin form carries its
        // credentials in the form, not in a cookie.
        const query = request.query as Record<string, unknown>;
        if (query.method !== undefined && request.headers.authorization === undefined) {
          const reply = (request as unknown as { xapiReply: FastifyReply }).xapiReply;
          await clientOf(
            app,
            request,
            reply,
            form.get('Authorization') ?? form.get('authorization') ?? undefined,
          );
        }
        return body;
      },
    );

    app.addHook('onRequest', async (request, reply) => {
      (request as unknown as { xapiReply: FastifyReply }).xapiReply = reply;
      reply.header('x-experience-api-version', XAPI_VERSION);
      // Browser tools on other origins call the LRS (xAPI 1.3, Appendix C).
      reply.header('access-control-allow-origin', request.headers.origin ?? '*');
      if (request.headers.origin) reply.header('vary', 'Origin');
      for (const [name, value] of Object.entries(CORS_HEADERS)) reply.header(name, value);
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.header('cache-control', 'no-store');
      if (request.method === 'OPTIONS') return;
      const path = request.url.split('?')[0].replace(/\/+$/, '');
      if (path === '/xapi/about') return;
      const query = request.query as Record<string, unknown>;
      const alternate = request.method === 'POST' && query.method !== undefined;
      // The alternate syntax may carry its credentials in the form; the parser reads them there.
      if (alternate && request.headers.authorization === undefined) return;
      await clientOf(app, request, reply, request.headers.authorization);
    });

    app.options('/*', { config: { rateLimit: false }, schema: { hide: true } }, async (_request, reply) =>
      reply.status(204).send(),
    );

    app.route({
      method: ['GET', 'HEAD'],
      url: '/about',
      exposeHeadRoute: false,
      // xAPI is documented by its specification, not in Trellis's OpenAPI document.
      schema: { hide: true },
      handler: async (_request, reply) =>
        reply
          .type('application/json')
          .send({ version: [XAPI_VERSION, '1.0.2', '1.0.1', '1.0.0'], extensions: {} }),
    });
    app.route({
      method: ['POST', 'PUT', 'DELETE'],
      url: '/about',
      schema: { hide: true },
      handler: async (_request, reply) => reply.status(405).header('allow', 'GET, HEAD').send(),
    });

    for (const resource of resources) {
      app.route({
        method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
        url: resource.path,
        exposeHeadRoute: false,
        schema: { hide: true },
        handler: (request, reply) => dispatch(app, resource, request, reply),
      });
    }
  };
}

/** Reads either syntax into one `XapiRequest` and runs the resource's handler for its method. */
async function dispatch(
  app: FastifyInstance,
  resource: XapiResource,
  raw: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const rawQuery = raw.query as Record<string, unknown>;
  let method = raw.method as XapiMethod | 'HEAD';
  let alternate = false;
  const headers: Record<string, string | undefined> = {};
  for (const name of HEADER_FIELDS) headers[name] = single(raw.headers[name]);
  const query: Record<string, string> = {};
  let body: Buffer | null = Buffer.isBuffer(raw.body) ? raw.body : null;

  if (rawQuery.method !== undefined) {
    // Alternate request syntax (xAPI Communication 1.3).
    const intended = single(rawQuery.method);
    if (raw.method !== 'POST')
      throw badRequest('The method parameter is only for POST requests (alternate request syntax).');
    if (!intended || !['GET', 'PUT', 'POST', 'DELETE'].includes(intended.toUpperCase()))
      throw badRequest('The method parameter must be GET, PUT, POST or DELETE.');
    const others = Object.keys(rawQuery).filter((key) => key !== 'method');
    if (others.length > 0)
      throw badRequest(
        `The alternate request syntax takes no query parameter but method; send ${others.join(', ')} as form fields.`,
      );
    const form = raw.xapiForm;
    if (!form)
      throw badRequest(
        'The alternate request syntax needs an application/x-www-form-urlencoded body.',
        '/headers/content-type',
      );
    alternate = true;
    method = intended.toUpperCase() as XapiMethod;
    headers['content-type'] = undefined;
    headers['content-length'] = undefined;
    body = null;
    for (const [key, value] of form) {
      const lower = key.toLowerCase();
      if (key === 'content') body = Buffer.from(value, 'utf8');
      else if (HEADER_FIELDS.includes(lower)) headers[lower] = value;
      else if (Object.hasOwn(query, key)) throw badRequest(`The parameter ${key} is given more than once.`);
      else query[key] = value;
    }
    if (body && !headers['content-type']) headers['content-type'] = 'application/json';
  } else {
    for (const [key, value] of Object.entries(rawQuery)) {
      const one = single(value);
      if (one === undefined) throw badRequest(`The parameter ${key} is given more than once.`);
      query[key] = one;
    }
    if (raw.method === 'POST' && raw.xapiForm)
      throw badRequest(
        'A form-encoded request must name its method in the query (alternate request syntax).',
        '/headers/content-type',
      );
  }

  const version = headers['x-experience-api-version'];
  if (version === undefined)
    throw badRequest('The X-Experience-API-Version header is required.', '/headers/x-experience-api-version');
  if (!VERSION.test(version.trim()))
    throw badRequest(
      `This LRS speaks xAPI 1.0.x; version ${version.slice(0, 20)} is not supported.`,
      '/headers/x-experience-api-version',
    );

  const head = method === 'HEAD';
  const effective: XapiMethod = head ? 'GET' : (method as XapiMethod);
  const handler = resource.handlers[effective];
  if (!handler) {
    const allowed = Object.keys(resource.handlers);
    return reply
      .status(405)
      .header('allow', [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', '))
      .send();
  }
  const known = resource.parameters[effective] ?? [];
  for (const key of Object.keys(query)) {
    if (known.includes(key)) continue;
    const differsInCase = known.find((name) => name.toLowerCase() === key.toLowerCase());
    throw badRequest(
      differsInCase
        ? `The parameter ${key} is not known; did you mean ${differsInCase}? Parameter names are case-sensitive.`
        : `The parameter ${key} is not known for ${effective} ${resource.path}.`,
      `/query/${key}`,
    );
  }
  if (!raw.client)
    throw new AppError(
      401,
      'unauthenticated',
      'Not authenticated',
      'Send the LRS credentials with HTTP Basic.',
    );
  // A remembered client is checked here, in a round trip of its own, unless the handler checks it
  // in its own statement; when that check fails, the client is checked in full and asked again.
  const checkFully = () => clientOf(app, raw, reply, raw.xapiAuthorization, true);
  if (raw.xapiRemembered && !resource.checksClient?.includes(effective)) await checkFully();
  const run = () =>
    handler(
      {
        method: effective,
        head,
        query,
        headers,
        body,
        client: raw.client!,
        remembered: raw.xapiRemembered ?? null,
        alternate,
        raw,
      },
      reply,
    );
  try {
    return await run();
  } catch (error) {
    // A refusal by the remembered client's scopes is checked against the client as it is now too.
    const stale = error instanceof ClientChanged || (raw.xapiRemembered && error instanceof ForbiddenError);
    if (!stale) throw error;
    await checkFully();
    return run();
  }
}

/** The media type of a content type header, lowercased, without parameters. */
export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

/** Parses a JSON body; 400 when it is not JSON or its content type does not say JSON. */
export function jsonBody(request: XapiRequest): unknown {
  if (!request.body || request.body.length === 0) throw badRequest('The request has no content.', '/body');
  if (mediaType(request.headers['content-type']) !== 'application/json')
    throw badRequest('The content must be sent as application/json.', '/headers/content-type');
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw badRequest('The content is not valid JSON.', '/body');
  }
}
