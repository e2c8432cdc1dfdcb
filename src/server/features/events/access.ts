import { sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import type { EventKind, EventMode, EventStatus } from '#shared/contracts/events.ts';
import { type EventAccess, type Viewer, eventAccess } from './policy.ts';

/** What another feature (the edcamp board) reads of an event the viewer may see. */
export interface EventForViewer extends EventAccess {
  kind: EventKind;
  mode: EventMode;
  status: EventStatus;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  sessions: { id: string; startsAt: string; endsAt: string; status: EventStatus }[];
}

/** The event as the viewer may see it; 404 when they may not. */
export async function getEventForViewer(tx: Tx, viewer: Viewer, eventId: string): Promise<EventForViewer> {
  const access = await eventAccess(tx, viewer, eventId);
  if (!access) throw new NotFoundError('No such event.');
  const { rows } = await tx.execute<{
    kind: EventKind;
    mode: EventMode;
    status: EventStatus;
    time_zone: string;
    starts_at: Date;
    ends_at: Date;
  }>(sql`select kind, mode, status, time_zone, starts_at, ends_at from events where id = ${eventId}`);
  const sessions = await tx.execute<{ id: string; starts_at: Date; ends_at: Date; status: EventStatus }>(
    sql`select id, starts_at, ends_at, status from event_sessions where event_id = ${eventId} order by starts_at`,
  );
  const e = rows[0];
  return {
    ...access,
    kind: e.kind,
    mode: e.mode,
    status: e.status,
    timeZone: e.time_zone,
    startsAt: new Date(e.starts_at).toISOString(),
    endsAt: new Date(e.ends_at).toISOString(),
    sessions: sessions.rows.map((s) => ({
      id: s.id,
      startsAt: new Date(s.starts_at).toISOString(),
      endsAt: new Date(s.ends_at).toISOString(),
      status: s.status,
    })),
  };
}
