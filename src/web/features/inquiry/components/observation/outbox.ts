import type { ObservationNoteBody } from '#shared/contracts/inquiry-observation.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { putObservationNote, putObservationPhoto } from '../../api/observation.ts';

/**
 * The observation sheet's outbox: every note and photo is first kept on the device (IndexedDB) under
 * an id made here, then sent; it leaves the device only once the server has kept it. When the
 * classroom's Wi-Fi drops, what was written waits and is sent, in the order it was written, when
 * the connection returns. The server keeps a note or photo sent twice once (the id is the key), so
 * an answer lost on the way back costs nothing but a resend.
 */

interface Queued {
  /** `note:<id>` or `photo:<id>`. */
  key: string;
  cycleId: string;
  /** Whose it is: only the person who wrote it sends it (a shared tablet may change hands). */
  userId: string;
  id: string;
  queuedAt: number;
  /** Why the server refused it (it stays on the device until its author edits or discards it). */
  error?: string;
}

export interface QueuedNote extends Queued {
  kind: 'note';
  body: ObservationNoteBody;
}

export interface QueuedPhoto extends Queued {
  kind: 'photo';
  photo: Blob;
  takenAt: string;
  noteId: string | null;
}

export type QueuedItem = QueuedNote | QueuedPhoto;

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

/** What waits on this device for the person in this cycle, oldest first. */
export async function queued(cycleId: string, userId: string): Promise<QueuedItem[]> {
  const items = await run<QueuedItem[]>('readonly', (store) =>
    store.index('cycle').getAll([cycleId, userId]),
  );
  return items.sort((a, b) => a.queuedAt - b.queuedAt || a.key.localeCompare(b.key));
}

/** Keeps a note on the device (replacing a queued version of it, as an edit does) and clears its error. */
export async function queueNote(item: Omit<QueuedNote, 'key' | 'kind' | 'queuedAt'>): Promise<void> {
  const key = `note:${item.id}`;
  const earlier = await run<QueuedItem | undefined>('readonly', (store) => store.get(key));
  await run('readwrite', (store) =>
    store.put({ ...item, key, kind: 'note', queuedAt: earlier?.queuedAt ?? Date.now(), error: undefined }),
  );
  changed();
}

export async function queuePhoto(item: Omit<QueuedPhoto, 'key' | 'kind' | 'queuedAt'>): Promise<void> {
  // A photo is queued after its note, so it is sent after it.
  await run('readwrite', (store) =>
    store.put({ ...item, key: `photo:${item.id}`, kind: 'photo', queuedAt: Date.now() + 1 }),
  );
  changed();
}

export async function discard(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
  changed();
}

async function markRefused(item: QueuedItem, message: string) {
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

let flushing: Promise<{ sent: number; waiting: boolean }> | null = null;

/**
 * Sends what waits, oldest first, one at a time. Stops at the first failure that passes (no
 * connection), leaving it and everything after it for the next try; a refusal is marked on the
 * item and the rest go on. Resolves with how many were sent and whether anything still waits to go.
 */
export function flush(cycleId: string, userId: string): Promise<{ sent: number; waiting: boolean }> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (const item of await queued(cycleId, userId)) {
        if (item.error) continue;
        try {
          if (item.kind === 'note') await putObservationNote(item.cycleId, item.id, item.body);
          else
            await putObservationPhoto(item.cycleId, item.id, item.photo, {
              takenAt: item.takenAt,
              noteId: item.noteId,
            });
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
      flushing = null;
    }
  })();
  return flushing;
}
