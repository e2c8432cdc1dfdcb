/**
 * `npx tsx tests/bench/pipeline.ts`: what the request pipeline costs. Loads the simplest signed-in
 * read (`GET /api/organizations/:id`) on Trellis with the session cache off and on, the same read
 * signed out (a 401), and the bare stack's primary-key read (tests/bench/bare.ts), in interleaved
 * rounds on one database, and prints each as a share of the bare stack's req/s.
 *
 * BENCH_DATABASE_URL names a database holding a generated network (BENCH_REUSE leaves one, e.g.
 * postgres://postgres@127.0.0.1:5432/trellis_bench_small). BENCH_ROUNDS (3), BENCH_DURATION (8 s),
 * BENCH_PROFILE=1 writes a CPU profile of the cached Trellis to tests/bench/results/.
 * BENCH_BEFORE_DIR names a checkout of an earlier Trellis (with its node_modules) to load beside
 * this one in the same rounds, for before-and-after figures from one run. BENCH_PROFILE_READ=1 adds
 * a colleague's profile (`GET /api/profiles/:id`).
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { processes, signInViewer } from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = 50;

const { viewer, colleague, cookie } = await signInViewer(url);

const { start: startProcess, stop } = processes(url, 'trellis-pipeline-');
const start = async (args: string[], env: Record<string, string>, cwd?: string) =>
  (await startProcess(args, env, cwd)).base;

const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], {});
const uncached = await start(['--import', 'tsx', 'src/server/main.ts'], { SESSION_CACHE: '0' });
const cached = await start([...profile, '--import', 'tsx', 'src/server/main.ts'], { SESSION_CACHE: '1' });
const beforeDir = process.env.BENCH_BEFORE_DIR;
const before = beforeDir
  ? await start(['--import', 'tsx', 'src/server/main.ts'], { SESSION_CACHE: '1' }, beforeDir)
  : null;
const reads: Array<{ name: string; url: string; headers: Record<string, string> }> = [
  { name: 'bare Fastify + pg', url: `${bare}/organizations/${viewer.schoolId}`, headers: {} },
  {
    name: 'Trellis, session cache off',
    url: `${uncached}/api/organizations/${viewer.schoolId}`,
    headers: cookie,
  },
  {
    name: 'Trellis, session cache on',
    url: `${cached}/api/organizations/${viewer.schoolId}`,
    headers: cookie,
  },
  { name: 'Trellis, signed out (401)', url: `${cached}/api/organizations/${viewer.schoolId}`, headers: {} },
  // BENCH_PROFILE_READ=1: a colleague's profile too, the next-simplest read (target 0.25 × bare).
  ...(process.env.BENCH_PROFILE_READ === '1'
    ? [
        { name: 'Trellis, profile', url: `${cached}/api/profiles/${colleague.userId}`, headers: cookie },
        ...(before
          ? [
              {
                name: 'earlier Trellis, profile',
                url: `${before}/api/profiles/${colleague.userId}`,
                headers: cookie,
              },
            ]
          : []),
      ]
    : []),
  ...(before
    ? [
        {
          name: 'earlier Trellis, session cache on',
          url: `${before}/api/organizations/${viewer.schoolId}`,
          headers: cookie,
        },
        {
          name: 'earlier Trellis, signed out (401)',
          url: `${before}/api/organizations/${viewer.schoolId}`,
          headers: {},
        },
      ]
    : []),
];

const figures = new Map<string, Array<{ rps: number; p50: number; p99: number }>>();
try {
  for (let round = 1; round <= rounds; round++)
    for (const read of reads) {
      await autocannon({ url: read.url, connections, duration: 2, headers: read.headers });
      const r = await autocannon({ url: read.url, connections, duration, headers: read.headers });
      const load = os.loadavg()[0].toFixed(1);
      console.log(
        `round ${round} ${read.name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, load ${load}`,
      );
      figures.set(read.name, [
        ...(figures.get(read.name) ?? []),
        { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 },
      ]);
    }
} finally {
  await stop();
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bareRate = mean(figures.get(reads[0].name)!.map((f) => f.rps));
console.log(`\n| read | req/s | p50 ms | p99 ms | × bare |\n| --- | ---: | ---: | ---: | ---: |`);
for (const [name, runs] of figures)
  console.log(
    `| ${name} | ${Math.round(mean(runs.map((f) => f.rps)))} | ${mean(runs.map((f) => f.p50)).toFixed(0)} | ` +
      `${mean(runs.map((f) => f.p99)).toFixed(0)} | ${(mean(runs.map((f) => f.rps)) / bareRate).toFixed(2)} |`,
  );
console.log(`(means of ${rounds} interleaved rounds, ${duration} s each at ${connections} connections)`);
