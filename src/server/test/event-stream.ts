import { afterEach } from 'vitest';

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/**
 * Reads a Server-Sent Events stream of `/api/events` over real HTTP at `base`, as a browser's
 * EventSource would. Streams still open when a test ends are closed.
 */
export async function openEventStream(base: string, cookie: string, topics: string[]) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events?topics=${encodeURIComponent(topics.join(','))}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  let ended = false;
  let wake: () => void = () => {};
  const reading = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block.match(/^event: (.*)$/m)?.[1];
        const data = block.match(/^data: (.*)$/m)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : {} });
        end = buffer.indexOf('\n\n');
      }
      wake();
    }
  })()
    .catch(() => {})
    .finally(() => {
      ended = true;
      wake();
    });
  const close = () => controller.abort();
  open.push(close);
  let seen = 0;
  return {
    response,
    events,
    reading,
    get ended() {
      return ended;
    },
    close,
    /** The next event (after those already taken) matching the test, within a time limit. */
    async next(test: (e: StreamEvent) => boolean = () => true, ms = 5_000): Promise<StreamEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        while (seen < events.length) {
          const event = events[seen++];
          if (test(event)) return event;
        }
        if (ended) throw new Error(`stream ended; events: ${JSON.stringify(events)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event; events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}
