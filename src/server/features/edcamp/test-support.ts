import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { TestContext } from '#server/test/app.ts';
import { guestCookieName } from './guests.ts';

/**
 * An event for an edcamp test, written straight to its table: a district event in person (or
 * online), seen by the district, organized by its creator.
 */
export async function buildEvent(
  db: Db,
  options: {
    districtId: string;
    createdBy: string;
    mode?: 'in_person' | 'online' | 'hybrid';
    title?: string;
  },
): Promise<string> {
  const id = uuidv7();
  await db.execute(sql`
    insert into events (id, host_kind, host_id, district_id, audience, audience_id, kind, title, mode, time_zone,
                        starts_at, ends_at, created_by)
    values (${id}, 'district', ${options.districtId}, ${options.districtId}, 'district', ${options.districtId},
            'edcamp', ${options.title ?? 'Edcamp Riverside'}, ${options.mode ?? 'in_person'}, 'America/Chicago',
            now() - interval '1 hour', now() + interval '5 hours', ${options.createdBy})`);
  return id;
}

/** Two slots, the first begun an hour ago (attendance may be marked), the second later today. */
export function boardBody(options: { guestsAllowed?: boolean; rooms?: number } = {}) {
  const hour = 3_600_000;
  const now = Date.now();
  return {
    rooms: [
      { name: 'Library', capacity: 40 },
      { name: 'Room 12', capacity: 20 },
      { name: 'Art room', capacity: 15 },
    ].slice(0, options.rooms ?? 3),
    slots: [
      {
        label: 'First session',
        startsAt: new Date(now - hour).toISOString(),
        endsAt: new Date(now - hour + 45 * 60_000).toISOString(),
      },
      {
        label: 'Second session',
        startsAt: new Date(now + hour).toISOString(),
        endsAt: new Date(now + 2 * hour).toISOString(),
      },
    ],
    guestsAllowed: options.guestsAllowed ?? true,
  };
}

/** A phone that joined a board with its code: it keeps the guest cookie and sends it, with the Origin. */
export function guestPhone(t: TestContext, address = '203.0.113.7') {
  const name = guestCookieName(t.config);
  const self = {
    cookie: null as string | null,
    async request(options: InjectOptions): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
      if (self.cookie) headers.cookie = self.cookie;
      if (options.method && options.method !== 'GET') headers.origin ??= t.config.PUBLIC_URL;
      const response = await t.app.inject({ ...options, headers, remoteAddress: address });
      const set = response.cookies.find((c) => c.name === name);
      if (set) self.cookie = set.value ? `${name}=${set.value}` : null;
      return response;
    },
    get: (url: string) => self.request({ method: 'GET', url }),
    post: (url: string, payload?: unknown) =>
      self.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    put: (url: string, payload?: unknown) =>
      self.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] }),
    delete: (url: string) => self.request({ method: 'DELETE', url }),
  };
  return self;
}
