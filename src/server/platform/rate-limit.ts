/**
 * Requests per minute per caller, on every route that does not opt out (`config: { rateLimit:
 * false }`). The same rules, counts and headers as `@fastify/rate-limit` with Trellis's settings
 * (a fixed window per key, 5,000 keys remembered, `x-ratelimit-*` on every answer and Retry-After
 * on a 429), counted synchronously: the plugin's hook awaited four promises on every request, a
 * fifth of the pipeline's own cost on a signed-in read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { LRUCache } from 'lru-cache';
import { TooManyRequestsError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: this route is not counted (a stream is one long request, bounded otherwise). */
    rateLimit?: false;
  }
}

export interface RateLimitOptions {
  /** The most requests a key may make in one window. */
  max: (request: FastifyRequest) => number;
  /** Who is counted: a person, an API client, an address. */
  key: (request: FastifyRequest) => string;
  /** Requests never counted (health probes). */
  allow: (request: FastifyRequest) => boolean;
  windowMs?: number;
  /** How many keys are remembered (the least recently seen are forgotten first). */
  keys?: number;
}

/** Adds the limit to every route registered after this call, in this instance and its children. */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const windowMs = options.windowMs ?? 60_000;
  const counts = new LRUCache<string, { count: number; startedAt: number }>({ max: options.keys ?? 5_000 });

  const limit = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (options.allow(request)) return done();
    const key = options.key(request);
    const max = options.max(request);
    const now = Date.now();
    let entry = counts.get(key);
    if (!entry || entry.startedAt + windowMs <= now) entry = { count: 1, startedAt: now };
    else entry.count++;
    counts.set(key, entry);
    const resetSeconds = Math.ceil((windowMs - (now - entry.startedAt)) / 1000);
    reply.header('x-ratelimit-limit', max);
    if (entry.count <= max) {
      reply.header('x-ratelimit-remaining', max - entry.count);
      reply.header('x-ratelimit-reset', resetSeconds);
      return done();
    }
    reply.header('x-ratelimit-remaining', 0);
    reply.header('x-ratelimit-reset', resetSeconds);
    reply.header('retry-after', resetSeconds);
    done(new TooManyRequestsError());
  };

  // A hook of each route, so it runs after every instance-wide onRequest hook (the session's
  // included: a signed-in person is counted as a person) and never for an address with no route.
  app.addHook('onRoute', (route) => {
    if (route.config?.rateLimit === false) return;
    const hook = limit as onRequestHookHandler;
    route.onRequest = Array.isArray(route.onRequest)
      ? [...route.onRequest, hook]
      : route.onRequest
        ? [route.onRequest, hook]
        : [hook];
  });
}
