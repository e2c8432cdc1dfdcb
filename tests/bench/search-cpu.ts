/**
 * `BENCH_DATABASE_URL=postgres://…/<generated network> npx tsx tests/bench/search-cpu.ts`: what site
 * search (`GET /api/search`) costs per request through HTTP, in CPU of the Trellis process and of its
 * PostgreSQL backends, beside the bare stack: the load test's repeated searches (its five terms, one
 * viewer: remembered after the first, decision 037) and its varied ones (`siteSearch()` for viewers
 * of every district and the people in the most communities: nearly all searched afresh). Each is sent
 * BENCH_REQUESTS (1,000) times over BENCH_LANES (4) kept-alive connections. BENCH_ONLY=repeated|varied
 * picks one; BENCH_PROFILE=1 writes a CPU profile of Trellis. With BENCH_LANES=50 it is a load test: take `flock /tmp/trellis-bench.lock`.
 */
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '#server/db/client.ts';
import { siteSearch, signInViewers } from './inputs.ts';
import {
  cpuMs,
  cpuOfProcesses,
  databaseCpuMs,
  databaseTransactions,
  keptAlive,
  percentile,
  processes,
  sendInLanes,
  signIn,
} from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const lanes = Number(process.env.BENCH_LANES ?? 4);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
/** As `npm run bench` (run.ts) repeats them. */
const SEARCH_TERMS = ['fractions number line', 'exit ticket', 'rubric feedback', 'lesson study', 'phonics'];

const client = new pg.Client({ connectionString: url });
await client.connect();
const {
  rows: [{ data: generated }],
} = await client.query<{ data: { data: { viewer: { userId: string; schoolId: string } } } }>(
  'select data from bench.generated where id = 1',
);
const viewerCookie = await signIn(client, generated.data.viewer.userId);
await client.end();
const database = openDatabase(url, 2);
const viewers = await signInViewers(database, 20);
await database.close();

const { start, stop } = processes(url, 'trellis-search-cpu-');
// Each names its connections, so that only its own backends' CPU is counted: other work may use the
// same database meanwhile (statements are counted for the whole database).
const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], { PGAPPNAME: 'search-cpu-bare' });
// BENCH_PROFILE=1: a CPU profile of Trellis in tests/bench/results/.
const profile =
  process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', 'tests/bench/results'] : [];
const trellis = await start([...profile, '--import', 'tsx', 'src/server/main.ts'], {
  PGAPPNAME: 'search-cpu-trellis',
});
const watcher = new pg.Client({ connectionString: url });
await watcher.connect();

const { agent, get } = keptAlive(lanes);

type Read = {
  key: string;
  name: string;
  pid: number;
  request: (i: number) => [string, Record<string, string>];
};
const reads: Read[] = [
  {
    key: 'bare',
    name: 'bare Fastify + pg',
    pid: bare.pid,
    request: () => [`${bare.base}/organizations/${generated.data.viewer.schoolId}`, {}],
  },
  {
    key: 'repeated',
    name: 'search, repeated (the load test five terms, one viewer)',
    pid: trellis.pid,
    request: (i) => [
      `${trellis.base}/api/search?q=${encodeURIComponent(SEARCH_TERMS[i % SEARCH_TERMS.length])}`,
      { cookie: viewerCookie },
    ],
  },
  {
    key: 'varied',
    name: 'search, varied (siteSearch(), viewers of every district)',
    pid: trellis.pid,
    request: (i) => [
      `${trellis.base}${siteSearch()}`,
      { cookie: viewers[i % viewers.length].cookie.split(';')[0] },
    ],
  },
];

/** CPU used so far by each backend of the named connections. */
async function backendsOf(app: string): Promise<Map<number, number>> {
  const { rows } = await watcher.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and application_name = $1',
    [app],
  );
  return cpuOfProcesses(rows);
}

const load = (read: Read, count: number) => sendInLanes(count, lanes, read.request, get);

try {
  let bareCpu = 0;
  let bareRate = 0;
  for (const read of reads.filter((r) => r.key === 'bare' || !only.length || only.includes(r.key))) {
    await load(read, Math.min(300, requests));
    const before = cpuMs(read.pid);
    const app = read.key === 'bare' ? 'search-cpu-bare' : 'search-cpu-trellis';
    const dbBefore = await databaseTransactions(watcher);
    const ownBefore = await backendsOf(app);
    const began = performance.now();
    const { statuses, latencies } = await load(read, requests);
    const wall = performance.now() - began;
    const node = (cpuMs(read.pid) - before) / requests;
    const dbAfter = await databaseTransactions(watcher);
    const database = databaseCpuMs(ownBefore, await backendsOf(app)) / requests;
    const rate = (requests * 1000) / wall;
    if (read.key === 'bare') {
      bareCpu = node + database;
      bareRate = rate;
    }
    console.log(
      `${read.name}: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(' ')}, ` +
        `${node.toFixed(2)} ms Node + ${database.toFixed(2)} ms PostgreSQL CPU (${(bareCpu / (node + database)).toFixed(3)} × bare by CPU), ` +
        `${((dbAfter.transactions - dbBefore.transactions - 1) / requests).toFixed(2)} statements, ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms p99 ${percentile(latencies, 99).toFixed(1)} ms at ${lanes} lanes, ` +
        `${rate.toFixed(0)} req/s (${(rate / bareRate).toFixed(3)} × bare), load ${os.loadavg()[0].toFixed(1)}`,
    );
  }
} finally {
  agent.destroy();
  await watcher.end();
  await stop();
}
