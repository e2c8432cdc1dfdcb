import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { guestCookieName } from './guests.ts';
import { MAX_STREAMS_PER_PARTICIPANT } from './routes.ts';
import { boardBody, buildEvent, guestPhone } from './test-support.ts';

/**
 * A guest's cookie against the whole API: on every route outside the edcamp board's own, a request
 * carrying it must be answered exactly as the same request from a signed-out visitor.
 */
const t = setupTestApp();
let base = '';
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

async function openGuestBoard() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const olive = await buildUser(db, { districtId: district.id });
  const eventId = await buildEvent(db, { districtId: district.id, createdBy: olive.id });
  const opened = await (await signedIn(t, olive.id)).post(`/api/events/${eventId}/edcamp`, boardBody());
  expect(opened.statusCode, opened.body).toBe(201);
  const board = opened.json().data as { id: string; joinCode: string };
  const phone = guestPhone(t, '192.0.2.10');
  const joined = await phone.post('/api/edcamp/join', { code: board.joinCode, name: 'Gabe' });
  expect(joined.statusCode).toBe(200);
  return { eventId, board, cookie: phone.cookie as string };
}

type Operation = { parameters?: { in: string; name: string }[] };
type Document = { paths: Record<string, Record<string, Operation>> };

describe('an edcamp guest cookie', () => {
  it('opens nothing of Trellis beyond its board: every other route answers as to a signed-out visitor', async () => {
    const { eventId, board, cookie } = await openGuestBoard();
    expect(cookie).toContain(`${guestCookieName(t.config)}=`);

    const doc = (await agent(t).get('/api/docs')).json() as Document;
    let n = 0;
    const differences: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      // The board's own routes, and streams that stay open, are tested in edcamp.test.ts.
      if (path.includes('edcamp') || path.endsWith('/stream') || path === '/api/events') continue;
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        for (const id of [eventId, board.id]) {
          let url = path;
          for (const p of operation.parameters ?? [])
            if (p.in === 'path') url = url.replace(`{${p.name}}`, id);
          const ask = (withCookie: boolean) => {
            n++;
            const headers: Record<string, string> = { origin: t.config.PUBLIC_URL };
            if (withCookie) headers.cookie = cookie;
            return t.app.inject({
              method: method.toUpperCase() as 'GET',
              url,
              headers,
              remoteAddress: `10.77.${(n >> 8) & 255}.${n & 255}`,
              ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
            });
          };
          const [anonymous, guest] = [await ask(false), await ask(true)];
          if (anonymous.statusCode !== guest.statusCode)
            differences.push(
              `${method} ${url}: ${anonymous.statusCode} signed out, ${guest.statusCode} as guest`,
            );
        }
      }
    }
    expect(n).toBeGreaterThan(200);
    expect(differences).toEqual([]);
  });

  it('holds a bounded number of open board streams, and frees a place when a page goes', async () => {
    const { board, cookie } = await openGuestBoard();
    const url = `${base}/api/edcamp/boards/${board.id}/stream`;
    const open = async () => {
      const controller = new AbortController();
      const response = await fetch(url, { headers: { cookie }, signal: controller.signal });
      return { status: response.status, close: () => controller.abort() };
    };
    const pages = [];
    for (let i = 0; i < MAX_STREAMS_PER_PARTICIPANT; i++) pages.push(await open());
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 200));
    const flood = await open();
    expect(flood.status).toBe(429);
    pages[0].close();
    await expect
      .poll(async () => {
        const again = await open();
        again.close();
        return again.status;
      })
      .toBe(200);
    for (const page of pages) page.close();
  });
});
