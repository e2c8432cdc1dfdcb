import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api-client.ts';

/**
 * Notes kept on the device before they are sent (decision 066): every item is first written to
 * IndexedDB under an id made here, then sent; it leaves the device only once the server has kept
 * it. When the classroom's Wi-Fi drops, or the page is reloaded, what was written waits and is sent,
 * in the order it was written, when the connection returns. The server keeps an item sent twice
 * once (the id is its key), so an answer lost on the way back costs nothing but a resend.
 *
 * The lesson-study observation sheet and the coaching observation sheet keep theirs here, each under
 * its own scope (`<cycle id>` and `coaching:<observation id>`).
 */
export interface OutboxItem {
  /** `<kind>:<id>`. */
  key: string;
  /** What the item belongs to: the sheet it was written on (stored as `cycleId`, the sheet's first use). */
  cycleId: string;
  /** Whose it is: only the person who wrote it sends it (a shared tablet may change hands). */
  userId: string;
  id: string;
  kind: string;
  queuedAt: number;
  /** Why the server refused it (it stays on the device until its author edits or discards it). */
  error?: string;
}

const DATABASE = 'trellis-observation';
const STORE = 'outbox';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: 'key' });
      store.createIndex('cycle', ['cycleId', 'userId']);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('This browser cannot keep notes on the device.'));
    };
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request.result);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      }),
  );
}

const listeners = new Set<() => void>();
/** Tells open sheets that the outbox changed. */
function changed() {
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What waits on this device for the person in this scope, oldest first. */
export async function queued<T extends OutboxItem>(scope: string, userId: string): Promise<T[]> {
  const items = await run<T[]>('readonly', (store) => store.index('cycle').getAll([scope, userId]));
  return items.sort((a, b) => a.queuedAt - b.queuedAt || a.key.localeCompare(b.key));
}

/**
 * Keeps an item on the device, replacing a queued version of it (as an edit does) in its place in
 * the order, and clears its error. `after` puts it just after what was queued before it (a photo
 * after its note).
 */
export async function keep<T extends OutboxItem>(
  item: Omit<T, 'key' | 'queuedAt' | 'error'>,
  after = 0,
): Promise<void> {
  const key = `${item.kind}:${item.id}`;
  const earlier = await run<OutboxItem | undefined>('readonly', (store) => store.get(key));
  await run('readwrite', (store) =>
    store.put({ ...item, key, queuedAt: earlier?.queuedAt ?? Date.now() + after, error: undefined }),
  );
  changed();
}

export async function discard(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
  changed();
}

async function markRefused(item: OutboxItem, message: string) {
  await run('readwrite', (store) => store.put({ ...item, error: message }));
  changed();
}

/** Whether a failure means "try again later" (no connection, the server busy or away) rather than "refused". */
function isPassing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429 || error.status === 401;
}

function refusal(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.problem.errors[0];
    return field ? `${error.problem.title}: ${field.message}` : error.message;
  }
  return String(error);
}

const flushing = new Map<string, Promise<{ sent: number; waiting: boolean }>>();

/**
 * Sends what waits in the scope, oldest first, one at a time, with `send`. Stops at the first
 * failure that passes (no connection), leaving it and everything after it for the next try; a
 * refusal is marked on the item and the rest go on. Resolves with how many were sent and whether
 * anything still waits to go.
 */
export function flush<T extends OutboxItem>(
  scope: string,
  userId: string,
  send: (item: T) => Promise<unknown>,
): Promise<{ sent: number; waiting: boolean }> {
  const running = flushing.get(scope);
  if (running) return running;
  const next = (async () => {
    let sent = 0;
    try {
      for (const item of await queued<T>(scope, userId)) {
        if (item.error) continue;
        try {
          await send(item);
        } catch (error) {
          if (isPassing(error)) return { sent, waiting: true };
          await markRefused(item, refusal(error));
          continue;
        }
        await run('readwrite', (store) => store.delete(item.key));
        sent++;
        changed();
      }
      return { sent, waiting: false };
    } finally {
      flushing.delete(scope);
    }
  })();
  flushing.set(scope, next);
  return next;
}

/** Whether the browser believes it is connected, kept up to date. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/**
 * A sheet's outbox: what waits on this device, sent again whenever the connection returns, the page
 * is loaded or shown again, or every 20 seconds while anything waits. `onSent` runs when something
 * reached the server (to read the sheet again).
 */
export function useDeviceOutbox<T extends OutboxItem>(
  scope: string,
  userId: string,
  send: (item: T) => Promise<unknown>,
  onSent: () => void,
) {
  const online = useOnline();
  const [items, setItems] = useState<T[]>([]);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const reload = useCallback(() => {
    queued<T>(scope, userId)
      .then((next) => {
        setItems(next);
        setUnavailable(null);
      })
      .catch(() => setUnavailable('This browser cannot keep notes on the device (private browsing?).'));
  }, [scope, userId]);
  // The latest `send` and `onSent`, read when sending: a new function each render does not send again.
  const handlers = useRef({ send, onSent });
  handlers.current = { send, onSent };
  const sendNow = useCallback(async () => {
    const result = await flush<T>(scope, userId, (item) => handlers.current.send(item)).catch(() => ({
      sent: 0,
      waiting: true,
    }));
    if (result.sent > 0) handlers.current.onSent();
  }, [scope, userId]);

  useEffect(() => {
    reload();
    return subscribe(reload);
  }, [reload]);
  useEffect(() => {
    if (online) void sendNow();
  }, [online, sendNow]);
  const waiting = items.some((item) => !item.error);
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void sendNow(), 20_000);
    const visible = () => document.visibilityState === 'visible' && void sendNow();
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [waiting, sendNow]);
  return { items, online, send: sendNow, unavailable };
}
