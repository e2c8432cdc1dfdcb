/**
 * What Trellis logs about requests. Each request is one line at debug (so `LOG_LEVEL=info`, the
 * default, keeps the log to warnings, errors and events worth reading); warnings and errors carry
 * the request id through `request.log`. `ACCESS_LOG=1` adds one access line per request for
 * operators, whatever the log level. Neither ever holds a query value that could be a secret.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** Query parameters whose values open something: reset and invitation links, unsubscribe, signatures. */
const SECRET_NAME = /token|secret|key|pass|code|sig|auth|session|otp|nonce|state|ticket|hash/i;
/** A value long and plain enough to be a token whatever its parameter is called. */
const TOKEN_LIKE = /^[A-Za-z0-9_\-.~+/=%]{24,}$/;

/** A path segment that is a token (calendar feeds, video files), not a word or a record's UUID. */
const PATH_TOKEN = /^(?=[A-Za-z0-9_-]*[0-9A-Z])[A-Za-z0-9_-]{20,}(\.[a-z0-9]+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path segments that are tokens, replaced: a private feed's address opens the feed. */
function loggablePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (PATH_TOKEN.test(segment) && !UUID.test(segment) ? '[redacted]' : segment))
    .join('/');
}

/** The request's address for a log line: the path and query with secret-looking values replaced. */
export function loggableUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return loggablePath(url);
  const query = url.slice(mark + 1);
  if (!query) return loggablePath(url.slice(0, mark));
  const parts = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals < 0) return pair;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    return SECRET_NAME.test(name) || TOKEN_LIKE.test(value) ? `${name}=[redacted]` : pair;
  });
  return `${loggablePath(url.slice(0, mark))}?${parts.join('&')}`;
}

/** Whether a logger writes debug lines (pino tells; a logger that cannot say is asked to). */
function debugEnabled(log: FastifyBaseLogger): boolean {
  const pino = log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  return typeof pino.isLevelEnabled === 'function' ? pino.isLevelEnabled('debug') : true;
}

/** Needs Fastify's own request logging off (`disableRequestLogging: true`). */
export function registerRequestLogging(app: FastifyInstance, options: { accessLog: boolean }): void {
  // Its own level: the operator asked for these lines, so LOG_LEVEL=warn does not hide them.
  const access = options.accessLog ? app.log.child({ log: 'access' }, { level: 'info' }) : null;
  app.addHook('onResponse', (request, reply, done) => {
    // At the usual levels neither line is written: nothing is worked out for them.
    const debug = debugEnabled(request.log);
    if (debug || access) {
      const url = loggableUrl(request.url);
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      if (debug)
        request.log.debug({ method: request.method, url, status: reply.statusCode, ms }, 'request completed');
      access?.info(
        { reqId: request.id, method: request.method, url, status: reply.statusCode, ms },
        `${request.method} ${url} ${reply.statusCode} ${ms}ms`,
      );
    }
    done();
  });
}
