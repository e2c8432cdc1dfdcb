/**
 * Renewal progress and the approver's queue under load (issue 14, decision 052), against a Trellis
 * process on PostgreSQL: 50 connections, each request a different person's
 *
 * - renewal progress (`GET /api/credit/licences`: every licence with approved and pending hours in
 *   its current cycle), as teachers;
 * - the approver's queue, first page (`GET /api/credit/approvals`), as principals;
 *
 * target p99 < 100 ms, beside the bare baseline (one primary-key read through the same stack).
 *
 * On top of the learning bench's entries (tests/bench/learning.ts) it writes, in SQL and once: a
 * clock-hours type per district, a claim for every entry the learning bench marked pending or
 * approved, and two licences per person with cycles starting at different dates.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/credit.ts
 *
 * Without BENCH_DATABASE_URL a `trellis_bench_credit` database on TEST_DATABASE_URL's server gets a
 * district of CREDIT_BENCH_PEOPLE people (default 20,000) in 50 schools of its own first.
 */
import pg from 'pg';
import { migrateDatabase } from '#server/db/client.ts';
import { generateLearningEntries, measureLog } from './learning.ts';
import { processes, standaloneDatabaseUrl, signIn } from './measure.ts';

const BENCH_TYPE = 'Clock hours (bench)';

/** Credit types, claims and licences for the learning bench's entries; nothing when already there. */
export async function generateCredit(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const done = await client.query(`select 1 from credit_types where name = $1 limit 1`, [BENCH_TYPE]);
    if (done.rowCount) return;
    const started = Date.now();
    await client.query(
      `insert into credit_types (id, district_id, name, kinds, max_hours_per_kind, renewal_cycle_years,
                                 renewal_hours_required, allow_double_counting)
       select gen_random_uuid(), id, $1,
              array['workshop','course','conference','plc_meeting','observation_given','observation_received',
                    'coaching','mentoring','reading','podcast_video','online_social','edcamp','other','resource_tried'],
              '{"online_social": 10}'::jsonb, 5, 150, false
         from organizations where kind = 'district'`,
      [BENCH_TYPE],
    );
    const claims = await client.query(
      `insert into credit_claims (id, entry_id, user_id, district_id, school_id, credit_type_id, kind, occurred_on,
                                  hours, default_hours, status, source, exclusive, submitted_at, decided_at)
       select gen_random_uuid(), e.id, e.user_id, e.district_id, p.school_id, t.id, e.kind,
              (e.occurred_at at time zone 'UTC')::date, round(coalesce(e.duration_minutes, 60) / 15.0) / 4.0,
              round(coalesce(e.duration_minutes, 60) / 15.0) / 4.0, e.credit_status, 'submitted',
              e.credit_status = 'approved', e.occurred_at + interval '3 days',
              case when e.credit_status = 'approved' then e.occurred_at + interval '10 days' end
         from learning_entries e
         join credit_types t on t.district_id = e.district_id and t.name = $1
         left join profiles p on p.user_id = e.user_id
        where e.credit_status in ('pending', 'approved')`,
      [BENCH_TYPE],
    );
    const licences = await client.query(
      `insert into licences (id, user_id, district_id, name, credit_type_id, cycle_start_on, cycle_years, hours_required)
       select gen_random_uuid(), u.id, u.district_id, l.name, t.id,
              (current_date - ((abs(hashtext(u.id::text || l.name)) % 2400) || ' days')::interval)::date, l.years, l.hours
         from users u
         join credit_types t on t.district_id = u.district_id and t.name = $1
        cross join (values ('Standard teaching licence', 5, 150), ('Reading specialist certificate', 3, 60))
                   as l(name, years, hours)
        where u.status = 'active' and exists (select 1 from learning_entries e where e.user_id = u.id)`,
      [BENCH_TYPE],
    );
    await client.query('vacuum analyze credit_claims');
    await client.query('vacuum analyze licences');
    console.log(
      `generated ${(claims.rowCount ?? 0).toLocaleString('en-US')} claims and ${(licences.rowCount ?? 0).toLocaleString('en-US')} licences in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await client.end();
  }
}

/** Sessions of principals of schools whose teachers have claims waiting, made principals where needed. */
export async function signInApprovers(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ school_id: string; district_id: string }>(
      `select distinct c.school_id, c.district_id from credit_claims c
        where c.status = 'pending' and c.school_id is not null
        order by c.school_id limit $1`,
      [count],
    );
    const cookies: string[] = [];
    for (const row of rows) {
      // One teacher of the school becomes its principal, once.
      const { rows: principals } = await client.query<{ id: string }>(
        `select m.user_id as id from memberships m
           join memberships d on d.user_id = m.user_id and d.organization_id = $2 and d.role = 'principal'
          where m.organization_id = $1 limit 1`,
        [row.school_id, row.district_id],
      );
      let id = principals[0]?.id;
      if (!id) {
        const { rows: staff } = await client.query<{ id: string }>(
          `select m.user_id as id from memberships m join users u on u.id = m.user_id and u.status = 'active'
            where m.organization_id = $1 order by m.user_id limit 1`,
          [row.school_id],
        );
        id = staff[0]?.id;
        if (!id) continue;
        await client.query(
          `insert into memberships (user_id, organization_id, role) values ($1, $2, 'principal') on conflict do nothing`,
          [id, row.district_id],
        );
      }
      cookies.push(await signIn(client, id));
    }
    return cookies;
  } finally {
    await client.end();
  }
}

/**
 * Sessions of PD staff, one for each of the first `count` districts with pending claims, in districts
 * where principals approve (decision 094): a person of the district who is no principal is named PD
 * staff, once (a district with PD staff already keeps its first).
 */
export async function signInPdStaff(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ district_id: string; staff: string | null }>(
      `select d.district_id, (select s.pd_staff_ids[1] from credit_settings s where s.district_id = d.district_id) as staff
         from (select distinct district_id from credit_claims where status = 'pending') d
        where coalesce((select s.approver from credit_settings s where s.district_id = d.district_id), 'principal') = 'principal'
        order by d.district_id limit $1`,
      [count],
    );
    const cookies: string[] = [];
    for (const row of rows) {
      let id = row.staff;
      if (!id) {
        const { rows: people } = await client.query<{ id: string }>(
          `select u.id from users u where u.district_id = $1 and u.status = 'active'
              and not exists (select 1 from memberships m where m.user_id = u.id and m.role = 'principal')
            order by u.id limit 1`,
          [row.district_id],
        );
        id = people[0]?.id ?? null;
        if (!id) continue;
        await client.query(
          `insert into credit_settings (district_id, approver, pd_staff_ids, updated_by) values ($1, 'principal', array[$2::uuid], $2)
           on conflict (district_id) do update set pd_staff_ids = credit_settings.pd_staff_ids || $2::uuid`,
          [row.district_id, id],
        );
      }
      cookies.push(await signIn(client, id));
    }
    return cookies;
  } finally {
    await client.end();
  }
}

/** A district of `people` people in 50 schools, for a database with nobody in it. */
async function ensurePeople(url: string, people: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from users`);
    if (rows[0].n > 0) return;
    const district = crypto.randomUUID();
    await client.query(
      `insert into organizations (id, kind, name) values ($1, 'district', 'Credit bench district')`,
      [district],
    );
    await client.query(
      `insert into organizations (id, kind, name, district_id)
       select gen_random_uuid(), 'school', 'Credit bench school ' || n, $1 from generate_series(1, 50) n`,
      [district],
    );
    await client.query(
      `insert into users (id, email, name, district_id)
       select gen_random_uuid(), 'teacher' || n || '@credit-bench.example.org', 'Teacher ' || n, $1
         from generate_series(1, $2::int) n`,
      [district, people],
    );
    await client.query(
      `with s as (select id, row_number() over (order by id) - 1 as k from organizations where district_id = $1)
       insert into profiles (user_id, school_id)
       select u.id, s.id from users u join s on s.k = abs(hashtext(u.id::text)) % 50 where u.district_id = $1`,
      [district],
    );
    await client.query(
      `insert into memberships (user_id, organization_id, role)
       select u.id, $1, 'teacher' from users u where u.district_id = $1
       union all
       select p.user_id, p.school_id, 'teacher' from profiles p join users u on u.id = p.user_id and u.district_id = $1`,
      [district],
    );
  } finally {
    await client.end();
  }
}

/** Sessions of `count` people with licences, one after another on one connection. */
export async function signInLicensed(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select distinct user_id as id from licences order by user_id limit $1`,
      [count],
    );
    const cookies: string[] = [];
    for (const row of rows) cookies.push(await signIn(client, row.id));
    return cookies;
  } finally {
    await client.end();
  }
}

async function main() {
  const url = await standaloneDatabaseUrl('trellis_bench_credit');
  await migrateDatabase(url);
  await ensurePeople(url, Number(process.env.CREDIT_BENCH_PEOPLE ?? 20_000));
  await generateLearningEntries(url, Number(process.env.LEARNING_BENCH_PER_PERSON ?? 40));
  await generateCredit(url);
  const teachers = await signInLicensed(url, 2_000);
  const approvers = await signInApprovers(url, 500);
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const { rows: orgs } = await probe.query<{ id: string }>(
    `select id from organizations order by id limit 1`,
  );
  await probe.end();
  const { start, stop } = processes(url, 'trellis-bench-credit-');
  try {
    const trellis = await start(['--import', 'tsx', 'src/server/main.ts'], {});
    const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], {});
    const seconds = Number(process.env.CREDIT_BENCH_SECONDS ?? 10);
    await measureLog(trellis.base, teachers, () => '/api/credit/licences', 2, 10);
    if (approvers.length) await measureLog(trellis.base, approvers, () => '/api/credit/approvals', 2, 10);
    const baseline = await measureLog(bare.base, teachers, () => `/organizations/${orgs[0].id}`, seconds);
    console.log(
      `bare baseline, 50 connections: ${baseline.requestsPerSecond.toFixed(0)} req/s, p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms`,
    );
    const reads: [string, string[], string][] = [
      ['renewal progress', teachers, '/api/credit/licences'],
      ['approver queue, first page', approvers, '/api/credit/approvals'],
    ];
    for (const [name, cookies, path] of reads) {
      if (!cookies.length) continue;
      const r = await measureLog(trellis.base, cookies, () => path, seconds);
      console.log(
        `${name} (${cookies.length} people), 50 connections: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.failures} failed) ${r.p99 < 100 ? 'PASS' : 'MISS'}`,
      );
    }
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
