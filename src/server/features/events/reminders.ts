import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { type JobData, defineJob } from '#server/platform/jobs.ts';
import { EVENT_OBJECT } from './activity.ts';

const REMINDED = 'https://trellis.dev/xapi/verbs/reminded';
/** How far ahead each reminder goes, and how late a missed one may still go. */
const LEADS = [
  { lead: 'day', ahead: '1 day', late: '1 hour' },
  { lead: 'hour', ahead: '1 hour', late: '15 minutes' },
] as const;

/**
 * Reminds registrants of each session a day and an hour before (decision 082), once per session and
 * lead: the row in event_reminders is written in the transaction that tells them, so a job run again
 * skips it. Each person's notification settings decide whether it comes in app, by email or not at all.
 */
export async function sendDueReminders(db: Db, now = new Date()): Promise<number> {
  let sent = 0;
  for (const { lead, ahead, late } of LEADS) {
    const { rows } = await db.execute<{ id: string; event_id: string; title: string }>(sql`
      select s.id, s.event_id, coalesce(s.title, e.title) as title
        from event_sessions s join events e on e.id = s.event_id
       where s.status = 'scheduled' and e.status = 'scheduled'
         and s.starts_at <= ${now.toISOString()}::timestamptz + ${ahead}::interval
         and s.starts_at > ${now.toISOString()}::timestamptz + ${ahead}::interval - ${late}::interval
         and not exists (select 1 from event_reminders r where r.session_id = s.id and r.lead = ${lead})
       limit 200`);
    for (const session of rows)
      await db.transaction(async (tx) => {
        const marked = await tx.execute(sql`
          insert into event_reminders (session_id, lead) values (${session.id}, ${lead}) on conflict do nothing returning session_id`);
        if (!marked.rows.length) return;
        const people = await tx.execute<{ user_id: string }>(sql`
          select user_id from event_registrations where event_id = ${session.event_id} and status = 'registered'`);
        await tx.execute(
          sql`update event_reminders set count = ${people.rows.length} where session_id = ${session.id} and lead = ${lead}`,
        );
        if (!people.rows.length) return;
        await recordActivity(tx, {
          actor: null,
          verb: REMINDED,
          object: { type: EVENT_OBJECT, id: session.event_id, name: session.title },
          context: { districtId: null },
          notify: [
            {
              kind: 'event_reminder',
              to: people.rows.map((p) => p.user_id),
              data: { eventId: session.event_id, eventTitle: session.title, lead },
            },
          ],
        });
        sent += people.rows.length;
      });
  }
  return sent;
}

export const reminderJob = defineJob<JobData>({
  name: 'events.reminders',
  title: 'Event reminders',
  schedule: '*/5 * * * *',
  policy: 'singleton',
  retryLimit: 2,
  async work(_job, app) {
    await sendDueReminders(app.db);
  },
});
