import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { Actor } from './auth.ts';

/** The PostgreSQL channel every instance listens on for signals to open pages. */
export const REALTIME_CHANNEL = 'trellis_events';

/**
 * A signal to open pages that something changed. Signals carry no content: a page that hears
 * one fetches again through the API, where policy decides what it may see.
 *
 * A topic is `<name>:<id>`, its name one a feature declared (`Feature.topics`): `user:<id>` (a
 * notification arrived, or the person's access changed), `thread:<id>`, `community:<id>`, …
 */
export interface RealtimeSignal {
  topic: `${string}:${string}`;
  type: string;
  /** The id of the thing that changed, when there is one. */
  id?: string;
}

/**
 * What a person may hear of a topic: everything, only its outline (the signal types the topic
 * names as such, e.g. a community's own changes but never which threads move), or nothing.
 */
export type Hearing = 'all' | 'outline' | null;

/** A realtime topic a feature declares: its name and who may hear it. */
export interface TopicDeclaration {
  /** The topic's name, the part before `:<id>` (`thread` for `thread:<id>`). */
  name: string;
  /** What the signed-in person may hear of the topic of this id, asked when a stream opens. */
  hearing: (db: Db, actor: Actor, id: string) => Promise<Hearing>;
  /** Signal types heard by those who may hear only the outline. */
  outline?: readonly string[];
  /**
   * Signal types after which who may hear any topic may have changed (a community's join policy,
   * a thread's move): open streams check their topics again before passing the signal on.
   */
  changesHearing?: readonly string[];
}

/**
 * Queues signals inside the caller's transaction: PostgreSQL delivers NOTIFY only at commit,
 * to listeners on every instance, so a rolled-back change signals nothing.
 */
export async function publish(tx: Tx, signals: RealtimeSignal[]): Promise<void> {
  if (signals.length === 0) return;
  // One round trip for all of them, queued in the order given.
  await tx.execute(sql`select pg_notify(${REALTIME_CHANNEL}, s.payload)
    from unnest(${sql.param(signals.map((signal) => JSON.stringify(signal)))}::text[]) with ordinality as s(payload, n)
    order by s.n`);
}

/**
 * Sends the signals of a change that has already committed, in a transaction of their own that does
 * not wait for its commit record to reach the disk. A transaction that notifies holds PostgreSQL's one
 * notification queue lock from its commit until the commit is flushed, so signals queued inside
 * writes make every signalling write of the cluster commit one disk flush after another; sent
 * afterwards, the writes commit together and the lock is held for a moment. A signal lost to a crash
 * of the database costs open pages nothing they would not refetch: they hear `resync` when the hub
 * reconnects.
 *
 * The change is saved whatever becomes of its signals, so failing to send them never fails the
 * request that made it (a person told their reply failed would post it again): it answers false,
 * for the caller to log.
 */
export function publishCommitted(db: Db, signals: RealtimeSignal[]): Promise<boolean> {
  if (signals.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let batch = unsent.get(db);
    if (!batch) {
      batch = { payloads: [], told: [] };
      unsent.set(db, batch);
    }
    for (const signal of signals) batch.payloads.push(JSON.stringify(signal));
    batch.told.push(resolve);
    if (!sending.has(db)) void sendCommitted(db);
  });
}

/**
 * Signals of committed changes not sent yet, per database: while one statement sends signals, those
 * of changes committed meanwhile wait and go together in the next (decision 043). Under concurrent
 * replies that is one statement, one transaction and one notification-queue lock for several
 * replies instead of one each; alone, a change's signals go at once, as before.
 */
const unsent = new WeakMap<Db, { payloads: string[]; told: Array<(sent: boolean) => void> }>();
const sending = new WeakSet<Db>();

async function sendCommitted(db: Db): Promise<void> {
  sending.add(db);
  try {
    for (let batch = unsent.get(db); batch; batch = unsent.get(db)) {
      unsent.delete(db);
      let sent = true;
      try {
        await namedQuery(
          db,
          'realtime-committed-signals',
          sql`select pg_notify(${REALTIME_CHANNEL}, s.payload)
            from unnest(${sql.param(batch.payloads)}::text[]) with ordinality as s(payload, n)
            cross join (select set_config('synchronous_commit', 'off', true)) as unflushed
            order by s.n`,
        );
      } catch {
        sent = false;
      }
      for (const tell of batch.told) tell(sent);
    }
  } finally {
    sending.delete(db);
  }
}

// ─── The hub: one LISTEN connection per instance, fanned out to open streams ───────────────────────

export type SignalListener = (signal: RealtimeSignal) => void;

/** `<name>:<uuid>`: the shape of every topic; which names exist is what features declare. */
export const TOPIC_PATTERN =
  /^([a-z][a-z0-9_-]*):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function parseSignal(payload: string): RealtimeSignal | null {
  try {
    const value = JSON.parse(payload) as Partial<RealtimeSignal>;
    if (typeof value?.topic !== 'string' || !TOPIC_PATTERN.test(value.topic)) return null;
    if (typeof value.type !== 'string') return null;
    return {
      topic: value.topic as RealtimeSignal['topic'],
      type: value.type,
      ...(typeof value.id === 'string' ? { id: value.id } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * Holds one dedicated connection that LISTENs on the signal channel, and hands each signal to the
 * listeners of its topic. A pooled connection cannot listen: the pool would hand it to queries and
 * recycle it. When the connection drops the hub reconnects with backoff and tells every topic
 * `resync`, since signals sent while it was away are lost and open pages must fetch again.
 */
export class RealtimeHub {
  private client: pg.Client | null = null;
  private readonly listeners = new Map<string, Set<SignalListener>>();
  private readonly streams = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private connectedOnce = false;
  private closed = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
  ) {}

  /** Whether signals are arriving now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Connects and listens; a failure is logged and retried, never thrown, so the app still starts. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls the listener for each signal of the topic until the returned function is called. */
  subscribe(topic: string, listener: SignalListener): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(topic);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(topic);
    };
  }

  /** Registers an open stream, ended by `endStreams` when the instance shuts down. */
  addStream(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  /** Ends every open stream: browsers reconnect, through the load balancer, to an instance that stays. */
  endStreams(): void {
    for (const end of [...this.streams]) end();
    this.streams.clear();
  }

  /** Hands a signal to its topic's listeners (the LISTEN connection calls this). */
  dispatch(signal: RealtimeSignal): void {
    const set = this.listeners.get(signal.topic);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(signal);
      } catch (error) {
        this.log.warn({ err: error, topic: signal.topic }, 'realtime listener failed');
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.endStreams();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.connection, keepAlive: true });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'realtime connection lost');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== REALTIME_CHANNEL || !message.payload) return;
      const signal = parseSignal(message.payload);
      if (signal) this.dispatch(signal);
    });
    try {
      await client.connect();
      await client.query(`listen ${REALTIME_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'realtime connection failed; retrying');
      await client.end().catch(() => {});
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.connectedOnce) {
      this.log.info('realtime connection restored');
      for (const topic of [...this.listeners.keys()])
        this.dispatch({ topic: topic as RealtimeSignal['topic'], type: 'resync' });
    }
    this.connectedOnce = true;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
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
 * Gives the app its hub (`app.realtime`), listening on the pool's database once the app is ready;
 * open streams end before the server closes, so they never hold up a shutdown.
 */
export function registerRealtime(app: FastifyInstance, pool: pg.Pool): void {
  const hub = new RealtimeHub(pool.options, app.log);
  app.decorate('realtime', hub);
  app.addHook('onReady', async () => hub.start());
  app.addHook('preClose', async () => hub.endStreams());
  app.addHook('onClose', async () => hub.close());
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
  }
}

// ─── An open page's stream ─────────────────────────────────────────────────────────────────────────

/** One Server-Sent Events message. */
export const sseFrame = (event: string, data: unknown) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Open pages hear a comment this often, so proxies keep their streams open. */
const HEARTBEAT_MS = 25_000;

/** A page's open Server-Sent Events response, written to until the page goes or the instance stops. */
export interface OpenStream {
  /** Writes raw text while the stream is open (a frame, a `retry:` line). */
  write(chunk: string): void;
  /** Ends the stream (after a last frame, say) and cleans up. */
  end(): void;
}

/**
 * Takes over the reply as a Server-Sent Events stream: its headers, a heartbeat, and an end when the
 * page goes or the instance shuts down, when `onClose` runs once. Null when the page had already
 * gone (its `onClose` has then run).
 */
export function openStream(
  hub: RealtimeHub,
  request: FastifyRequest,
  reply: FastifyReply,
  onClose: () => void,
): OpenStream | null {
  reply.hijack();
  const raw = reply.raw;
  // Headers set earlier on the raw response (helmet's) stay; fastify's onSend hooks do not run.
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  let closed = false;
  const write = (chunk: string) => {
    if (!closed && !raw.writableEnded && !raw.destroyed) raw.write(chunk);
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    removeStream();
    onClose();
  };
  const end = () => {
    cleanup();
    raw.end();
  };
  const removeStream = hub.addStream(end);
  raw.on('close', cleanup);
  raw.on('error', cleanup);
  // The page may have gone while the caller prepared: its 'close' has then already passed.
  if (request.socket.destroyed) {
    cleanup();
    return null;
  }
  return { write, end };
}
