import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { API_KEY_PREFIX, type ApiScope } from '#shared/contracts/integrations.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { runNamed } from '#server/db/named-query.ts';
import { hashToken, sameSecret } from './secrets.ts';

/**
 * Another system calling Trellis with a district's API client credentials. It is not a person: it
 * has no actor, no session and no roles, only its district and its scopes.
 */
export interface ApiClientCaller {
  id: string;
  name: string;
  districtId: string;
  scopes: ApiScope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The API client making the request, when it authenticated with one (never with a cookie). */
    client: ApiClientCaller | null;
  }
  interface FastifyContextConfig {
    /**
     * The scope an API client needs to call this route. Routes without one refuse clients: they
     * serve people only.
     */
    scope?: ApiScope;
  }
}

/** A key is the prefix and 16 random bytes; a secret is 32 random bytes, both base64url. */
const KEY = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{22}$`);
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/**
 * Reads `Bearer <key>.<secret>` (the JSON API) or `Basic base64(<key>:<secret>)` (what xAPI tools
 * send) from an Authorization header, or null when it is neither.
 */
export function readClientCredentials(header: string): { key: string; secret: string } | null {
  if (header.length > 300) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  let key: string;
  let secret: string;
  if (/^bearer$/i.test(scheme)) {
    const dot = value.indexOf('.');
    if (dot < 0) return null;
    key = value.slice(0, dot);
    secret = value.slice(dot + 1);
  } else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    key = decoded.slice(0, colon);
    secret = decoded.slice(colon + 1);
  } else return null;
  return KEY.test(key) && SECRET.test(secret) ? { key, secret } : null;
}

interface ClientRow {
  id: string;
  name: string;
  district_id: string;
  scopes: ApiScope[];
  secret_hash: string;
  previous_secret_hash: string | null;
  stale: boolean;
}

/**
 * The API client an Authorization header names, checked against the database on every request so
 * that revoking a client or retiring a secret takes effect on the very next one; null when the
 * credentials are malformed, unknown, revoked or wrong (`refuseClient` then answers 401).
 */
export async function authenticateClient(
  pool: pg.Pool,
  request: FastifyRequest,
): Promise<ApiClientCaller | null> {
  const credentials = readClientCredentials(request.headers.authorization ?? '');
  if (!credentials) return null;
  const { rows } = await runNamed<ClientRow>(
    pool,
    'trellis-api-client-lookup',
    `select id, name, district_id, scopes, secret_hash, previous_secret_hash,
                  last_used_at is null or last_used_at < now() - interval '1 minute' as stale
             from api_clients where key = $1 and revoked_at is null`,
    [credentials.key],
  );
  const row = rows[0];
  const hash = hashToken(credentials.secret);
  // Both hashes are compared, always, so the time taken says nothing about which secret matched.
  const current = row ? sameSecret(hash, row.secret_hash) : false;
  const previous = row?.previous_secret_hash ? sameSecret(hash, row.previous_secret_hash) : false;
  if (!row || !(current || previous)) return null;
  // Use is recorded at most once a minute per client: enough to tell when it was last used, and
  // requests stay reads.
  if (row.stale) await pool.query('update api_clients set last_used_at = now() where id = $1', [row.id]);
  return { id: row.id, name: row.name, districtId: row.district_id, scopes: row.scopes };
}

/**
 * After the rate limit has counted the request: a 401 for credentials that named no client, a 403
 * for a client on a route not open to it. Refusing here rather than while authenticating keeps
 * wrong credentials under the per-address limit.
 */
export function refuseClient(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.url.startsWith('/api/') || request.headers.authorization === undefined) return;
  if (!request.client) {
    reply.header('www-authenticate', 'Bearer realm="Trellis", Basic realm="Trellis", charset="UTF-8"');
    throw new UnauthenticatedError(
      'Unknown, revoked or wrong API client credentials: send `Authorization: Bearer <key>.<secret>` or HTTP Basic.',
    );
  }
  checkClientScope(request, request.client);
}

/** Refuses a client on a route that is not open to clients or needs a scope the client lacks. */
export function checkClientScope(request: FastifyRequest, client: ApiClientCaller): void {
  const needed = request.routeOptions.config?.scope;
  if (!needed)
    throw new ForbiddenError('API clients may not use this route; it serves signed-in people only.');
  if (!client.scopes.includes(needed))
    throw new ForbiddenError(`This API client lacks the scope ${needed} that this route needs.`);
}
