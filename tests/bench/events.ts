/**
 * Events at state scale (issue 17): 200,000 events of the state network's districts, schools and
 * networks (a tenth of them series of four to six sessions) and 5,000,000 registrations, written
 * straight in SQL at measure time when missing. Batches of 10,000 events commit one at a time and are
 * remembered in `bench.event_batches` (a schema Trellis never reads), so a broken-off run writes only
 * what is missing. The bench reads the calendar (a month of sessions a teacher may see) and event
 * search, and checks that 500 people registering at once for a 300-seat event end with exactly 300
 * registered and 200 waitlisted (decision 082).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/events.ts
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashToken, newToken } from '#server/platform/secrets.ts';

const BATCH = 10_000;

export interface EventsShape {
  events: number;
  registrations: number;
}

export const eventsShape = (small: boolean): EventsShape =>
  small ? { events: 4_000, registrations: 100_000 } : { events: 200_000, registrations: 5_000_000 };

const TITLES = [
  'Number Talks Institute',
  'Science of Reading: Phonics Routines',
  'Restorative Circles Workshop',
  'Formative Assessment in Five Minutes',
  'Thinking Classrooms in Grades 6–8',
  'Co-Teaching with Special Educators',
  'Project-Based Learning Kickoff',
  'Monthly Math PLC',
  'New Teacher Summer Institute',
  'Literacy Across the Content Areas',
  'Data Teams: Reading Student Work',
  'AI Tools for Feedback on Writing',
];
const SUBJECTS = ['Mathematics', 'English Language Arts', 'Science', 'Social Studies', 'Special Education'];
const GRADE_BANDS = ['PK-2', '3-5', '6-8', '9-12'];
const KINDS = ['workshop', 'workshop', 'workshop', 'series', 'plc_meeting', 'institute', 'conference'];

/** Writes the events, their sessions and registrations up to the shape; returns the events written now. */
export async function generateEvents(url: string, shape: EventsShape): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create schema if not exists bench');
    await client.query(
      'create table if not exists bench.event_batches (batch int primary key, events int not null, at timestamptz not null default now())',
    );
    const batches = Math.ceil(shape.events / BATCH);
    const { rows: done } = await client.query<{ batch: number }>('select batch from bench.event_batches');
    const missing = Array.from({ length: batches }, (_, b) => b).filter(
      (b) => !done.some((d) => d.batch === b),
    );
    if (!missing.length) return 0;
    const started = Date.now();
    await client.query(`set work_mem = '256MB'`);
    // Hosts: each district (with its admin as creator), and each network (with a district admin of it).
    await client.query(`create temp table ev_hosts as
      select row_number() over (order by o.id) as k, o.kind as host_kind, o.id as host_id,
             case when o.kind = 'district' then o.id end as district_id,
             case when o.kind = 'network' then o.id end as network_id,
             (select m.user_id from memberships m join users u on u.id = m.user_id
               where (m.organization_id = o.id or (o.kind = 'network' and u.district_id in
                      (select nd.district_id from network_districts nd where nd.network_id = o.id)))
                 and u.status = 'active' order by m.user_id limit 1) as creator
        from organizations o where o.kind in ('district', 'network')`);
    await client.query('delete from ev_hosts where creator is null');
    await client.query(
      'create temp table ev_hosts2 as select row_number() over (order by k) as k, host_kind, host_id, district_id, network_id, creator from ev_hosts',
    );
    await client.query('create unique index on ev_hosts2 (k)');
    const {
      rows: [{ n: hosts }],
    } = await client.query<{ n: number }>('select count(*)::int as n from ev_hosts2');
    // People, numbered, with their district: registrants are drawn from the event's district (or anyone, for a network's).
    await client.query(`create temp table ev_people as
      select row_number() over (order by u.id) as k, u.id, u.district_id from users u where u.status = 'active'`);
    await client.query('create unique index on ev_people (k)');
    const {
      rows: [{ n: people }],
    } = await client.query<{ n: number }>('select count(*)::int as n from ev_people');
    if (!hosts || people < 100) throw new Error('the network has no hosts or too few people for events');
    const perEvent = Math.max(1, Math.round(shape.registrations / shape.events));
    let written = 0;
    for (const batch of missing) {
      const from = batch * BATCH + 1;
      const to = Math.min(shape.events, (batch + 1) * BATCH);
      await client.query('begin');
      try {
        await client.query(
          `create temp table ev_batch on commit drop as
          select n, gen_random_uuid() as id, h.host_kind, h.host_id, h.district_id, h.network_id, h.creator,
                 case when n % 10 = 0 then 6 - n % 3 else 1 end as sessions,
                 -- From a year ago to a year ahead, at 8:00-17:00 Chicago time on the hour.
                 date_trunc('hour', now() - interval '365 days' + (n % 730) * interval '1 day') + ((n % 10) + 13) * interval '1 hour' as starts_at,
                 (array[20, 30, 40, 60, 120, 300])[1 + n % 6] as capacity
            from generate_series($1::int, $2::int) n
            join ev_hosts2 h on h.k = 1 + (n * 7919) % $3`,
          [from, to, hosts],
        );
        await client.query(
          `insert into events (id, host_kind, host_id, district_id, network_id, audience, audience_id, kind, title, description,
                               mode, place, room, capacity, taken, meeting_url, time_zone, subjects, grade_bands, credit_hours,
                               starts_at, ends_at, created_by, created_at)
           select b.id, b.host_kind, b.host_id, b.district_id, b.network_id, b.host_kind, b.host_id,
                  ($1::text[])[1 + b.n % 7], ($2::text[])[1 + b.n % 12] || ' ' || b.n,
                  'Bench event ' || b.n || ': practical strategies teachers can use the next day.',
                  (array['in_person', 'online', 'hybrid'])[1 + b.n % 3], 'Room ' || (100 + b.n % 300), '',
                  b.capacity, 0,
                  case when b.n % 3 <> 0 then 'https://meet.example.org/' || b.n end, 'America/Chicago',
                  array[($3::text[])[1 + b.n % 5]], array[($4::text[])[1 + b.n % 4]],
                  case when b.n % 2 = 0 then (1 + b.n % 6) * 2 end,
                  b.starts_at, b.starts_at + (b.sessions - 1) * interval '7 days' + interval '2 hours', b.creator, b.starts_at - interval '30 days'
             from ev_batch b`,
          [KINDS, TITLES, SUBJECTS, GRADE_BANDS],
        );
        await client.query(`insert into event_sessions (id, event_id, starts_at, ends_at, recurrence_id, checkin_code, audience, audience_id, host_id)
          select gen_random_uuid(), b.id, b.starts_at + i * interval '7 days', b.starts_at + i * interval '7 days' + interval '2 hours',
                 b.starts_at + i * interval '7 days', upper(substr(md5(b.id::text || i), 1, 6)), b.host_kind, b.host_id, b.host_id
            from ev_batch b cross join lateral generate_series(0, b.sessions - 1) i`);
        // Registrations: up to the capacity registered, the rest waitlisted, drawn without repeats.
        await client.query(
          `insert into event_registrations (id, event_id, user_id, status, waitlist_at, created_at, updated_at)
           select gen_random_uuid(), b.id, p.id,
                  case when j <= b.capacity then 'registered' else 'waitlisted' end,
                  case when j > b.capacity then b.starts_at - interval '10 days' + j * interval '1 second' end,
                  b.starts_at - interval '20 days', b.starts_at - interval '20 days'
             from ev_batch b
             cross join lateral generate_series(1, greatest(1, $1::int + (b.n % 21) - 10)) j
             join ev_people p on p.k = 1 + ((b.n::bigint * 104729 + j::bigint * 7919) % $2)
           on conflict (event_id, user_id) do nothing`,
          [perEvent, people],
        );
        await client.query(`update events e set taken = least(e.capacity, r.n)
            from (select r.event_id, count(*) filter (where r.status = 'registered')::int as n
                    from event_registrations r join ev_batch b on b.id = r.event_id group by r.event_id) r
           where e.id = r.event_id`);
        await client.query('insert into bench.event_batches (batch, events) values ($1, $2)', [
          batch,
          to - from + 1,
        ]);
        await client.query('commit');
        written += to - from + 1;
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      console.log(`events: batch ${batch + 1} of ${batches} (${to.toLocaleString('en-US')} events)`);
    }
    for (const table of ['events', 'event_sessions', 'event_registrations'])
      await client.query(`vacuum analyze ${table}`);
    console.log(
      `generated ${written.toLocaleString('en-US')} events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return written;
  } finally {
    await client.end();
  }
}

export interface EventReader {
  cookie: string;
  calendarPath: string;
  searchPath: string;
}

/**
 * Sessions of `count` teachers, each with a month of the calendar around the bench's events and a
 * search for one subject's workshops with credit.
 */
export async function signInEventReaders(url: string, count: number): Promise<EventReader[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select u.id from users u join memberships m on m.user_id = u.id and m.organization_id = u.district_id and m.role = 'teacher'
        where u.status = 'active' order by hashtext(u.id::text) limit $1`,
      [count],
    );
    const readers: EventReader[] = [];
    for (const [i, row] of rows.entries()) {
      const token = newToken();
      await client.query(
        `insert into sessions (token_hash, id, user_id, csrf_token, expires_at) values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
        [hashToken(token), row.id, newToken()],
      );
      const month = new Date();
      month.setUTCDate(1);
      month.setUTCMonth(month.getUTCMonth() + (i % 6));
      const from = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
      const to = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      readers.push({
        cookie: `trellis_session=${token}`,
        calendarPath: `/api/calendar/events?from=${from.toISOString()}&to=${to.toISOString()}&limit=100`,
        searchPath: `/api/calendar/events?q=${encodeURIComponent(['number talks', 'phonics', 'assessment', 'restorative'][i % 4])}&subject=${encodeURIComponent(SUBJECTS[i % 5])}&credit=1&from=${from.toISOString()}&to=${new Date(to.getTime() + 180 * 86_400_000).toISOString()}`,
      });
    }
    return readers;
  } finally {
    await client.end();
  }
}

export interface SeatCheck {
  people: number;
  capacity: number;
  registered: number;
  waitlisted: number;
  errors: number;
  statuses?: string;
  /** The waitlist positions read back after: 1 to (people − capacity), each once. */
  orderedWaitlist: boolean;
  seconds: number;
  failure?: string;
}

/**
 * `people` people of one network register at the same moment for a network event of `capacity`
 * seats, each request on its own connection; reads back how many hold a seat and how many wait.
 */
export async function measureSeats(
  url: string,
  baseUrl: string,
  people: number,
  capacity: number,
): Promise<SeatCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const {
      rows: [net],
    } = await client.query<{ network_id: string; admin: string }>(
      `select nd.network_id, (select u.id from users u where u.district_id = nd.district_id and u.status = 'active' limit 1) as admin
         from network_districts nd group by nd.network_id, nd.district_id order by count(*) over (partition by nd.network_id) desc limit 1`,
    );
    const eventId = randomUUID();
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    await client.query(
      `insert into events (id, host_kind, host_id, network_id, audience, audience_id, kind, title, mode, place, capacity,
                           time_zone, starts_at, ends_at, created_by)
       values ($1, 'network', $2, $2, 'network', $2, 'conference', $7, 'in_person', 'Convention Center',
               $3, 'America/Chicago', $4, $5, $6)`,
      [
        eventId,
        net.network_id,
        capacity,
        startsAt,
        new Date(startsAt.getTime() + 7_200_000),
        net.admin,
        `Bench seats check ${eventId}`,
      ],
    );
    await client.query(
      `insert into event_sessions (id, event_id, starts_at, ends_at, recurrence_id, checkin_code, audience, audience_id, host_id)
       values (gen_random_uuid(), $1, $2, $3, $2, 'BENCH1', 'network', $4, $4)`,
      [eventId, startsAt, new Date(startsAt.getTime() + 7_200_000), net.network_id],
    );
    const { rows: users } = await client.query<{ id: string }>(
      `select u.id from users u where u.status = 'active'
          and u.district_id in (select district_id from network_districts where network_id = $1)
        order by hashtext(u.id::text || $2) limit $3`,
      [net.network_id, eventId, people],
    );
    const sessions: Array<{ cookie: string; csrf: string }> = [];
    for (const u of users) {
      const token = newToken();
      const csrf = newToken();
      await client.query(
        `insert into sessions (token_hash, id, user_id, csrf_token, expires_at) values ($1, gen_random_uuid(), $2, $3, now() + interval '1 hour')`,
        [hashToken(token), u.id, csrf],
      );
      sessions.push({ cookie: `trellis_session=${token}`, csrf });
    }
    const started = Date.now();
    const answers = await Promise.all(
      sessions.map((s) =>
        fetch(`${baseUrl}/api/events/${eventId}/registration`, {
          method: 'POST',
          headers: {
            cookie: s.cookie,
            'x-csrf-token': s.csrf,
            origin: baseUrl,
            'content-type': 'application/json',
          },
          body: '{"answers":{}}',
        }).then(
          (r) => r.status,
          () => 0,
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const { rows: counts } = await client.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from event_registrations where event_id = $1 group by status',
      [eventId],
    );
    const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
    const { rows: order } = await client.query<{ ok: boolean }>(
      `select count(distinct waitlist_at) = count(*) as ok from event_registrations where event_id = $1 and status = 'waitlisted'`,
      [eventId],
    );
    return {
      people: sessions.length,
      capacity,
      registered: n('registered'),
      waitlisted: n('waitlisted'),
      errors: answers.filter((s) => s !== 201).length,
      statuses: [...new Set(answers)].join(','),
      orderedWaitlist: order[0].ok,
      seconds,
    };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names the database to fill');
  console.log(await generateEvents(url, eventsShape(process.env.BENCH_SMALL === '1')));
}
