import type { ObservationNoteBody } from '#shared/contracts/inquiry-observation.ts';
import {
  discard,
  flush as flushScope,
  keep,
  type OutboxItem,
  queued,
  subscribe,
} from '#web/lib/device-outbox.ts';
import { putObservationNote, putObservationPhoto } from '../../api/observation.ts';

/**
 * The lesson-study observation sheet's outbox (decision 066, `#web/lib/device-outbox.ts`): its notes
 * and photos are kept on the device under the cycle's id, then sent in the order they were written.
 */

export interface QueuedNote extends OutboxItem {
  kind: 'note';
  body: ObservationNoteBody;
}

export interface QueuedPhoto extends OutboxItem {
  kind: 'photo';
  photo: Blob;
  takenAt: string;
  noteId: string | null;
}

export type QueuedItem = QueuedNote | QueuedPhoto;

export { discard, queued, subscribe };

/** Keeps a note on the device (replacing a queued version of it, as an edit does) and clears its error. */
export const queueNote = (item: Omit<QueuedNote, 'key' | 'kind' | 'queuedAt' | 'error'>) =>
  keep<QueuedNote>({ ...item, kind: 'note' });

/** A photo is queued after its note, so it is sent after it. */
export const queuePhoto = (item: Omit<QueuedPhoto, 'key' | 'kind' | 'queuedAt' | 'error'>) =>
  keep<QueuedPhoto>({ ...item, kind: 'photo' }, 1);

/** Sends one queued note or photo of a lesson study. */
export const sendItem = (item: QueuedItem) =>
  item.kind === 'note'
    ? putObservationNote(item.cycleId, item.id, item.body)
    : putObservationPhoto(item.cycleId, item.id, item.photo, { takenAt: item.takenAt, noteId: item.noteId });

/** Sends what waits for the person in this cycle (see `flush` in the device outbox). */
export const flush = (cycleId: string, userId: string) => flushScope<QueuedItem>(cycleId, userId, sendItem);
