/**
 * Security headers (Content-Security-Policy, HSTS, X-Frame-Options, ...) on every response. Helmet
 * says what they are; it is run once, at start, against a response that only records what it sets,
 * and each request then gets that same list. Run per request (as @fastify/helmet does), Helmet
 * rebuilt its middleware and reparsed the policy every time, the largest share of the pipeline's
 * own work after writing the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers Helmet sets with these options, in the order it sets them. */
export function securityHeaders(options: HelmetOptions): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, readonly [string, string]>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`Helmet set ${name} to a value that is not a string.`);
      headers.set(name.toLowerCase(), [name, value]);
      return recorder;
    },
    // X-Powered-By: nothing sets it before the hook runs, so there is nothing to remove per request.
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.freeze([...headers.values()]);
}

/**
 * Trellis's policy: its own origin only, no framing, no referrer beyond the origin; served over TLS
 * (`secure`), browsers are also told to keep to HTTPS.
 */
export function trellisHelmetOptions(secure: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    strictTransportSecurity: secure,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * Sets the security headers on every response, before any other hook or route runs, on the raw
 * response (so a stream that writes its own head, such as the event stream, keeps them too).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { secure: boolean }): void {
  const headers = securityHeaders(trellisHelmetOptions(options.secure));
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of headers) raw.setHeader(name, value);
    done();
  });
}
