import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Db } from '#server/db/client.ts';
import { registerActivity } from '#server/platform/activity.ts';
import type { Feature } from '#server/platform/feature.ts';
import { registerFeedItems } from '#server/platform/feed-items.ts';
import { authPlugin, sessionCookieName } from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import { registerErrorHandling, sendNoRoute, withSafeErrorLogging } from '#server/platform/errors.ts';
import { ipRateKey } from '#server/platform/ip.ts';
import { createMailer, type Mailer } from '#server/platform/mail.ts';
import { openApiOptions } from '#server/platform/openapi.ts';
import { registerDatabaseHealth } from '#server/platform/database-health.ts';
import { registerRealtime } from '#server/platform/realtime.ts';
import { registerRequestLogging } from '#server/platform/request-log.ts';
import { lazyRequestLogger } from '#server/platform/request-logger.ts';
import { registerRateLimit } from '#server/platform/rate-limit.ts';
import { registerSecurityHeaders } from '#server/platform/security-headers.ts';
import { housekeepingJob } from '#server/platform/housekeeping.ts';
import { registerJobs } from '#server/platform/jobs.ts';
import { registerInputChecks } from '#server/platform/text-input.ts';
import { localStorage, type Storage } from '#server/platform/storage.ts';
import { createCredentialIssuer } from '#server/features/credentials/issuing/create-issuer.ts';
import { features as trellisFeatures } from '#server/features/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    pool: pg.Pool;
    storage: Storage;
    mailer: Mailer;
    /** False from the moment shutdown begins, so load balancers stop sending work. */
    accepting: boolean;
  }
  interface FastifyContextConfig {
    /**
     * Routes that answer before sign-in and are rate-limited per address (reset, invitations); sign-in
     * is slowed by its failures instead (decision 013).
     */
    authLimited?: boolean;
  }
}

export interface AppDependencies {
  config: Config;
  db: Db;
  pool: pg.Pool;
  logger?: FastifyServerOptions['logger'];
  /** Overrides for tests; defaults derive from config. */
  storage?: Storage;
  mailer?: Mailer;
  /** The features to build the app from: Trellis's own unless a test adds one (a fixture feature). */
  features?: readonly Feature[];
}

export type App = FastifyInstance;

/**
 * Who may tell Trellis the client's address: a number of proxy hops counts back from the connection
 * (only the right-most `X-Forwarded-For` entries, which the proxies wrote), or named proxies.
 * Fastify's own numeric setting trusts no hop at all, so hops are counted here.
 */
function trustedProxies(
  setting: Config['TRUST_PROXY'],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

/** Builds the whole Trellis app from its plugins and features. It never listens: main.ts does. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config } = deps;
  const features = deps.features ?? trellisFeatures;
  const app = Fastify({
    logger: withSafeErrorLogging(deps.logger),
    // Each request's child logger is made only if the request logs (decision 034).
    childLoggerFactory: lazyRequestLogger,
    trustProxy: trustedProxies(config.TRUST_PROXY),
    bodyLimit: 256 * 1024,
    genReqId: () => crypto.randomUUID(),
    // Requests are logged at debug by registerRequestLogging, not at info by Fastify.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
    // A malformed or over-long URL is refused by the router before any route runs.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode ?? 400;
      (reply as FastifyReply)
        .status(status)
        .type('application/problem+json')
        .send({
          type: 'https://trellis.dev/problems/invalid',
          title: status === 414 ? 'URI too long' : 'Invalid request',
          status,
          detail: status === 414 ? 'A part of this address is too long.' : 'This address is not valid.',
          code: 'invalid',
          errors: [{ path: '/params', message: error.message }],
          instance: request.url.split('?')[0].slice(0, 200),
        });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('config', config);
  app.decorate('db', deps.db);
  app.decorate('pool', deps.pool);
  app.decorate('storage', deps.storage ?? localStorage(path.join(config.dataDir, 'files')));
  app.decorate(
    'mailer',
    deps.mailer ??
      createMailer({
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        outboxDir: path.join(config.dataDir, 'outbox'),
      }),
  );
  app.decorate('credentialIssuer', createCredentialIssuer({ db: deps.db, config }));
  app.decorate('accepting', true);
  // Signals to open pages: one LISTEN connection per instance, started when the app is ready.
  registerRealtime(app, deps.pool);
  // Requests answer 503 within seconds, not hang, when the database stops answering.
  registerDatabaseHealth(app, deps.pool);

  registerErrorHandling(app);
  registerRequestLogging(app, { accessLog: config.ACCESS_LOG });
  // A hook that finishes at once takes no promise and no extra turn of the event loop.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  registerSecurityHeaders(app, { secure: config.secureCookies });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10, fieldSize: 64 * 1024 },
  });
  await app.register(authPlugin, { config });
  // After the CSRF check, before any route's own validation: no control characters anywhere.
  registerInputChecks(app);
  // Once signed in, limits are per person: hundreds of teachers share one school's address. An API
  // client has its own limit, whichever addresses its requests come from.
  registerRateLimit(app, {
    max: (request) =>
      request.routeOptions.config?.authLimited
        ? config.AUTH_RATE_LIMIT_PER_MINUTE
        : config.RATE_LIMIT_PER_MINUTE,
    key: (request) =>
      request.routeOptions.config?.authLimited
        ? `auth:${request.routeOptions.url}:${ipRateKey(request.ip)}`
        : request.client
          ? `client:${request.client.id}`
          : request.actor
            ? `user:${request.actor.userId}`
            : `ip:${ipRateKey(request.ip)}`,
    allow: (request) => request.url === '/healthz' || request.url === '/readyz',
  });

  await app.register(swagger, openApiOptions(sessionCookieName(config)));
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (!app.accepting) return reply.status(503).send({ status: 'shutting down' });
    // On a connection of its own with a short deadline: a frozen database must not make it wait.
    if (await app.databaseHealth.answers(true)) return { status: 'ready' };
    return reply.status(503).send({ status: 'database unavailable' });
  });

  // Notification kinds and realtime topics the features declare; statements name PUBLIC_URL.
  registerActivity({ baseUrl: config.PUBLIC_URL, features });
  registerFeedItems(features);
  for (const feature of features) feature.decorate?.(app);
  // The job queue over the app's pool; main.ts starts its workers before Trellis listens.
  registerJobs(app, [housekeepingJob, ...features.flatMap((feature) => feature.jobs ?? [])]);
  for (const feature of features) if (feature.routes) await app.register(feature.routes, { prefix: '/api' });
  for (const feature of features) if (feature.rootRoutes) await app.register(feature.rootRoutes);

  await registerWebApp(app);
  return app;
}

/**
 * Serves the built single-page app: its files, and index.html for client-side routes. Everything
 * else that matches no route gets a problem+json 404.
 */
async function registerWebApp(app: FastifyInstance): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../../dist/web');
  const built = existsSync(path.join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, wildcard: false, index: false, maxAge: '1h' });
  const isPageRequest = (request: FastifyRequest) =>
    built &&
    request.method === 'GET' &&
    !request.url.startsWith('/api/') &&
    !path.extname(request.url.split('?')[0]);
  app.setNotFoundHandler(async (request, reply) => {
    if (isPageRequest(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendNoRoute(request, reply);
  });
}
