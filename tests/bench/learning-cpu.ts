/**
 * What issue 14's reads cost per request, in CPU of the Trellis process and of its PostgreSQL
 * backends, in statements sent, and beside the bare stack measured the same way: the LRS's
 * `GET /xapi/statements?agent=…` and `?verb=…&since=…`, a teacher's learning log (first page, by kind
 * and period, a school year's totals) and renewal progress. With 50 connections on 2 cores a p99
 * follows from the CPU each request costs (decision 043), and a loaded machine measures CPU per
 * request far more steadily than wall time.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_lrs npx tsx tests/bench/learning-cpu.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_credit npx tsx tests/bench/learning-cpu.ts
 *
 * Each read the database holds data for is measured (the LRS reads where the LRS bench's client has
 * statements, the log where people have entries, progress where they have licences): BENCH_REQUESTS
 * (2,000) requests over BENCH_LANES (4) kept-alive connections, BENCH_ROUNDS (2) rounds, each
 * request another agent, verb or person. BENCH_ONLY=agent,verb,log,kind,totals,progress,queue picks reads;
 * BENCH_PROFILE=1 writes a CPU profile of Trellis to tests/bench/results/. No load to speak of: it
 * needs no bench lock.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { signInApprovers, signInLicensed } from './credit.ts';
import { LOG_READS, signInLoggers } from './learning.ts';
import { agentQuery, prepareLrs, verbSinceQuery } from './lrs-statements.ts';
import { type CpuRead, keptAlive, measureCpuRounds, processes } from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database a standalone issue 14 bench filled');
const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const lanes = Number(process.env.BENCH_LANES ?? 4);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

const client = new pg.Client({ connectionString: url });
await client.connect();
const count = async (text: string) => (await client.query<{ found: boolean }>(text)).rows[0].found;
const hasLrs = await count(
  `select exists (select 1 from statements s join api_clients c on c.id = s.client_id
                   where c.key = 'trk_lrsbenchlrsbenchlrsben') as found`,
);
const hasLog = await count(`select exists (select 1 from learning_entries) as found`);
const hasLicences = await count(`select exists (select 1 from licences) as found`);
const { rows: orgs } = await client.query<{ id: string }>(`select id from organizations order by id limit 1`);
await client.end();

const lrs = hasLrs ? await prepareLrs(url) : null;
const loggers = hasLog ? await signInLoggers(url, 500) : [];
const licensed = hasLicences ? await signInLicensed(url, 500) : [];
const approvers = hasLicences ? await signInApprovers(url, 100) : [];

const { start, stop } = processes(url, 'trellis-learning-cpu-');
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
const xapi: Record<string, string> = lrs
  ? { authorization: lrs.authorization, 'x-experience-api-version': '1.0.3' }
  : {};
const logger = (i: number) => ({ cookie: loggers[i % loggers.length] });
const reads: CpuRead[] = [
  {
    key: 'bare',
    name: 'bare Fastify + pg GET /organizations/:id',
    pid: bare.pid,
    request: () => ({ url: `${bare.base}/organizations/${orgs[0].id}`, headers: {} }),
  },
  ...(lrs
    ? [
        {
          key: 'agent',
          name: 'LRS GET /xapi/statements?agent=…',
          pid: trellis.pid,
          request: (i: number) => ({ url: `${trellis.base}${agentQuery(i)}`, headers: xapi }),
        },
        {
          key: 'verb',
          name: 'LRS GET /xapi/statements?verb=…&since=…',
          pid: trellis.pid,
          request: (i: number) => ({ url: `${trellis.base}${verbSinceQuery(i)}`, headers: xapi }),
        },
      ]
    : []),
  ...(loggers.length
    ? (
        [
          ['log', 'log, first page'],
          ['kind', 'log by kind and period'],
          ['totals', 'totals of a school year'],
        ] as const
      ).map(([key, name]) => ({
        key,
        name: `learning ${name}`,
        pid: trellis.pid,
        request: (i: number) => ({ url: `${trellis.base}${LOG_READS[name](i)}`, headers: logger(i) }),
      }))
    : []),
  ...(licensed.length
    ? [
        {
          key: 'progress',
          name: 'credit renewal progress GET /api/credit/licences',
          pid: trellis.pid,
          request: (i: number) => ({
            url: `${trellis.base}/api/credit/licences`,
            headers: { cookie: licensed[i % licensed.length] },
          }),
        },
      ]
    : []),
  ...(approvers.length
    ? [
        {
          key: 'queue',
          name: 'credit approver queue GET /api/credit/approvals',
          pid: trellis.pid,
          request: (i: number) => ({
            url: `${trellis.base}/api/credit/approvals`,
            headers: { cookie: approvers[i % approvers.length] },
          }),
        },
      ]
    : []),
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
    warmUpFrom: (round) => 1_000_000 * round,
  });
} finally {
  agent.destroy();
  await watcher.end();
  await stop();
}
