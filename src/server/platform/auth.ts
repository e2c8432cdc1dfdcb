import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { runNamed } from '#server/db/named-query.ts';
import { type Role, sessions } from '#server/db/schema.ts';
import { authenticateClient, refuseClient } from './api-clients.ts';
import type { Config } from './config.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { publish } from './realtime.ts';
import { registerSessionCache, type SessionCache } from './session-cache.ts';
import { hashToken, newToken, sameSecret } from './secrets.ts';

/** Who is making a request, loaded once per request from the session. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  districtId: string;
  /**
   * The person's main school (the one their profile shows and their activity is recorded under),
   * if any: always one of `schoolIds`.
   */
  schoolId: string | null;
  /**
   * Every school the person is assigned to (itinerant staff serve several): their school
   * memberships, set by the roster or a district admin, never by the person.
   */
  schoolIds: string[];
  /** Roles held in the home district (teacher, coach, principal, district_admin, ...). */
  roles: Role[];
  /** Networks the home district belongs to. */
  networkIds: string[];
  /** Networks this person administers. */
  networkAdminOf: string[];
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Signed-in sessions remembered by this instance, forgotten through NOTIFY (session-cache.ts). */
    sessionCache: SessionCache<Actor>;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionTokenHash: string | null;
  }
}

/** The signed-in actor, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

export const isDistrictAdmin = (actor: Actor) =>
  actor.roles.includes('district_admin') || actor.roles.includes('platform_admin');

/** The signed-in actor who administers their district, or a 403. */
export function requireDistrictAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!isDistrictAdmin(actor)) throw new ForbiddenError('Only district administrators may do this.');
  return actor;
}

export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  // `__Host-` requires Secure, which browsers only honour over TLS.
  return config.secureCookies ? '__Host-trellis_session' : 'trellis_session';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface SessionRow {
  session_id: string;
  csrf_token: string;
  expires_in_ms: number;
  seen_ms_ago: number;
  user_id: string;
  name: string;
  email: string;
  district_id: string;
  school_id: string | null;
  school_ids: string[];
  roles: Role[];
  network_ids: string[];
  network_admin_of: string[];
}

/**
 * Sessions live in the database: the cookie holds a random token, the table its hash. Idle and
 * absolute expiry are enforced here, on every request. Each instance remembers the sessions it has
 * read and forgets them as soon as the database notifies that something they stand on changed
 * (session-cache.ts), so a session ended or an account deactivated is refused everywhere at once.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { config: Config }) => {
  const { config } = opts;
  const cookieName = sessionCookieName(config);
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const allowedOrigins = new Set([new URL(config.PUBLIC_URL).origin]);

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);
  // Most requests find their session here instead of asking the database (decision 019).
  const sessions = registerSessionCache<Actor>(app, app.pool, config.SESSION_CACHE);
  app.decorate('sessionCache', sessions);
  const touch = async (tokenHash: string) => {
    await app.pool.query('update sessions set last_seen_at = now() where token_hash = $1', [tokenHash]);
    sessions.touched(tokenHash, idleMs);
  };
  app.decorateRequest('client', null);

  // After every onRequest hook, the rate limit's included: refused clients count against their address.
  app.addHook('preParsing', (request, reply, payload, done) => {
    refuseClient(request, reply);
    done(null, payload);
  });

  /** The signed-in person's session from the database, remembered by this instance afterwards. */
  const lookUp = async (request: FastifyRequest, tokenHash: string) => {
    sessions.misses++;
    const generation = sessions.begin();
    // A named statement is planned once per connection, not per request.
    const { rows } = await runNamed<SessionRow>(
      app.pool,
      'trellis-session-lookup',
      `select s.id as session_id, s.csrf_token, u.id as user_id, u.name, u.email, u.district_id,
              (select p.school_id from profiles p where p.user_id = u.id) as school_id,
              array(select m.organization_id from memberships m join organizations so on so.id = m.organization_id
                     where m.user_id = u.id and so.kind = 'school' and so.district_id = u.district_id
                    union select p.school_id from profiles p where p.user_id = u.id and p.school_id is not null) as school_ids,
              coalesce((select array_agg(m.role) from memberships m where m.user_id = u.id and m.organization_id = u.district_id), '{}') as roles,
              coalesce((select array_agg(nd.network_id) from network_districts nd where nd.district_id = u.district_id), '{}') as network_ids,
              coalesce((select array_agg(m.organization_id) from memberships m where m.user_id = u.id and m.role = 'network_admin'), '{}') as network_admin_of,
              (extract(epoch from s.expires_at - now()) * 1000)::float8 as expires_in_ms,
              (extract(epoch from now() - s.last_seen_at) * 1000)::float8 as seen_ms_ago
         from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => $2)
          and u.status = 'active'`,
      [tokenHash, idleMs / 1000],
    );
    const row = rows[0];
    if (!row) return;
    request.sessionTokenHash = tokenHash;
    // Frozen: a remembered actor is shared by every request of the session.
    const actor: Actor = Object.freeze({
      userId: row.user_id,
      name: row.name,
      email: row.email,
      districtId: row.district_id,
      schoolId: row.school_id,
      schoolIds: Object.freeze(row.school_ids) as string[],
      roles: Object.freeze(row.roles) as Role[],
      networkIds: Object.freeze(row.network_ids) as string[],
      networkAdminOf: Object.freeze(row.network_admin_of) as string[],
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
    });
    request.actor = actor;
    // Touch the session at most once a minute: idle expiry needs no finer grain, and reads stay reads.
    const touchNow = row.seen_ms_ago > 60_000;
    if (touchNow) await touch(tokenHash);
    sessions.set(tokenHash, generation, {
      userId: row.user_id,
      value: actor,
      expiresInMs: row.expires_in_ms,
      idleForMs: touchNow ? idleMs : idleMs - row.seen_ms_ago,
      touchedAt: Date.now() - (touchNow ? 0 : row.seen_ms_ago),
    });
  };

  // Written with a callback, not as an async function: a session this instance remembers (nearly
  // every request) is found without a promise or another turn of the event loop.
  app.addHook('onRequest', (request, _reply, done) => {
    // Static files and page loads need no session; only the API does.
    if (!request.url.startsWith('/api/')) return done();
    // Another system with API client credentials: never a person, never a cookie, whatever it sends.
    if (request.headers.authorization !== undefined) {
      authenticateClient(app.pool, request).then((client) => {
        request.client = client;
        done();
      }, done);
      return;
    }
    const token = request.cookies[cookieName];
    if (!token || token.length > 100) return done();
    const tokenHash = hashToken(token);
    const cached = sessions.get(tokenHash);
    if (cached) {
      sessions.hits++;
      request.sessionTokenHash = tokenHash;
      request.actor = cached.value;
      if (Date.now() - cached.touchedAt > 60_000) touch(tokenHash).then(() => done(), done);
      else done();
      return;
    }
    lookUp(request, tokenHash).then(() => done(), done);
  });

  // Cross-site request forgery: every cookie-authenticated write must come from our own origin and
  // carry the session's CSRF token; writes before sign-in (sign-in, reset) get the origin check.
  // API clients send no cookie, so a forged cross-site request cannot carry their credentials.
  app.addHook('preValidation', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.client) return done();
    done(crossSiteRefusal(request));
  });
  const crossSiteRefusal = (request: FastifyRequest): ForbiddenError | undefined => {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const sameHost = request.headers.host
        ? [`http://${request.headers.host}`, `https://${request.headers.host}`]
        : [];
      if (!allowedOrigins.has(origin) && !sameHost.includes(origin))
        return new ForbiddenError('Cross-origin request refused.');
    } else if (request.headers['sec-fetch-site'] === 'cross-site') {
      return new ForbiddenError('Cross-site request refused.');
    }
    if (request.actor) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, request.actor.csrfToken)) {
        return new ForbiddenError('Missing or wrong CSRF token; reload the page and try again.');
      }
    }
    return undefined;
  };
});

/** Starts a new session for a user (always a fresh token, so sign-in rotates it) and sets the cookie. */
export async function startSession(
  tx: Tx,
  config: Config,
  reply: FastifyReply,
  request: FastifyRequest,
  userId: string,
): Promise<void> {
  const token = newToken();
  await tx.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    csrfToken: newToken(),
    userAgent: (request.headers['user-agent'] ?? '').slice(0, 300),
    ip: request.ip,
    expiresAt: new Date(Date.now() + config.SESSION_ABSOLUTE_HOURS * 3_600_000),
  });
  // Who has signed in, and when last: the staff list, the welcome job and adoption read it.
  await tx.execute(sql`update users set last_signed_in_at = now() where id = ${userId}`);
  // A session that was open before sign-in is replaced, never upgraded.
  if (request.sessionTokenHash)
    await tx.delete(sessions).where(eq(sessions.tokenHash, request.sessionTokenHash));
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

/** Ends the current session and clears the cookie. */
export async function endSession(
  tx: Tx,
  config: Config,
  reply: FastifyReply,
  request: FastifyRequest,
): Promise<void> {
  if (request.sessionTokenHash) {
    await tx.delete(sessions).where(eq(sessions.tokenHash, request.sessionTokenHash));
    if (request.actor) await signalSessionsEnded(tx, request.actor.userId);
  }
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

/** Signs a user out everywhere, except (optionally) the session making the request. */
export async function endOtherSessions(tx: Tx, userId: string, keepTokenHash?: string | null): Promise<void> {
  await tx
    .delete(sessions)
    .where(
      keepTokenHash
        ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash))
        : eq(sessions.userId, userId),
    );
  await signalSessionsEnded(tx, userId);
}

/** The signal a person's open streams hear when some of their sessions end (on every instance, at commit). */
export const SESSIONS_ENDED = 'sessions_ended';

/**
 * Tells the person's open event streams, on every instance, that sessions of theirs ended: each
 * stream checks its own session and closes if it is gone. Call it in the transaction that ends them.
 */
export async function signalSessionsEnded(tx: Tx, userId: string): Promise<void> {
  await publish(tx, [{ topic: `user:${userId}`, type: SESSIONS_ENDED }]);
}

/** Whether a session still lets its person in (not ended, not expired, the account active). */
export async function sessionIsOpen(tx: Tx, sessionId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ open: boolean }>(
    sql`select exists (select 1 from sessions s join users u on u.id = s.user_id
                        where s.id = ${sessionId} and s.expires_at > now() and u.status = 'active') as open`,
  );
  return rows[0]?.open === true;
}
