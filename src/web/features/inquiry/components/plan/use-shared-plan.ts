import { useCallback, useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from '#shared/lesson-plan.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useRealtime } from '#web/lib/realtime.ts';
import { fetchPlanUpdates, fetchPlanVersion, sendPlanUpdate } from '../../api/plan.ts';

/** How the page's edits stand with the server, shown beside the plan and announced. */
export type SaveState = 'loading' | 'saved' | 'saving' | 'unsent' | 'error';

/** Edits applied from the server carry this origin, so they are not sent back. */
const REMOTE = 'remote';
const SEND_AFTER_MS = 400;
const POLL_MS = 20_000;

/**
 * Edits not yet stored by the server are kept on the device under the cycle (not the version):
 * if the tab closes or the connection drops they are sent when the plan opens again, and if the
 * plan was revised meanwhile they go to the revision, which starts from the same document.
 */
const pendingKey = (cycleId: string) => `trellis.plan-pending.${cycleId}`;

function readPending(cycleId: string): Uint8Array | null {
  try {
    const stored = window.localStorage.getItem(pendingKey(cycleId));
    return stored ? fromBase64(stored) : null;
  } catch {
    return null;
  }
}

function writePending(cycleId: string, update: Uint8Array | null): void {
  try {
    if (update) window.localStorage.setItem(pendingKey(cycleId), toBase64(update));
    else window.localStorage.removeItem(pendingKey(cycleId));
  } catch {
    // A full or blocked storage leaves the edits in memory only; the save state still says unsent.
  }
}

/**
 * The newest plan version as a Yjs document shared with the team: local edits are sent (merged,
 * a moment after typing stops), others' edits are fetched when the server signals them, and
 * nothing typed is dropped: an edit the server did not take stays pending and is sent again.
 */
export function useSharedPlan(args: {
  cycleId: string;
  planId: string;
  version: number;
  editable: boolean;
  /** The plan was revised elsewhere: the page moves to the newest version (pending edits follow). */
  onRevised: () => void;
}) {
  const { cycleId, planId, version, editable, onRevised } = args;
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [state, setState] = useState<SaveState>('loading');
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const revised = useRef(onRevised);
  revised.current = onRevised;

  const pull = useCallback(async () => {
    if (!doc) return;
    const got = await fetchPlanUpdates(cycleId, version, seq.current);
    Y.transact(
      doc,
      () => {
        for (const u of got.data.updates) Y.applyUpdate(doc, fromBase64(u.update), REMOTE);
      },
      REMOTE,
    );
    seq.current = Math.max(seq.current, got.data.seq);
  }, [doc, cycleId, version]);

  const send = useCallback(async () => {
    if (!editable || inFlight.current) return;
    const pending = readPending(cycleId);
    if (!pending) {
      setState('saved');
      return;
    }
    inFlight.current = true;
    setState('saving');
    try {
      await sendPlanUpdate(cycleId, version, toBase64(pending));
      // Edits made while this one travelled were merged into what is stored now: keep only those.
      const now = readPending(cycleId);
      if (now && toBase64(now) === toBase64(pending)) writePending(cycleId, null);
      else if (now) writePending(cycleId, Y.diffUpdate(now, Y.encodeStateVectorFromUpdate(pending)));
      setError(null);
      setState(readPending(cycleId) ? 'unsent' : 'saved');
    } catch (e) {
      if (e instanceof ApiError && e.problem.code === 'plan_revised') {
        revised.current();
        return;
      }
      setState(e instanceof ApiError && e.status < 500 && e.status !== 429 ? 'error' : 'unsent');
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      inFlight.current = false;
    }
    if (readPending(cycleId)) {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void send(), SEND_AFTER_MS * 5);
    }
  }, [cycleId, version, editable]);

  // Load the version, and with it any edits this device still holds.
  useEffect(() => {
    let stop = false;
    setDoc(null);
    setState('loading');
    void fetchPlanVersion(cycleId, version).then(
      (res) => {
        if (stop) return;
        const next = new Y.Doc();
        Y.applyUpdate(next, fromBase64(res.data.state), REMOTE);
        seq.current = res.data.seq;
        const pending = editable ? readPending(cycleId) : null;
        if (pending) Y.applyUpdate(next, pending, 'restored');
        setDoc(next);
        setState(pending ? 'unsent' : 'saved');
      },
      (e: unknown) => {
        if (stop) return;
        setState('error');
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      stop = true;
    };
  }, [cycleId, version, editable]);

  // Keep each local edit on the device at once, and send a moment after typing stops.
  useEffect(() => {
    if (!doc || !editable) return;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      const held = readPending(cycleId);
      writePending(cycleId, held ? Y.mergeUpdates([held, update]) : update);
      setState('unsent');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void send(), SEND_AFTER_MS);
    };
    doc.on('update', onUpdate);
    if (readPending(cycleId)) void send();
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (readPending(cycleId)) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    const online = () => void send();
    window.addEventListener('online', online);
    return () => {
      doc.off('update', onUpdate);
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [doc, editable, cycleId, send]);

  // Others' edits: fetched when the server signals one, and now and then in case a signal was lost.
  useRealtime([`inquiry-plan:${planId}`], (signal) => {
    if (signal.type === 'update' && Number(signal.id) <= seq.current) return;
    if (signal.type === 'update' || signal.type === 'resync') void pull().catch(() => {});
    if (signal.type === 'revised') revised.current();
  });
  useEffect(() => {
    if (!doc) return;
    const poll = setInterval(() => void pull().catch(() => {}), POLL_MS);
    return () => clearInterval(poll);
  }, [doc, pull]);

  return { doc, state, error, retry: send };
}
