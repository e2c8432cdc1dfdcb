import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { EventMode, EventStatus } from '#shared/contracts/events.ts';

/** What an edcamp board shows its guests of its event: no policy, since the board's code let them in. */
export interface EventFacts {
  title: string;
  mode: EventMode;
  status: EventStatus;
  timeZone: string;
}

/** The event's title, mode, status and time zone, or null when there is no such event. */
export async function eventFacts(tx: Pick<Tx, 'execute'>, eventId: string): Promise<EventFacts | null> {
  const { rows } = await tx.execute<{
    title: string;
    mode: EventMode;
    status: EventStatus;
    time_zone: string;
  }>(sql`select title, mode, status, time_zone from events where id = ${eventId}`);
  const row = rows[0];
  return row ? { title: row.title, mode: row.mode, status: row.status, timeZone: row.time_zone } : null;
}
