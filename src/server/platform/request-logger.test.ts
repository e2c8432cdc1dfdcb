import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { withSafeErrorLogging } from './errors.ts';
import { lazyRequestLogger } from './request-logger.ts';

/** A pino logger as the app makes it (Trellis's error serializer), writing into `lines`. */
function appLogger(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const app = Fastify({
    logger: withSafeErrorLogging({
      level,
      stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    }),
  });
  return { log: app.log, lines };
}

/** The factory as Fastify calls it for a request (the raw request is not looked at). */
const make = lazyRequestLogger as unknown as (
  logger: FastifyBaseLogger,
  bindings: { reqId: string },
  options: { level?: string },
) => FastifyBaseLogger;

const withoutTime = (line: Record<string, unknown>) => ({ ...line, time: 0 });

describe("a request's logger", () => {
  it('makes no child while nothing is written at the levels that are on', () => {
    const { log, lines } = appLogger('info');
    const child = vi.spyOn(log, 'child');
    const logger = make(log, { reqId: 'r1' }, {});
    logger.debug('not written');
    logger.trace({ a: 1 }, 'not written either');
    expect(logger.level).toBe('info');
    expect((logger as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled('debug')).toBe(false);
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('writes the lines the child written at once would, the request id bound, the child made once', () => {
    const lazy = appLogger('debug');
    const eager = appLogger('debug');
    const child = vi.spyOn(lazy.log, 'child');
    const logger = make(lazy.log, { reqId: 'r2' }, {});
    const direct: FastifyBaseLogger = eager.log.child({ reqId: 'r2' }, {});
    const error = Object.assign(new Error('query failed'), { code: '57P01', parameters: ['secret'] });
    for (const target of [logger, direct]) {
      target.info('plain');
      target.warn({ err: error }, 'with an error');
      target.debug({ status: 200, url: '/api/x' }, 'request completed');
    }
    expect(child).toHaveBeenCalledTimes(1);
    for (const target of [logger, direct]) target.child({ part: 'inner' }).error('from a grandchild');
    expect(lazy.lines.map(withoutTime)).toEqual(eager.lines.map(withoutTime));
    expect(lazy.lines[0]).toMatchObject({ reqId: 'r2', msg: 'plain' });
    expect(lazy.lines[1].err).toMatchObject({ message: 'query failed', code: '57P01' });
    expect(JSON.stringify(lazy.lines)).not.toContain('secret');
    expect(lazy.lines[3]).toMatchObject({ reqId: 'r2', part: 'inner' });
  });

  it('gives a route with a level of its own its child at once, at that level', () => {
    const { log, lines } = appLogger('warn');
    const logger = make(log, { reqId: 'r3' }, { level: 'debug' });
    logger.debug('written at the route level');
    expect(lines).toMatchObject([{ reqId: 'r3', msg: 'written at the route level' }]);
  });
});
