import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import pg from 'pg';
import { UnavailableError } from '#server/platform/errors.ts';

/**
 * How long a probe of the database may take before the database counts as not answering: long
 * enough that a database merely busy (a burst of sign-ins, a loaded machine) still answers in time,
 * short enough that with REQUEST_CHECK_AFTER_MS a request on a frozen one gets its 503 within 3 s.
 */
export const PROBE_TIMEOUT_MS = 2_000;
/** A request not answered by then makes the app ask whether the database still answers. */
export const REQUEST_CHECK_AFTER_MS = 750;
/** How often the requests in flight are looked over: the grain of REQUEST_CHECK_AFTER_MS. */
const CHECK_EVERY_MS = 100;
/** How long one probe's answer stands for all who ask. */
const PROBE_REUSE_MS = 500;

/**
 * Tells whether the database answers right now, on a connection of its own: a pooled one may be
 * busy, or be the very connection that hangs. A server that refuses connections fails queries at
 * once, but a frozen one (stopped, overloaded to a halt, cut off without the connection closing)
 * accepts them and never answers; only a deadline tells.
 */
export class DatabaseHealth {
  private client: pg.Client | null = null;
  private pending: Promise<boolean> | null = null;
  private last: { at: number; answers: boolean } | null = null;
  private closed = false;
  /** How many requests in flight are watched (set by registerDatabaseHealth): for tests. */
  watching: () => number = () => 0;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly timeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  /**
   * Whether the database answered `select 1` within the probe deadline; probes are shared. A
   * recent answer serves the many requests that ask at once, unless `fresh` (readiness) wants
   * the database's word now.
   */
  async answers(fresh = false): Promise<boolean> {
    if (this.closed) return false;
    if (!fresh && this.last && Date.now() - this.last.at < PROBE_REUSE_MS) return this.last.answers;
    this.pending ??= this.probe().then((answers) => {
      this.last = { at: Date.now(), answers };
      this.pending = null;
      return answers;
    });
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drop();
  }

  private async probe(): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<false>((resolve) => {
      // Timers run before the event loop reads sockets: on a busy process the deadline can come
      // due while the answer already waits to be read. setImmediate lets pending reads go first,
      // so only a database that truly has not answered counts as frozen.
      timer = setTimeout(() => setImmediate(() => resolve(false)), this.timeoutMs);
    });
    const ping = this.ping().then(
      () => true,
      () => false,
    );
    const answers = await Promise.race([ping, deadline]);
    clearTimeout(timer);
    // A connection that hung or failed is of no further use: the next probe connects afresh.
    if (!answers) this.drop();
    return answers;
  }

  private async ping(): Promise<void> {
    if (!this.client) {
      const client = new pg.Client({
        ...this.connection,
        connectionTimeoutMillis: this.timeoutMs,
        keepAlive: true,
      });
      client.on('error', () => {
        if (this.client !== client) return;
        // The connection just failed: an earlier "it answers" no longer stands.
        this.last = null;
        this.drop();
      });
      this.client = client;
      await client.connect();
    }
    await this.client.query('select 1');
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    if (!client) return;
    // end() would wait for a server that does not answer; close the socket itself.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    client.end().catch(() => {});
  }
}

/**
 * Keeps requests from hanging on a database that stopped answering: a request still unanswered
 * after REQUEST_CHECK_AFTER_MS, and again after each such while, makes the app probe the database;
 * if it does not answer either, the request gets a 503 (problem+json, Retry-After) at once, within
 * about 2.85 s in all. A request that is merely slow on a database that answers goes on undisturbed,
 * so long work (exports, large imports) is never cut off by this; work outside requests (mail,
 * jobs) is not watched.
 *
 * Also logs, once per outage, idle pooled connections that the server dropped.
 */
export function registerDatabaseHealth(app: FastifyInstance, pool: pg.Pool): void {
  const health = new DatabaseHealth(pool.options);
  app.decorate('databaseHealth', health);
  const outage = outageLog(app.log);
  pool.on('error', (error) => outage.lost(error));
  pool.on('connect', () => outage.restored());

  // One timer for all requests in flight, not one per request: each request only joins a map while
  // it is in flight, and a sweep every CHECK_EVERY_MS asks about those overdue. A request leaves the
  // map as soon as it is answered: held until the next sweep, most requests and their responses
  // lived through a young-generation collection and were promoted to the old generation, and
  // collecting them there was a large share of a signed-in read's Node time (decision 034).
  const watched = new Map<FastifyReply, number>(); // → when to ask next; Infinity while asking
  let sweeper: ReturnType<typeof setInterval> | null = null;
  const answered = (reply: FastifyReply) => reply.sent || reply.raw.headersSent || reply.raw.destroyed;
  const sweep = () => {
    const now = Date.now();
    for (const [reply, checkAt] of watched) {
      // Cut off without an answer (the client went away): onResponse may not run for it.
      if (answered(reply)) watched.delete(reply);
      else if (now >= checkAt) ask(reply);
    }
    if (watched.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  };
  // Asked again while the request waits: the database may freeze after an earlier probe answered.
  const ask = (reply: FastifyReply) => {
    watched.set(reply, Number.POSITIVE_INFINITY);
    void health.answers().then((answers) => {
      if (!watched.has(reply)) return;
      if (answered(reply)) return watched.delete(reply);
      if (answers) {
        watched.set(reply, Date.now() + REQUEST_CHECK_AFTER_MS);
        return;
      }
      watched.delete(reply);
      reply.request.log.warn('the database does not answer; answering 503');
      reply.send(new UnavailableError());
    });
  };
  app.addHook('onRequest', (_request, reply, done) => {
    watched.set(reply, Date.now() + REQUEST_CHECK_AFTER_MS);
    if (!sweeper) {
      sweeper = setInterval(sweep, CHECK_EVERY_MS);
      sweeper.unref();
    }
    done();
  });
  app.addHook('onResponse', (_request, reply, done) => {
    watched.delete(reply);
    done();
  });
  health.watching = () => watched.size;
  app.addHook('onClose', async () => {
    if (sweeper) clearInterval(sweeper);
    sweeper = null;
    watched.clear();
    await health.close();
  });
}

/** Logs the first dropped connection of an outage and the first new one after it, not each. */
function outageLog(log: Pick<FastifyBaseLogger, 'warn' | 'info'>) {
  let down = false;
  return {
    lost(error: Error & { code?: string }) {
      if (down) return;
      down = true;
      // Message and code only: a database error logged whole can carry a query's parameters.
      log.warn({ code: error.code, reason: error.message }, 'database connection lost');
    },
    restored() {
      if (!down) return;
      down = false;
      log.info('database connection restored');
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    databaseHealth: DatabaseHealth;
  }
}
