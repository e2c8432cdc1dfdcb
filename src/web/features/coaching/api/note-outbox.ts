import type { ObservationNoteBody } from '#shared/contracts/coaching.ts';
import { flush, keep, type OutboxItem } from '#web/lib/device-outbox.ts';
import { putObservationNote } from './coaching.ts';

/**
 * A coaching observation's notes are kept on the tablet first (`#web/lib/device-outbox.ts`, as the
 * lesson-study sheet keeps its notes, decision 066), under the scope `coaching:<observation id>`, and
 * sent in the order they were written: a note written when the room's Wi-Fi dropped survives a reload
 * and reaches the server once when it returns.
 */
export interface QueuedCoachingNote extends OutboxItem {
  kind: 'coaching-note';
  observationId: string;
  body: ObservationNoteBody;
}

export const noteScope = (observationId: string) => `coaching:${observationId}`;

/** Keeps a note on the tablet, under the id it is sent with. */
export const queueCoachingNote = (args: {
  observationId: string;
  userId: string;
  id: string;
  body: ObservationNoteBody;
}) =>
  keep<QueuedCoachingNote>({
    ...args,
    kind: 'coaching-note',
    cycleId: noteScope(args.observationId),
  });

export const sendCoachingNote = (item: QueuedCoachingNote) =>
  putObservationNote(item.observationId, item.id, item.body);

/** Sends what waits for the person in this observation. */
export const flushCoachingNotes = (observationId: string, userId: string) =>
  flush<QueuedCoachingNote>(noteScope(observationId), userId, sendCoachingNote);
