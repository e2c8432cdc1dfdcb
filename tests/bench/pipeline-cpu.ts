/**
 * `npx tsx tests/bench/pipeline-cpu.ts`: what one request costs the server process in CPU, which a
 * shared, loaded machine measures far more steadily than req/s. Starts the bare stack
 * (tests/bench/bare.ts) and Trellis on BENCH_DATABASE_URL (a generated network, e.g.
 * postgres://postgres@127.0.0.1:5432/trellis_bench_small), sends each read BENCH_REQUESTS (4,000)
 * times over 4 kept-alive connections, and prints the process's CPU time (user + system, from
 * /proc) per request and its ratio to the bare stack's. BENCH_PROFILE=1 writes a CPU profile of
 * Trellis to tests/bench/results/. No load: it needs no bench lock.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { freePort, repoRoot } from '../support/trellis-process.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const requests = Number(process.env.BENCH_REQUESTS ?? 4000);
const lanes = 4;

const client = new pg.Client({ connectionString: url });
await client.connect();
const {
  rows: [generated],
} = await client.query<{
  data: { data: { viewer: { userId: string; schoolId: string }; colleague: { userId: string } } };
}>('select data from bench.generated where id = 1');
const { viewer, colleague } = generated.data.data;
const token = newToken();
await client.query(
  `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
   values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
  [hashToken(token), viewer.userId, newToken()],
);
await client.end();

const children: Array<() => Promise<void>> = [];
async function start(args: string[], env: Record<string, string>): Promise<{ base: string; pid: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: url,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'trellis-pipeline-')),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  children.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  for (;;) {
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    if (answered?.status === 200 || answered?.status === 404)
      return { base: `http://127.0.0.1:${port}`, pid: child.pid! };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** CPU ticks (user + system) the process has used so far, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** The database's own backends serving this database (the pools of the processes measured). */
const watcher = new pg.Client({ connectionString: url });
await watcher.connect();
async function databaseCpu(): Promise<Map<number, number>> {
  const { rows } = await watcher.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
        and backend_type = 'client backend'`,
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      used.set(pid, cpuMs(pid));
    } catch {
      // gone
    }
  }
  return used;
}
/** CPU the backends used between two readings; a backend that ended in between is left out. */
function databaseCpuMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, used] of after) total += used - (before.get(pid) ?? 0);
  return total;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
function get(target: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(target, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

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
const cookie = { cookie: `trellis_session=${token}` };
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
      const databaseBefore = await databaseCpu();
      const began = performance.now();
      const status = await load(read.url, read.headers, requests);
      const wall = performance.now() - began;
      const perRequest = (cpuMs(read.pid) - before) / requests;
      const database = databaseCpuMs(databaseBefore, await databaseCpu()) / requests;
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
  await Promise.all(children.map((stop) => stop()));
}
