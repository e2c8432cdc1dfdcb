import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setupTestApp } from '#server/test/app.ts';
import { planText, toBase64 } from '#shared/lesson-plan.ts';
import { lessonStudyWithPlan } from './test-support.ts';

const t = setupTestApp();
let base = '';

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a Server-Sent Events stream over real HTTP, as the plan page's EventSource does. */
async function openStream(cookie: string, topics: string[]) {
  const controller = new AbortController();
  open.push(() => controller.abort());
  const response = await fetch(`${base}/api/events?topics=${encodeURIComponent(topics.join(','))}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  let wake = () => {};
  void (async () => {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block.match(/^event: (.*)$/m)?.[1];
        const data = block.match(/^data: (.*)$/m)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : {} });
      }
      wake();
    }
  })().catch(() => {});
  return {
    events,
    /** Waits until an event matching the test has arrived, within a time limit. */
    async until(test: (e: StreamEvent) => boolean, ms = 5_000): Promise<StreamEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event; events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 100));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

const buildPlan = () => lessonStudyWithPlan(t, 'Fractions on the number line');

describe('the plan’s live signals', () => {
  it('stops a member taken off the team hearing the plan at once, without reconnecting', async () => {
    const w = await buildPlan();
    const topics = [`inquiry-plan:${w.planId}`, `inquiry-plan:${w.cycleId}`];
    const stream = await openStream(w.asBen.cookie as string, topics);
    await stream.until((e) => e.event === 'ready');

    const removed = await w.asAna.delete(`/api/inquiry/cycles/${w.cycleId}/members/${w.ben.id}`);
    expect(removed.statusCode).toBe(204);
    for (const topic of topics) await stream.until((e) => e.event === 'revoked' && e.data.topic === topic);

    // Ana keeps writing: Ben's open page hears none of it.
    const doc = new Y.Doc();
    let update: Uint8Array = new Uint8Array();
    doc.on('update', (u: Uint8Array) => {
      update = u;
    });
    planText(doc, 'goals').insert(0, 'Students compare fractions by reasoning.');
    const sent = await w.asAna.post(`/api/inquiry/cycles/${w.cycleId}/plans/1/updates`, {
      update: toBase64(update),
    });
    expect(sent.statusCode).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.events.filter((e) => e.event === 'signal')).toEqual([]);
  });
});
