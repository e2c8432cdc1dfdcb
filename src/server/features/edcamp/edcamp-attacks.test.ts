import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { guestCookieName } from './guests.ts';
import { boardBody, buildEvent, guestPhone } from './test-support.ts';

/**
 * A guest's cookie against the whole API: on every route outside the edcamp board's own, a request
 * carrying it must be answered exactly as the same request from a signed-out visitor.
 */
const t = setupTestApp();

type Operation = { parameters?: { in: string; name: string }[] };
type Document = { paths: Record<string, Record<string, Operation>> };

describe('an edcamp guest cookie', () => {
  it('opens nothing of Trellis beyond its board: every other route answers as to a signed-out visitor', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const olive = await buildUser(db, { districtId: district.id });
    const eventId = await buildEvent(db, { districtId: district.id, createdBy: olive.id });
    const opened = await (await signedIn(t, olive.id)).post(`/api/events/${eventId}/edcamp`, boardBody());
    expect(opened.statusCode, opened.body).toBe(201);
    const board = opened.json().data as { id: string; joinCode: string };
    const phone = guestPhone(t, '192.0.2.10');
    expect((await phone.post('/api/edcamp/join', { code: board.joinCode, name: 'Gabe' })).statusCode).toBe(
      200,
    );
    const cookie = phone.cookie as string;
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
});
