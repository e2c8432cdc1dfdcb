import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '#shared/contracts/common.ts';
import { API_SCOPES, type ApiScope } from '#shared/contracts/integrations.ts';

/**
 * The OpenAPI 3.1 document at /api/docs. Routes declare their schemas (and, where they want, an
 * `operationId`, a `summary`, or `security: []` when they answer without sign-in); everything
 * else an operation needs — a stable operationId, a readable summary, its security requirement
 * and its problem+json error answers — is filled in here, once, for every route. A route open to
 * API clients (`config.scope`) also names the client schemes, with the scope as their role.
 */

type Operation = {
  operationId?: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const READS = new Set(['get', 'head', 'options']);

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The error answers every operation may give, each a problem+json body (see errors.ts). */
const ERROR_RESPONSES = {
  BadRequest: problemResponse('Invalid input; `errors` names each bad field by its path.'),
  Unauthenticated: problemResponse('Not signed in, or unknown, revoked or wrong API client credentials.'),
  Forbidden: problemResponse(
    'Not allowed, a write without the session’s CSRF token, or an API client without the scope the operation needs.',
  ),
  NotFound: problemResponse('Not found, or not visible to the caller.'),
  TooManyRequests: problemResponse('Too many requests; wait and try again.'),
  Internal: problemResponse('Something went wrong; `detail` gives a reference to quote.'),
  Unavailable: problemResponse('The database cannot be reached; try again shortly.'),
};

const ref = (name: keyof typeof ERROR_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/** Words a path's last segment uses for what a POST does to the thing before it. */
const ACTIONS = new Set([
  'accept',
  'apply',
  'approve',
  'archive',
  'complete',
  'deactivate',
  'decline',
  'dismiss',
  'hide',
  'import',
  'join',
  'leave',
  'lookup',
  'publish',
  'reactivate',
  'read',
  'read-all',
  'resend',
  'restore',
  'retire',
  'revoke',
  'revoke-others',
  'rotate',
  'seen',
  'submit',
  'unarchive',
  'verify',
  'withdraw',
  'bulk',
]);
/** Actions whose verb alone would read oddly ("Read notification"). */
const ACTION_PHRASES: Record<string, string> = {
  read: 'Mark {} read',
  'read-all': 'Mark all {} read',
  seen: 'Mark {} seen',
  'revoke-others': 'Revoke other {}',
  lookup: 'Look up {}',
  bulk: 'Create {} in bulk',
  import: 'Import {}',
};

const IRREGULAR: Record<string, string> = { people: 'person', my: 'my', status: 'status' };
function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const isParam = (segment: string) => segment.startsWith('{');
const words = (segment: string) =>
  segment
    .replace(/\.json$/, ' document')
    .replace(/[-_.]/g, ' ')
    .trim();

/**
 * A readable summary from the method and path, for routes that give none: `GET /api/resources` is
 * "List resources", `PATCH /api/communities/{id}` "Update community", `POST /api/staff/{id}/deactivate`
 * "Deactivate staff".
 */
export function deriveSummary(method: string, path: string): string {
  const segments = path
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .filter((s) => s !== 'public' && s !== '.well-known');
  // `…/reviews/mine` is the caller's own review: "my resource review".
  const mine = segments.at(-1) === 'mine';
  if (mine) segments.pop();
  const last = segments.at(-1) ?? '';
  const action = !isParam(last) && method === 'post' && ACTIONS.has(last) ? last : null;
  const nouns: string[] = mine ? ['my'] : [];
  const body = action ? segments.slice(0, -1) : segments;
  body.forEach((segment, i) => {
    if (isParam(segment)) return;
    const followedByParam = isParam(body[i + 1] ?? '');
    // Every noun but the last names one thing ("resource review"); the last keeps its number.
    const shown = followedByParam || mine || i < body.length - 1 ? singular(segment) : segment;
    nouns.push(words(shown));
  });
  const thing = nouns.join(' ');
  const endsInParam = isParam(body.at(-1) ?? '');
  const sentence = (verb: string, object: string) => `${verb} ${object}`.trim();
  if (action) {
    const phrase = ACTION_PHRASES[action];
    return phrase
      ? phrase.replace('{}', thing)
      : sentence(
          words(action).replace(/^(.)/, (c) => c.toUpperCase()),
          thing,
        );
  }
  switch (method) {
    case 'get':
      return sentence(endsInParam || singular(last) === last ? 'Get' : 'List', thing);
    case 'post':
      return sentence('Create', endsInParam ? thing : singularLast(nouns));
    case 'put':
      return sentence('Set', thing);
    case 'patch':
      return sentence('Update', thing);
    case 'delete':
      return sentence('Delete', thing);
    default:
      return sentence(method.toUpperCase(), thing);
  }
}

/** "resource reviews" → "resource review": what a POST to a collection creates. */
function singularLast(nouns: string[]): string {
  if (nouns.length === 0) return '';
  const lastWords = nouns[nouns.length - 1].split(' ');
  lastWords[lastWords.length - 1] = singular(lastWords[lastWords.length - 1]);
  return [...nouns.slice(0, -1), lastWords.join(' ')].join(' ');
}

/** A stable, unique operationId from the method and path: `GET /api/resources/{id}` is `getResourcesById`. */
export function deriveOperationId(method: string, path: string): string {
  const pascal = (s: string) =>
    s
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('');
  const parts = path
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((s) => (isParam(s) ? `By${pascal(s.slice(1, -1))}` : pascal(s)));
  return `${method}${parts.join('')}`;
}

/** Fills in what every operation of the document needs; see the module comment. */
export function completeDocument(document: Document): Document {
  const paths = document.paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      operation.operationId ??= deriveOperationId(method, path);
      operation.summary ??= deriveSummary(method, path);
      // Reads need the session cookie; writes also its CSRF token. Routes that answer without
      // sign-in say `security: []` (or `[{}, …]` when a session shows more); so do the public
      // addresses: /api/public/… and those outside /api (did:web documents, status lists, credentials).
      const publicAddress = path.startsWith('/api/public/') || !path.startsWith('/api/');
      operation.security ??= publicAddress
        ? []
        : READS.has(method)
          ? [{ session: [] }]
          : [{ session: [], csrf: [] }];
      const secured =
        operation.security.length > 0 && !operation.security.some((s) => Object.keys(s).length === 0);
      operation.responses ??= {};
      const responses = operation.responses;
      const add = (status: string, name: keyof typeof ERROR_RESPONSES) => {
        responses[status] ??= ref(name);
      };
      if (operation.parameters?.length || operation.requestBody) add('400', 'BadRequest');
      if (secured) add('401', 'Unauthenticated');
      if (secured || !READS.has(method)) add('403', 'Forbidden');
      if (path.includes('{')) add('404', 'NotFound');
      add('429', 'TooManyRequests');
      add('500', 'Internal');
      add('503', 'Unavailable');
    }
  }
  const problem = z.toJSONSchema(ProblemSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete problem.$schema;
  return {
    ...document,
    components: {
      ...document.components,
      schemas: {
        ...document.components?.schemas,
        Problem: {
          ...problem,
          description: 'An RFC 9457 problem; `errors` lists each bad field by its JSON-pointer path.',
        },
      },
      responses: { ...document.components?.responses, ...ERROR_RESPONSES },
    },
  };
}

/**
 * What an operation open to API clients accepts: a person's session (with the CSRF token on writes)
 * or a client holding the scope, by bearer token or HTTP Basic.
 */
export function clientSecurity(method: string, scope: ApiScope): Array<Record<string, string[]>> {
  return [
    READS.has(method.toLowerCase()) ? { session: [] } : { session: [], csrf: [] },
    { clientBearer: [scope] },
    { clientBasic: [scope] },
  ];
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** The zod schemas in JSON Schema, plus the client schemes of routes open to API clients. */
function transformRoute(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const transformed = jsonSchemaTransform(input);
  const scope = (input.route.config as { scope?: ApiScope } | undefined)?.scope;
  if (!scope) return transformed;
  const method = [input.route.method].flat()[0] ?? 'get';
  const schema = transformed.schema as Record<string, unknown>;
  const note = `API clients need the scope \`${scope}\`: ${API_SCOPES[scope].description}`;
  return {
    ...transformed,
    schema: {
      ...schema,
      // A route that also answers without sign-in keeps saying so.
      security: schema.security
        ? [...(schema.security as Array<Record<string, string[]>>), ...clientSecurity(method, scope).slice(1)]
        : clientSecurity(method, scope),
      description: schema.description ? `${schema.description}\n\n${note}` : note,
    },
  } as ReturnType<typeof jsonSchemaTransform>;
}

/** The @fastify/swagger options: zod schemas turned into JSON Schema, then every operation completed. */
export function openApiOptions(sessionCookie: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trellis API',
        version: '1',
        description:
          'Sign in with POST /api/session; the session travels in a cookie. Every write made with a ' +
          'session also sends the session’s CSRF token (from GET /api/session) in the X-CSRF-Token header. ' +
          'Other systems call the operations open to them with a district’s API client: ' +
          '`Authorization: Bearer <key>.<secret>`, or HTTP Basic with the key and secret; such requests ' +
          'send no cookie and no CSRF token, and each operation names the scope a client needs. ' +
          'Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: sessionCookie,
            description: 'The session cookie set by POST /api/session.',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: 'The csrfToken of GET /api/session, sent on every write made with a session.',
          },
          clientBearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: '<key>.<secret>',
            description:
              'An API client of a district: its key and secret joined by a dot. The scopes an operation lists are those the client must hold.',
          },
          clientBasic: {
            type: 'http',
            scheme: 'basic',
            description:
              'An API client of a district: its key as the user name and its secret as the password.',
          },
        },
      },
    },
    transform: transformRoute,
    transformObject: (document) => {
      const transformed = jsonSchemaTransformObject(document) as Document;
      return completeDocument(transformed) as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
