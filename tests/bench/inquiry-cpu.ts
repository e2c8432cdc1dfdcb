/**
 * What issue 15's reads cost per request, in CPU of the Trellis process and of its PostgreSQL
 * backends, in statements sent, and beside the bare stack measured the same way: a cycle page, a run
 * chart of 200 values and a network's cycles list, each request another member's. On a loaded
 * machine CPU per request is far steadier than wall time, and at 50 connections on 2 cores a p99
 * follows from it (decision 043).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/inquiry-cpu.ts
 *
 * The database must hold the inquiry bench's cycles (tests/bench/inquiry.ts). BENCH_REQUESTS (1,000)
 * requests over BENCH_LANES (4) kept-alive connections, BENCH_ROUNDS (2) rounds;
 * BENCH_ONLY=cycle,chart,network picks reads; BENCH_PROFILE=1 writes a CPU profile of Trellis to
 * tests/bench/results/. No load to speak of: it needs no bench lock.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { signInInquiryReaders } from './inquiry.ts';
import { type CpuRead, keptAlive, measureCpuRounds, processes } from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database holding the inquiry bench’s cycles');
const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const lanes = Number(process.env.BENCH_LANES ?? 4);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows: orgs } = await client.query<{ id: string }>(`select id from organizations order by id limit 1`);
await client.end();
const readers = await signInInquiryReaders(url, 100);

const { start, stop } = processes(url, 'trellis-inquiry-cpu-');
const watcher = new pg.Client({ connectionString: url });
await watcher.connect();

let bytes = 0;
const { agent, get } = keptAlive(lanes, (chunk) => {
  bytes += chunk.length;
});

const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], {});
const trellis = await start([...profile, '--import', 'tsx', 'src/server/main.ts'], {});
const { cycleReaders, chartReaders, networkReaders, networkId } = readers;
const reads: CpuRead[] = [
  {
    key: 'bare',
    name: 'bare Fastify + pg GET /organizations/:id',
    pid: bare.pid,
    request: () => ({ url: `${bare.base}/organizations/${orgs[0].id}`, headers: {} }),
  },
  {
    key: 'cycle',
    name: 'inquiry cycle page GET /api/inquiry/cycles/:id',
    pid: trellis.pid,
    request: (i) => {
      const r = cycleReaders[i % cycleReaders.length];
      return { url: `${trellis.base}/api/inquiry/cycles/${r.cycleId}`, headers: { cookie: r.cookie } };
    },
  },
  {
    key: 'chart',
    name: 'inquiry run chart, 200 points',
    pid: trellis.pid,
    request: (i) => {
      const r = chartReaders[i % chartReaders.length];
      return {
        url: `${trellis.base}/api/improvement/measures/${r.measureId}/charts`,
        headers: { cookie: r.cookie },
      };
    },
  },
  {
    key: 'network',
    name: 'inquiry network cycles',
    pid: trellis.pid,
    request: (i) => ({
      url: `${trellis.base}/api/networks/${networkId}/cycles`,
      headers: { cookie: networkReaders[i % networkReaders.length] },
    }),
  },
];

const chosen = reads.filter((r) => r.key === 'bare' || !only.length || only.includes(r.key));
try {
  await measureCpuRounds({
    reads: chosen,
    requests,
    lanes,
    rounds: Number(process.env.BENCH_ROUNDS ?? 2),
    watcher,
    get,
    bytesReceived: () => bytes,
    // Warm up on other inputs than the measured ones: plans, connections and caches.
    warmUpFrom: (round) => 7 * round,
  });
} finally {
  agent.destroy();
  await watcher.end();
  await stop();
}
