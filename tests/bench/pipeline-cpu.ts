/**
 * `npx tsx tests/bench/pipeline-cpu.ts`: what one request costs the server process in CPU, which a
 * shared, loaded machine measures far more steadily than req/s. Starts the bare stack
 * (tests/bench/bare.ts) and Trellis on BENCH_DATABASE_URL (a generated network, e.g.
 * postgres://postgres@127.0.0.1:5432/trellis_bench_small), sends each read BENCH_REQUESTS (4,000)
 * times over 4 kept-alive connections, and prints the process's CPU time (user + system, from
 * /proc) per request and its ratio to the bare stack's. BENCH_PROFILE=1 writes a CPU profile of
 * Trellis to tests/bench/results/. No load: it needs no bench lock.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { backendCpu, cpuMs, databaseCpuMs, keptAlive, processes, signInViewer } from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const requests = Number(process.env.BENCH_REQUESTS ?? 4000);
const lanes = 4;

const { viewer, colleague, cookie } = await signInViewer(url);

const { start, stop } = processes(url, 'trellis-pipeline-');

const watcher = new pg.Client({ connectionString: url });
await watcher.connect();

const { agent, get } = keptAlive(lanes);

async function load(target: string, headers: Record<string, string>, count: number): Promise<number> {
  let status = 0;
  let left = count;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (left-- > 0) status = await get(target, headers);
    }),
  );
  return status;
}

const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
const bare = await start([...profile, '--import', 'tsx', 'tests/bench/bare.ts'], {});
const trellis = await start([...profile, '--import', 'tsx', 'src/server/main.ts'], {});
const extra = (process.env.BENCH_PATHS ?? '').split(',').filter(Boolean);
const reads: Array<{ name: string; pid: number; url: string; headers: Record<string, string> }> = [
  {
    name: 'bare Fastify + pg',
    pid: bare.pid,
    url: `${bare.base}/organizations/${viewer.schoolId}`,
    headers: {},
  },
  {
    name: 'Trellis signed in',
    pid: trellis.pid,
    url: `${trellis.base}/api/organizations/${viewer.schoolId}`,
    headers: cookie,
  },
  {
    name: 'Trellis signed out (401)',
    pid: trellis.pid,
    url: `${trellis.base}/api/organizations/${viewer.schoolId}`,
    headers: {},
  },
  ...extra.map((p) => ({
    name: `Trellis ${p}`,
    pid: trellis.pid,
    url: `${trellis.base}${p.replace(':viewer', viewer.userId).replace(':colleague', colleague.userId).replace(':school', viewer.schoolId)}`,
    headers: cookie,
  })),
];

const only =
  process.env.BENCH_SIGNED_OUT === '0' ? reads.filter((read) => !read.name.includes('401')) : reads;
try {
  let bareCpu = 0;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  for (let round = 1; round <= rounds; round++)
    for (const read of only) {
      await load(read.url, read.headers, Math.min(1000, requests));
      const before = cpuMs(read.pid);
      const databaseBefore = await backendCpu(watcher);
      const began = performance.now();
      const status = await load(read.url, read.headers, requests);
      const wall = performance.now() - began;
      const perRequest = (cpuMs(read.pid) - before) / requests;
      const database = databaseCpuMs(databaseBefore, await backendCpu(watcher)) / requests;
      if (read.pid === bare.pid) bareCpu = perRequest + database;
      console.log(
        `round ${round} ${read.name}: ${status}, ${(perRequest * 1000).toFixed(0)} µs CPU per request in Node + ` +
          `${(database * 1000).toFixed(0)} µs in PostgreSQL (${(bareCpu / (perRequest + database)).toFixed(2)} × bare), ` +
          `${((wall * 1000) / requests).toFixed(0)} µs wall, load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
} finally {
  agent.destroy();
  await watcher.end();
  await stop();
}
