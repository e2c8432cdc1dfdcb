import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pg from 'pg';

/**
 * The channel database triggers notify when anything a signed-in person's session stands on
 * changes: the session itself (ended, its expiry or token changed), the account (name, email,
 * district, status), their main school, their memberships, or (for everyone: `*`) which districts
 * belong to which networks. The payload is the person's id, or `*`. See migration
 * `0017_session_cache_invalidation`.
 */
export const SESSIONS_CHANNEL = 'trellis_sessions';

/** At most this many sessions are remembered per instance; the oldest are forgotten first. */
const MAX_ENTRIES = 50_000;

interface Entry<T> {
  userId: string;
  value: T;
  /** Local clock times (ms) after which the database must be asked again. */
  expiresAt: number;
  idleUntil: number;
  /** When this instance last wrote last_seen_at (local clock). */
  touchedAt: number;
}

/** How often the LISTEN connection must answer, and how soon, to be trusted. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * Remembers signed-in sessions by token hash so most requests need no session query, and forgets
 * them the moment the database says something they stand on changed, on every instance: each
 * instance LISTENs on SESSIONS_CHANNEL, and the triggers notify at commit. There is no time to live
 * to wait out. While the LISTEN connection is down nothing is remembered and every request asks
 * the database, since notifications sent meanwhile would be lost.
 *
 * Expiry is still enforced locally: a remembered session is used only before its absolute expiry
 * and idle deadline as the database reported them (as durations, so the two clocks need not
 * agree); past either, the database decides again.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private client: pg.Client | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Asks the LISTEN connection to answer now and then: a half-open connection raises no error. */
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private closed = false;
  /** Bumped by every invalidation: a lookup that began before one may not store what it read. */
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
  ) {}

  /** Whether invalidations are arriving now (and so whether anything is remembered). */
  get listening(): boolean {
    return this.client !== null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The remembered session, if it may still be used now. */
  get(tokenHash: string): Entry<T> | undefined {
    if (!this.client) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    const now = Date.now();
    if (now >= entry.expiresAt || now >= entry.idleUntil) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  /** Call before reading a session from the database; pass the result to `set`. */
  begin(): number {
    return this.generation;
  }

  /**
   * Remembers a session read from the database, unless something was invalidated since `begin`
   * (what was read may already be stale) or nothing is listening. The value is frozen: every
   * request of the session shares it.
   */
  set(
    tokenHash: string,
    generation: number,
    session: { userId: string; value: T; expiresInMs: number; idleForMs: number; touchedAt: number },
  ): void {
    if (!this.client || generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    const now = Date.now();
    this.entries.set(tokenHash, {
      userId: session.userId,
      value: session.value,
      expiresAt: now + session.expiresInMs,
      idleUntil: now + session.idleForMs,
      touchedAt: session.touchedAt,
    });
  }

  /** Notes that this instance wrote last_seen_at now, which moves the idle deadline on. */
  touched(tokenHash: string, idleMs: number): void {
    const entry = this.entries.get(tokenHash);
    if (!entry) return;
    entry.touchedAt = Date.now();
    entry.idleUntil = entry.touchedAt + idleMs;
  }

  /** Forgets one person's sessions, or everyone's (`*`). */
  forget(userId: string): void {
    this.generation++;
    if (userId === '*') {
      this.entries.clear();
      return;
    }
    for (const [tokenHash, entry] of this.entries)
      if (entry.userId === userId) this.entries.delete(tokenHash);
  }

  /** Connects and listens; a failure is logged and retried, never thrown, so the app still starts. */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.lost(client);
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.connection, keepAlive: true });
    client.on('error', (error) => {
      this.log.warn(
        { err: error },
        'session invalidation connection lost; sessions are read from the database',
      );
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === SESSIONS_CHANNEL && message.payload) this.forget(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${SESSIONS_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'session invalidation connection failed; retrying');
      await client.end().catch(() => {});
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    // Nothing was remembered while nobody listened; start from empty all the same.
    this.forget('*');
    this.client = client;
    this.failures = 0;
    // A connection cut without a reset (a failover, a dropped route) would stay silent while
    // invalidations go unheard: one that does not answer in seconds is taken as lost.
    this.heartbeat = setInterval(() => {
      const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no answer in 5 s')), HEARTBEAT_TIMEOUT_MS).unref(),
      );
      Promise.race([client.query('select 1'), timeout]).catch((error: unknown) => {
        this.log.warn({ err: error }, 'session invalidation connection stopped answering');
        this.lost(client);
      });
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private lost(client: pg.Client | null): void {
    if (!client || this.client !== client) return;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.client = null;
    this.forget('*');
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    const delay = Math.min(30_000, 250 * 2 ** this.failures) * (0.75 + Math.random() / 2);
    this.failures = Math.min(this.failures + 1, 10);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, delay);
    this.retry.unref();
  }
}

/**
 * Gives the app a session cache listening on the pool's database once the app is ready; when not
 * enabled (SESSION_CACHE=0) it never listens, so it remembers nothing.
 */
export function registerSessionCache<T>(
  app: FastifyInstance,
  pool: pg.Pool,
  enabled: boolean,
): SessionCache<T> {
  const cache = new SessionCache<T>(pool.options, app.log);
  if (enabled) app.addHook('onReady', async () => cache.start());
  app.addHook('onClose', async () => cache.close());
  return cache;
}
