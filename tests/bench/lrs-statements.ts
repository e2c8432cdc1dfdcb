/**
 * The learning record store's statements under load (issue 14, decision 049), against a Trellis
 * process on PostgreSQL:
 *
 * - writes: 10 concurrent clients POST batches of 50 statements to /xapi/statements (target ≥ 1,000
 *   statements per second);
 * - reads: 50 connections GET /xapi/statements?agent=… and ?verb=…&since=… (target p99 < 100 ms),
 *   after `LRS_BENCH_STATEMENTS` statements (default 1,000,000; 10,000,000 for the state run) have
 *   been written straight into the statements table and its filter keys as the LRS lays them out.
 *
 * `BENCH_DATABASE_URL` names the database (it is migrated; the generated LRS rows stay for later
 * runs), else a `trellis_bench_lrs` database is made on TEST_DATABASE_URL's server.
 *
 *   LRS_BENCH_STATEMENTS=1000000 npx tsx tests/bench/lrs-statements.ts
 *
 * Exported pieces (`prepareLrs`, `generateStatements`, `measureWrites`, `measureReads`) let the
 * benchmark run call the same measurements.
 */
import http from 'node:http';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { migrateDatabase } from '#server/db/client.ts';
import { hashToken } from '#server/platform/secrets.ts';
import { backendCpu, cpuMs, databaseCpuMs, percentile, processes, standaloneDatabaseUrl } from './measure.ts';

const AGENTS = 20_000;
const VERBS = 25;
const ACTIVITIES = 5_000;
const VERB = (i: number) => `http://adlnet.gov/expapi/verbs/bench-${i}`;
const MBOX = (i: number) => `mailto:learner${i}@bench.example.org`;
const ACTIVITY = (i: number) => `https://lms.bench.example.org/activities/${i}`;

export interface LrsCredentials {
  districtId: string;
  clientId: string;
  authorization: string;
}

/** A district with one LRS client holding every xAPI scope (made once, found again later). */
export async function prepareLrs(url: string): Promise<LrsCredentials> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const key = 'trk_lrsbenchlrsbenchlrsben';
    const secret = 'lrs-bench-secret-lrs-bench-secret-lrs-bench';
    const existing = await client.query<{ id: string; district_id: string }>(
      'select id, district_id from api_clients where key = $1',
      [key],
    );
    let clientId = existing.rows[0]?.id;
    let districtId = existing.rows[0]?.district_id;
    if (!clientId) {
      districtId = uuidv7();
      clientId = uuidv7();
      await client.query(
        `insert into organizations (id, kind, name) values ($1, 'district', 'LRS bench district')`,
        [districtId],
      );
      await client.query(
        `insert into api_clients (id, district_id, name, key, secret_hash, scopes)
         values ($1, $2, 'LRS bench', $3, $4, '{xapi:write,xapi:read:own,xapi:read:district}')`,
        [clientId, districtId, key, hashToken(secret)],
      );
    }
    return {
      districtId: districtId!,
      clientId,
      authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
    };
  } finally {
    await client.end();
  }
}

/**
 * From this many missing statements on, generation drops the two tables' indexes, writes the rows
 * into bare heaps and builds the indexes again once (a sort each), instead of updating 12 indexes
 * per row: at 10,000,000 statements that is minutes instead of over an hour. Fewer go in row by row.
 */
const BULK_FROM = Number(process.env.LRS_BENCH_BULK_FROM ?? 500_000);

interface TableIndex {
  table: string;
  name: string;
  /** The index's CREATE INDEX, or the constraint's definition when the index backs one. */
  definition: string;
  constraint: boolean;
}

/** The indexes of `statements` and `lrs_statement_keys`, with the primary keys and unique constraints they back. */
async function indexesOf(client: pg.Client): Promise<TableIndex[]> {
  const { rows } = await client.query<TableIndex>(
    `select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name,
            coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) as definition,
            c.oid is not null as constraint
       from pg_index i
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u')
      where i.indrelid in ('statements'::regclass, 'lrs_statement_keys'::regclass)
      order by 1, 2`,
  );
  return rows;
}

const dropIndex = (index: TableIndex) =>
  index.constraint ? `alter table ${index.table} drop constraint ${index.name}` : `drop index ${index.name}`;
const createIndex = (index: TableIndex) =>
  index.constraint
    ? `alter table ${index.table} add constraint ${index.name} ${index.definition}`
    : index.definition;

/** Statements numbered `from`+1 … `from`+`n` of the bench district and their filter keys, in the LRS's layout. */
async function insertStatements(
  client: pg.Client,
  lrs: LrsCredentials,
  from: number,
  n: number,
  total: number,
) {
  // One statement per generated number: its agent, verb and activity follow from it.
  await client.query(
    `create temporary table bench_lrs on commit drop as
       select gen_random_uuid() as id, gen_random_uuid() as xapi_id, n,
              now() - interval '365 days' + (n::float8 / $2::float8) * interval '365 days' as stored,
              (n * 7919) % ${AGENTS} as agent, (n * 31) % ${VERBS} as verb, (n * 104729) % ${ACTIVITIES} as activity
         from generate_series($1::bigint + 1, $1::bigint + $3::bigint) n`,
    [from, total, n],
  );
  await client.query(
    `insert into statements (id, actor_id, verb, object_type, object_id, district_id, body, timestamp, stored,
                             xapi_id, client_id, voided, actor_ifi)
     select id, null, 'http://adlnet.gov/expapi/verbs/bench-' || verb, 'xapi:Activity',
            'https://lms.bench.example.org/activities/' || activity, $1::uuid,
            jsonb_build_object(
              'id', xapi_id,
              'actor', jsonb_build_object('objectType', 'Agent', 'mbox', 'mailto:learner' || agent || '@bench.example.org'),
              'verb', jsonb_build_object('id', 'http://adlnet.gov/expapi/verbs/bench-' || verb),
              'object', jsonb_build_object('objectType', 'Activity', 'id', 'https://lms.bench.example.org/activities/' || activity),
              'result', jsonb_build_object('completion', true, 'duration', 'PT30M'),
              'timestamp', to_char(stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'authority', jsonb_build_object('objectType', 'Agent', 'name', 'LRS bench', 'account',
                 jsonb_build_object('homePage', 'http://bench/xapi/clients', 'name', $2::text)),
              'version', '1.0.0'),
            stored, stored, xapi_id, $2::uuid, false, 'mbox:mailto:learner' || agent || '@bench.example.org'
       from bench_lrs`,
    [lrs.districtId, lrs.clientId],
  );
  await client.query(
    `insert into lrs_statement_keys (district_id, key, stored, statement_id, client_id)
     select $1::uuid, k.key, b.stored, b.id, $2::uuid from bench_lrs b,
       lateral (values ('a|mbox:mailto:learner' || b.agent || '@bench.example.org'),
                       ('A|mbox:mailto:learner' || b.agent || '@bench.example.org'),
                       ('A|account:http://bench/xapi/clients ' || $2::text),
                       ('v|http://adlnet.gov/expapi/verbs/bench-' || b.verb),
                       ('o|https://lms.bench.example.org/activities/' || b.activity),
                       ('O|https://lms.bench.example.org/activities/' || b.activity)) k(key)`,
    [lrs.districtId, lrs.clientId],
  );
  await client.query('drop table bench_lrs');
}

/**
 * Writes `total` statements of the bench district straight into `statements` and
 * `lrs_statement_keys`, in the LRS's layout, stored over the last year; only what is missing.
 *
 * Many missing (`BULK_FROM`) go in one transaction that drops the two tables' indexes (their
 * definitions read from the catalogue first), inserts, and creates them again: a generation that
 * breaks off rolls back whole, indexes included, and leaves the database as it found it.
 */
export async function generateStatements(url: string, lrs: LrsCredentials, total: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const say = (what: string) => console.log(`  ${what}`);
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from statements where client_id = $1',
      [lrs.clientId],
    );
    const had = rows[0].n;
    if (had >= total) return had;
    const bulk = total - had >= BULK_FROM;
    const chunk = 500_000;
    const started = Date.now();
    await client.query('begin');
    const indexes = bulk ? await indexesOf(client) : [];
    if (bulk) {
      await client.query(`set local maintenance_work_mem = '2GB'`);
      for (const index of indexes) await client.query(dropIndex(index));
      say(`dropped ${indexes.length} indexes of statements and lrs_statement_keys for the bulk insert`);
    }
    let have = had;
    while (have < total) {
      const n = Math.min(chunk, total - have);
      const at = Date.now();
      await insertStatements(client, lrs, have, n, total);
      have += n;
      say(`${have.toLocaleString('en-US')} statements (${((n / (Date.now() - at)) * 1000).toFixed(0)}/s)`);
      // Row by row, each chunk is kept as it is written.
      if (!bulk) {
        await client.query('commit');
        await client.query('begin');
      }
    }
    for (const index of indexes) {
      const at = Date.now();
      await client.query(createIndex(index));
      say(`index ${index.name} in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    }
    await client.query('commit');
    const at = Date.now();
    await client.query('vacuum analyze statements, lrs_statement_keys');
    say(
      `${(have - had).toLocaleString('en-US')} statements in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
        `(${(((have - had) / (Date.now() - started)) * 1000).toFixed(0)}/s; vacuum and analyze ${((Date.now() - at) / 1000).toFixed(0)} s)`,
    );
    return have;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function request(
  agent: http.Agent,
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

let written = 0;
const freshStatement = (i: number) => ({
  id: crypto.randomUUID(),
  actor: { objectType: 'Agent', mbox: MBOX(i % AGENTS) },
  verb: { id: VERB(i % VERBS), display: { 'en-US': 'bench' } },
  object: { id: ACTIVITY(i % ACTIVITIES), definition: { name: { 'en-US': `Activity ${i % ACTIVITIES}` } } },
  result: { completion: true, duration: 'PT45M' },
  context: { registration: crypto.randomUUID(), platform: 'Bench LMS' },
});

/** 10 clients each POSTing batches of 50 for `seconds`: statements per second and batch latency. */
export async function measureWrites(
  base: string,
  lrs: LrsCredentials,
  seconds: number,
  clients = 10,
  batch = 50,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const headers = {
    authorization: lrs.authorization,
    'x-experience-api-version': '1.0.3',
    'content-type': 'application/json',
  };
  const timings: number[] = [];
  let statements = 0;
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        const body = JSON.stringify(Array.from({ length: batch }, () => freshStatement(written++)));
        const { status, ms } = await request(agent, base, 'POST', '/xapi/statements', headers, body);
        if (status === 200) {
          statements += batch;
          timings.push(ms);
        } else failures++;
      }
    }),
  );
  agent.destroy();
  const elapsed = (Date.now() - started) / 1000;
  return {
    statementsPerSecond: statements / elapsed,
    batches: timings.length,
    failures,
    p50: percentile(timings, 50),
    p99: percentile(timings, 99),
  };
}

/** `connections` readers asking `paths` in turn for `seconds`: request latency percentiles. */
export async function measureReads(
  base: string,
  lrs: LrsCredentials,
  paths: (i: number) => string,
  seconds: number,
  connections = 50,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = { authorization: lrs.authorization, 'x-experience-api-version': '1.0.3' };
  const timings: number[] = [];
  let failures = 0;
  let i = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const { status, ms } = await request(agent, base, 'GET', paths(i++), headers);
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

export const agentQuery = (i: number) =>
  `/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ mbox: MBOX((i * 7) % AGENTS) }))}&limit=25`;
export const verbSinceQuery = (i: number) =>
  `/xapi/statements?verb=${encodeURIComponent(VERB(i % VERBS))}&since=${encodeURIComponent(
    new Date(Date.now() - ((i % 30) + 1) * 86_400_000).toISOString(),
  )}&limit=25`;

async function main() {
  const url = await standaloneDatabaseUrl('trellis_bench_lrs');
  await migrateDatabase(url);
  const lrs = await prepareLrs(url);
  const total = Number(process.env.LRS_BENCH_STATEMENTS ?? 1_000_000);
  console.log(`generating up to ${total.toLocaleString('en-US')} LRS statements…`);
  await generateStatements(url, lrs, total);
  const { start, stop } = processes(url, 'trellis-bench-lrs-');
  try {
    const { base, pid } = await start(['--import', 'tsx', 'src/server/main.ts'], {});
    const seconds = Number(process.env.LRS_BENCH_SECONDS ?? 20);
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    /** Runs a phase, answering with the CPU Trellis and its database backends used during it. */
    const cpu = async <T>(phase: () => Promise<T>) => {
      const node = cpuMs(pid);
      const database = await backendCpu(watcher);
      const result = await phase();
      return {
        result,
        nodeMs: cpuMs(pid) - node,
        databaseMs: databaseCpuMs(database, await backendCpu(watcher)),
      };
    };
    // Warm up: plans and connections.
    await measureReads(base, lrs, agentQuery, 2, 10);
    const writes = await cpu(() => measureWrites(base, lrs, seconds));
    const w = writes.result;
    const perBatch = (ms: number) => (ms / Math.max(1, w.batches)).toFixed(1);
    console.log(
      `POST batches of 50, 10 clients: ${w.statementsPerSecond.toFixed(0)} statements/s (${w.batches} batches, ${w.failures} failed), batch p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms; CPU per batch: Trellis ${perBatch(writes.nodeMs)} ms, PostgreSQL ${perBatch(writes.databaseMs)} ms`,
    );
    for (const [name, paths] of [
      ['GET ?agent=', agentQuery],
      ['GET ?verb=&since=', verbSinceQuery],
    ] as const) {
      const reads = await cpu(() => measureReads(base, lrs, paths, seconds));
      const r = reads.result;
      const requests = Math.max(1, r.requestsPerSecond * seconds);
      console.log(
        `${name}, 50 connections: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.failures} failed); CPU per request: Trellis ${(reads.nodeMs / requests).toFixed(2)} ms, PostgreSQL ${(reads.databaseMs / requests).toFixed(2)} ms`,
      );
    }
    console.log(
      `load average during the run: ${(await import('node:os'))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    await watcher.end();
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
