import { useEffect, useRef } from 'react';

/** A content-free signal from the server: something under this topic changed; fetch again. */
export interface RealtimeSignal {
  topic: string;
  type: string;
  id?: string;
}

type Listener = { topics: string[]; onSignal: (signal: RealtimeSignal) => void };

/**
 * One EventSource per tab, whatever the number of components listening: browsers allow few
 * connections per origin. When the set of topics changes the stream reconnects with the new set;
 * EventSource itself reconnects after a dropped connection.
 */
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let connectedTopics = '';
let pending: ReturnType<typeof setTimeout> | null = null;

function topicsWanted(): string {
  const all = new Set<string>();
  for (const listener of listeners) for (const topic of listener.topics) all.add(topic);
  return [...all].sort().join(',');
}

function reconnectSoon(): void {
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    const wanted = topicsWanted();
    if (wanted === connectedTopics && source) return;
    source?.close();
    source = null;
    connectedTopics = wanted;
    if (!wanted) return;
    source = new EventSource(`/api/events?topics=${encodeURIComponent(wanted)}`, { withCredentials: true });
    const deliver = (signal: RealtimeSignal) => {
      for (const listener of listeners) if (listener.topics.includes(signal.topic)) listener.onSignal(signal);
    };
    source.addEventListener('signal', (event) => deliver(JSON.parse((event as MessageEvent<string>).data)));
    // The session ended (signed out here or elsewhere, password changed, account deactivated): stop
    // without reconnecting; the next page to listen after signing in again opens a new stream.
    const stream = source;
    stream.addEventListener('ended', () => {
      stream.close();
      if (source !== stream) return;
      source = null;
      connectedTopics = '';
    });
    // A topic the person may no longer hear: its pages fetch again and learn why from the API.
    source.addEventListener('revoked', (event) => {
      const { topic } = JSON.parse((event as MessageEvent<string>).data) as { topic: string };
      deliver({ topic, type: 'revoked' });
    });
  }, 50);
}

/**
 * Calls onSignal when the server signals a change under any of the topics (`user:<id>`,
 * `thread:<id>`, `community:<id>`). Pages answer by refetching through the API.
 */
export function useRealtime(topics: string[], onSignal: (signal: RealtimeSignal) => void): void {
  const callback = useRef(onSignal);
  callback.current = onSignal;
  const key = topics.filter(Boolean).sort().join(',');
  useEffect(() => {
    if (!key) return;
    const listener: Listener = { topics: key.split(','), onSignal: (s) => callback.current(s) };
    listeners.add(listener);
    reconnectSoon();
    return () => {
      listeners.delete(listener);
      reconnectSoon();
    };
  }, [key]);
}
