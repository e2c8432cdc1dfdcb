/**
 * Each request's logger is made when the request first logs, not when it arrives (decision 034).
 * Fastify gives every request a child of the app's logger bound to the request id, and pino builds
 * a child at once (its bindings written out as JSON, its options looked over): Node time on every
 * request, though at the usual levels nearly none ever writes a line. The stand-in below answers
 * for the child: a level that is off costs a comparison, and the first line written makes the
 * child, with the same bindings and options, so every line reads as before.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Pino = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<ChildLoggerFactory>[1];
type ChildOptions = Parameters<ChildLoggerFactory>[2];

class RequestLogger {
  #child: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: Pino,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  /** The request's child logger, made the first time it is needed. */
  made(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  get level(): string {
    return (this.#child ?? this.parent).level;
  }
  set level(level: string) {
    this.made().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return ((this.#child ?? this.parent) as Pino).isLevelEnabled(level);
  }

  #write(level: Level, args: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    const child = this.made();
    (child[level] as (...a: unknown[]) => void).apply(child, args);
  }
  fatal(...args: unknown[]) {
    this.#write('fatal', args);
  }
  error(...args: unknown[]) {
    this.#write('error', args);
  }
  warn(...args: unknown[]) {
    this.#write('warn', args);
  }
  info(...args: unknown[]) {
    this.#write('info', args);
  }
  debug(...args: unknown[]) {
    this.#write('debug', args);
  }
  trace(...args: unknown[]) {
    this.#write('trace', args);
  }
  silent() {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.made().child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: the stand-in for a pino logger with the app's level and
 * serializers (a route of its own level or serializers, or a logger that cannot say which levels
 * are on, gets its child at once, as before).
 */
export const lazyRequestLogger: ChildLoggerFactory = (logger, bindings, options) => {
  const pino = logger as Partial<Pino>;
  if (typeof pino.isLevelEnabled !== 'function' || options.level !== undefined || options.serializers)
    return logger.child(bindings, options);
  return new RequestLogger(pino as Pino, bindings, options) as unknown as FastifyBaseLogger;
};
