import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface FieldError {
  /** JSON-pointer-like path of the bad field, e.g. `/body/email`. */
  path: string;
  message: string;
}

/** Base of every error a service may throw on purpose; the error plugin turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
  }
}

export class InvalidError extends AppError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'invalid', 'Invalid request', detail, errors);
  }
}
/** Invalid input for one field, given as its path (`/body/email`). */
export const invalidField = (path: string, message: string) => new InvalidError(message, [{ path, message }]);

export class UnauthenticatedError extends AppError {
  constructor(detail = 'Sign in to continue.') {
    super(401, 'unauthenticated', 'Not signed in', detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = 'You may not do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}
/** Also used when a caller may not see a thing: it does not exist for them. */
export class NotFoundError extends AppError {
  constructor(detail = 'Not found.') {
    super(404, 'not_found', 'Not found', detail);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(409, 'conflict', 'Conflict', detail, errors);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(detail = 'Too many requests; wait a moment and try again.') {
    super(429, 'too_many_requests', 'Too many requests', detail);
  }
}
/** How large a limit is, in the words people read: "5 MB", "512 KB". */
const sizeInWords = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;

/**
 * A request, or the part of it named by `path` (a file, a field), larger than Trellis takes: 413
 * `payload_too_large`, saying the limit (in bytes) or, for the whole body, why.
 */
export class PayloadTooLargeError extends AppError {
  constructor(path: string, limit: number | string) {
    const message = typeof limit === 'number' ? `must be at most ${sizeInWords(limit)}` : limit;
    super(413, 'payload_too_large', 'Payload too large', message, [{ path, message }]);
  }
}
export class UnavailableError extends AppError {
  constructor(detail = 'Trellis cannot reach its database right now; try again shortly.') {
    super(503, 'unavailable', 'Service unavailable', detail);
  }
}

const problemType = (code: string) => `https://trellis.dev/problems/${code}`;

/**
 * Fields of an error that say what failed without carrying what people wrote: a failed query's
 * parameters, PostgreSQL's `detail` (`Key (email)=(…)`), `where` and `hint`, or a request's body
 * are never among them.
 */
const LOGGED_ERROR_FIELDS = [
  'code',
  'statusCode',
  'severity',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
  'position',
  'errno',
  'syscall',
  'address',
  'port',
] as const;

interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** PostgreSQL quotes the offending value at the end of some messages (`invalid input syntax for type uuid: "…"`). */
const redactQuotedValue = (message: string) => message.replace(/: "[\s\S]*"$/, ': "…"');

/**
 * What the log keeps of an error (the logger's `err` serializer): its kind, a message and stack
 * without query parameters or values, and the fields in LOGGED_ERROR_FIELDS, its causes likewise.
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: 'a thrown value that is not an Error', stack: '' };
  const fields = error as unknown as Record<string, unknown>;
  let message = error.message;
  // Drizzle's failed-query error spells the query's parameters out in its message; keep the SQL only.
  if ('params' in fields && typeof fields.query === 'string') message = `Failed query: ${fields.query}`;
  else if (typeof fields.severity === 'string') message = redactQuotedValue(message);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const type = error.constructor?.name || error.name;
  const out: LoggedError = {
    type,
    message,
    stack: [`${error.name}: ${message}`, ...frames].join('\n'),
  };
  for (const key of LOGGED_ERROR_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  if (depth < 5) {
    if (error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1);
    if (error instanceof AggregateError)
      out.errors = error.errors.slice(0, 5).map((e) => serializeError(e, depth + 1));
  }
  return out;
}

/** Logger options with errors serialized by `serializeError`, so no log line carries query parameters. */
export function withSafeErrorLogging(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, err: serializeError } };
}

/** PostgreSQL error codes meaning the database is gone or going, not that the request was wrong. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown };
  if (!e) return false;
  if (
    typeof e.code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03'].includes(e.code) ||
      e.code.startsWith('08'))
  )
    return true;
  if (
    typeof e.message === 'string' &&
    /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable/i.test(
      e.message,
    )
  )
    return true;
  return e.cause ? isDatabaseUnavailable(e.cause) : false;
}

/** The one place errors become `application/problem+json`; 5xx details are logged, never sent. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem: AppError;
    if (error instanceof AppError) {
      problem = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => ({
        path: `/${context}${v.instancePath === '/' ? '' : v.instancePath}`,
        message: v.message ?? 'is invalid',
      }));
      problem = new InvalidError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    } else if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      problem = new UnavailableError();
    } else if (error.statusCode === 429) {
      problem = new TooManyRequestsError();
    } else if (error.statusCode === 413) {
      problem = new PayloadTooLargeError('/body', error.message);
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: bad JSON, wrong content type.
      const code = error.statusCode === 415 ? 'unsupported_media_type' : 'invalid';
      problem = new AppError(error.statusCode, code, 'Invalid request', error.message, [
        { path: '/body', message: error.message },
      ]);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = new AppError(
        500,
        'internal',
        'Internal error',
        `Something went wrong. Reference: ${request.id}`,
      );
    }
    if (problem.status === 503) reply.header('retry-after', '5');
    reply
      .status(problem.status)
      .type('application/problem+json')
      .send({
        type: problemType(problem.code),
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        code: problem.code,
        errors: problem.errors,
        instance: request.url.split('?')[0],
      });
  });
}

/** The answer for a URL no route serves. */
export function sendNoRoute(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .type('application/problem+json')
    .send({
      type: problemType('not_found'),
      title: 'Not found',
      status: 404,
      detail: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      code: 'not_found',
      errors: [],
    });
}
