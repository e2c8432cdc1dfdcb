/**
 * Teachers' learning logs under load (issue 14, decision 051), against a Trellis process on
 * PostgreSQL: 50 connections, each request a different teacher's
 *
 * - log, first page (`GET /api/learning/entries`, newest first, 25 entries with their details);
 * - log filtered by kind and period (`?kind=workshop&from=…&to=…`);
 * - totals of a school year by kind and by competency (`GET /api/learning/totals?from=…&to=…`);
 *
 * target p99 < 100 ms, beside the bare baseline (one primary-key read through the same stack).
 *
 * `generateLearningEntries` fills every active person's log at state scale in SQL, in a few minutes:
 * `perPerson` entries each (default 40, so 4,000,000 for the state network's 100,000 staff), spread
 * over three years, from all three sources, some with competencies, some submitted or approved for
 * credit. It writes nothing when the bench's entries are there already.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/learning.ts
 *
 * Without BENCH_DATABASE_URL a `trellis_bench_learning` database on TEST_DATABASE_URL's server gets a
 * district of LEARNING_BENCH_PEOPLE people (default 20,000) of its own first.
 */
import http from 'node:http';
import pg from 'pg';
import { migrateDatabase } from '#server/db/client.ts';
import { MANUAL_LEARNING_KINDS } from '#shared/contracts/learning.ts';
import { percentile, processes, standaloneDatabaseUrl, signIn } from './measure.ts';

/** Marks the bench's entries, so a later run finds them and writes nothing. */
const BENCH_PROVIDER = 'Learning bench';

/**
 * Every active person's learning log, `perPerson` entries each, written district by district in one
 * statement per district: kinds in turn, a date in the last three years, 30 minutes to 6 hours, about
 * one in ten reported over xAPI and one in ten recorded by Trellis, one in twenty a draft, one in
 * five naming a competency of the district's frameworks, one in eight pending and one in six approved
 * for credit. Returns the rows written.
 */
export async function generateLearningEntries(url: string, perPerson = 40): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const done = await client.query(`select 1 from learning_entries where provider = $1 limit 1`, [
      BENCH_PROVIDER,
    ]);
    if (done.rowCount) return 0;
    const { rows: districts } = await client.query<{ id: string }>(
      `select id from organizations where kind = 'district' order by id`,
    );
    let written = 0;
    const started = Date.now();
    for (const district of districts) {
      const result = await client.query(
        `with competency as (
           select coalesce(array_agg(c.id order by c.id), '{}') as ids
             from (select c.id from competencies c join competency_frameworks f on f.id = c.framework_id
                    where f.owner_org_id = $1 order by c.id limit 20) c)
         insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
                                       provider, will_try, competency_ids, status, source_ref, credit_status,
                                       credit_locked)
         select gen_random_uuid(), u.id, u.district_id,
                case when n % 10 = 3 then 'xapi' when n % 10 = 7 then 'trellis' else 'self' end,
                case when n % 10 = 7 then 'resource_tried' else ($3::text[])[1 + ((n + h) % array_length($3::text[], 1))::int] end,
                'Learning ' || n || ' of ' || left(u.name, 40),
                now() - make_interval(secs => ((h * 7919 + n * 104729) % (3 * 365 * 86400))::double precision),
                30 + ((h + n * 37) % 12)::int * 30,
                $2, case when n % 3 = 0 then 'Try it in class next week.' else '' end,
                case when n % 5 = 0 and cardinality(competency.ids) > 0
                     then array[competency.ids[1 + ((h + n) % cardinality(competency.ids))::int]] else '{}' end,
                case when n % 20 = 19 then 'draft' else 'logged' end,
                case when n % 10 in (3, 7) then 'bench:' || n else null end,
                case when n % 20 = 19 then null when n % 8 = 1 then 'pending' when n % 6 = 2 then 'approved' end,
                n % 20 <> 19 and (n % 8 = 1 or n % 6 = 2)
           from users u
          cross join competency
          cross join lateral (select abs(hashtext(u.id::text)::bigint) as h) hashed
          cross join generate_series(1, $4::int) as n
          where u.district_id = $1 and u.status = 'active'`,
        [district.id, BENCH_PROVIDER, MANUAL_LEARNING_KINDS, perPerson],
      );
      written += result.rowCount ?? 0;
    }
    await client.query('vacuum analyze learning_entries');
    console.log(
      `generated ${written.toLocaleString('en-US')} learning entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return written;
  } finally {
    await client.end();
  }
}

/** Sessions for `count` people with logs (teachers of many districts), as request cookies. */
export async function signInLoggers(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select u.id from users u where u.status = 'active'
          and exists (select 1 from learning_entries e where e.user_id = u.id)
        order by hashtext(u.id::text) limit $1`,
      [count],
    );
    const cookies: string[] = [];
    for (const row of rows) cookies.push(await signIn(client, row.id));
    return cookies;
  } finally {
    await client.end();
  }
}

function get(
  agent: http.Agent,
  base: string,
  path: string,
  cookie: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'GET', agent, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `connections` clients asking `path` in turn as each of the signed-in people, for `seconds`. */
export async function measureLog(
  base: string,
  cookies: string[],
  path: (i: number) => string,
  seconds: number,
  connections = 50,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const timings: number[] = [];
  let failures = 0;
  let i = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const n = i++;
        const { status, ms } = await get(agent, base, path(n), cookies[n % cookies.length]);
        if (status === 200) timings.push(ms);
        else failures++;
      }
    }),
  );
  agent.destroy();
  return {
    requestsPerSecond: timings.length / ((Date.now() - started) / 1000),
    failures,
    p50: percentile(timings, 50),
    p99: percentile(timings, 99),
  };
}

const year = new Date().getUTCFullYear();
/** The three reads, each a teacher's own. */
export const LOG_READS: Record<string, (i: number) => string> = {
  'log, first page': () => '/api/learning/entries',
  'log by kind and period': (i) =>
    `/api/learning/entries?kind=${MANUAL_LEARNING_KINDS[i % MANUAL_LEARNING_KINDS.length]}&from=${year - 2}-07-01&to=${year}-06-30`,
  'totals of a school year': () => `/api/learning/totals?from=${year - 1}-07-01&to=${year}-06-30`,
};

/** A district of `people` people of its own, for a database with nobody in it. */
async function ensurePeople(url: string, people: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from users`);
    if (rows[0].n > 0) return;
    const district = crypto.randomUUID();
    await client.query(
      `insert into organizations (id, kind, name) values ($1, 'district', 'Learning bench district')`,
      [district],
    );
    await client.query(
      `insert into users (id, email, name, district_id)
       select gen_random_uuid(), 'learner' || n || '@learning-bench.example.org', 'Learner ' || n, $1
         from generate_series(1, $2::int) n`,
      [district, people],
    );
  } finally {
    await client.end();
  }
}

async function main() {
  const url = await standaloneDatabaseUrl('trellis_bench_learning');
  await migrateDatabase(url);
  await ensurePeople(url, Number(process.env.LEARNING_BENCH_PEOPLE ?? 20_000));
  await generateLearningEntries(url, Number(process.env.LEARNING_BENCH_PER_PERSON ?? 40));
  const cookies = await signInLoggers(url, 2_000);
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  const { rows: orgs } = await probe.query<{ id: string }>(
    `select id from organizations order by id limit 1`,
  );
  await probe.end();
  const { start, stop } = processes(url, 'trellis-bench-learning-');
  try {
    const trellis = await start(['--import', 'tsx', 'src/server/main.ts'], {});
    const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], {});
    const seconds = Number(process.env.LEARNING_BENCH_SECONDS ?? 10);
    // Warm up: plans, connections and caches.
    for (const path of Object.values(LOG_READS)) await measureLog(trellis.base, cookies, path, 2, 10);
    const baseline = await measureLog(bare.base, cookies, () => `/organizations/${orgs[0].id}`, seconds);
    console.log(
      `bare baseline, 50 connections: ${baseline.requestsPerSecond.toFixed(0)} req/s, p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms`,
    );
    for (const [name, path] of Object.entries(LOG_READS)) {
      const r = await measureLog(trellis.base, cookies, path, seconds);
      console.log(
        `${name}, 50 connections: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.failures} failed) ${r.p99 < 100 ? 'PASS' : 'MISS'}`,
      );
    }
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
