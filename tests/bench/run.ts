/**
 * `npm run bench`: measures Trellis under load on realistic data.
 *
 * 1. State run: a state-sized network (100,000 staff, 60 districts, 1,500 schools, one network over
 *    40 districts) in PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL when set, else a throwaway
 *    embedded server), the real Trellis process on it, and autocannon at 50 connections, 10 s per
 *    endpoint, against the baseline (one primary-key read), directory search, a profile and home.
 * 2. Embedded default: Trellis with no DATABASE_URL on its own embedded server holding one district of
 *    2,000 staff, at 20 connections.
 *
 * Prints a table per run with PASS/MISS per target and writes JSON to tests/bench/results/. A missed
 * target is a measurement, not a failure: the exit code is 0 unless the bench itself broke.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { type Database, migrateDatabase, openDatabase } from '#server/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '#server/db/embedded.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { adminQuery, withDatabase } from '#server/test/database.ts';
import { freePort, startTrellis } from '../support/trellis-process.ts';
import {
  type GeneratedNetwork,
  generateNetwork,
  type NetworkShape,
  ONE_DISTRICT,
  STATE_NETWORK,
} from './generate.ts';

const WARMUP_SECONDS = 2;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
/** Representative directory searches: subjects, a practice, a surname, a prefix of a subject. */
const DIRECTORY_TERMS = ['math', 'science', 'lesson study', 'garcia', 'formative assessment', 'music'];

interface Endpoint {
  name: string;
  /** One path, or several that each connection cycles through. */
  paths: string[];
  /** Instead of fixed paths: a fresh path for every request (e.g. queries no cache has seen). */
  makePath?: () => string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/**
 * A directory search nobody has asked for yet: a two-letter name prefix, as typed, with a page size
 * between 10 and 49 (26 x 26 x 40 = 27,040 distinct pages), so nearly every request is a cache miss.
 */
function unseenDirectorySearch(): string {
  const pick = () => LETTERS[Math.floor(Math.random() * LETTERS.length)];
  return `/api/directory?q=${pick()}${pick()}&limit=${10 + Math.floor(Math.random() * 40)}`;
}

interface Measurement {
  endpoint: string;
  paths: string[];
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  /** Responses per status code, so a run full of 503s or 429s is told apart from a slow one. */
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  ratioToBaseline: number;
}

interface Target {
  description: string;
  pass: boolean;
  measured: string;
}

interface RunResult {
  name: string;
  database: string;
  connections: number;
  durationSeconds: number;
  data: Pick<GeneratedNetwork, 'shape' | 'counts' | 'timings'>;
  measurements: Measurement[];
  targets: Target[];
}

/** Cleanups run last-in first-out, on success, on failure and on Ctrl-C alike. */
const cleanups: Array<{ label: string; run: () => Promise<unknown> }> = [];
function onCleanup(label: string, run: () => Promise<unknown>): () => Promise<void> {
  const entry = { label, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
    await run();
  };
}
async function cleanUp(): Promise<void> {
  while (cleanups.length) {
    const entry = cleanups.pop()!;
    try {
      await entry.run();
    } catch (error) {
      console.error(`bench: could not ${entry.label}:`, error instanceof Error ? error.message : error);
    }
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nbench: ${signal}, stopping everything it started...`);
    void cleanUp().then(() => process.exit(130));
  });

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Signs the viewer in the way a browser would end up: a session row and its cookie. */
async function signIn(database: Database, userId: string): Promise<string> {
  const token = newToken();
  await database.pool.query(
    `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
     values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
    [hashToken(token), userId, newToken()],
  );
  return `trellis_session=${token}`;
}

async function populate(
  url: string,
  shape: NetworkShape,
): Promise<{ data: GeneratedNetwork; cookie: string }> {
  await migrateDatabase(url);
  const database = openDatabase(url, 4);
  try {
    log(`generating ${shape.staff.toLocaleString('en-US')} staff in ${shape.districts} districts...`);
    const started = performance.now();
    const data = await generateNetwork(database, shape);
    log(
      `generated in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(${Object.entries(data.timings)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')})`,
    );
    return { data, cookie: await signIn(database, data.viewer.userId) };
  } finally {
    await database.close();
  }
}

function endpointsFor(data: GeneratedNetwork): Endpoint[] {
  return [
    { name: 'baseline GET /api/organizations/:id', paths: [`/api/organizations/${data.viewer.schoolId}`] },
    {
      name: 'directory GET /api/directory?q=',
      paths: DIRECTORY_TERMS.map((q) => `/api/directory?q=${encodeURIComponent(q)}&limit=20`),
    },
    {
      name: 'directory, unseen queries (cache misses)',
      paths: ['/api/directory?q=ga&limit=20'],
      makePath: unseenDirectorySearch,
    },
    { name: 'profile GET /api/profiles/:id', paths: [`/api/profiles/${data.colleague.userId}`] },
    { name: 'home GET /api/home', paths: ['/api/home'] },
  ];
}

/** One request per path before the load, so a broken route shows up as such rather than as a fast 404. */
async function checkEndpoints(baseUrl: string, cookie: string, endpoints: Endpoint[]): Promise<void> {
  for (const endpoint of endpoints)
    for (const p of endpoint.paths) {
      const response = await fetch(baseUrl + p, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200) {
        log(`WARNING ${endpoint.name}: ${p} answered ${response.status}: ${body.slice(0, 200)}`);
        continue;
      }
      const rows = (JSON.parse(body) as { data?: unknown }).data;
      if (Array.isArray(rows) && rows.length === 0) log(`WARNING ${endpoint.name}: ${p} found nobody`);
    }
}

async function load(
  baseUrl: string,
  cookie: string,
  endpoint: Endpoint,
  connections: number,
  duration: number,
): Promise<autocannon.Result> {
  return autocannon({
    url: baseUrl,
    connections,
    duration,
    headers: { cookie, accept: 'application/json' },
    requests: endpoint.makePath
      ? [{ method: 'GET' as const, setupRequest: (request) => ({ ...request, path: endpoint.makePath!() }) }]
      : endpoint.paths.map((p) => ({ method: 'GET' as const, path: p })),
  });
}

async function measure(
  baseUrl: string,
  cookie: string,
  endpoints: Endpoint[],
  connections: number,
): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  // The baseline runs first and again last: on a shared machine the load drifts, and the ratios
  // use the mean of the two, so drift does not favour or punish the endpoints measured between.
  const again = { name: `${endpoints[0].name} (again)`, paths: endpoints[0].paths };
  for (const endpoint of [...endpoints, again]) {
    log(
      `${endpoint.name}: warm-up ${WARMUP_SECONDS} s, then ${DURATION_SECONDS} s at ${connections} connections`,
    );
    await load(baseUrl, cookie, endpoint, connections, WARMUP_SECONDS);
    const r = await load(baseUrl, cookie, endpoint, connections, DURATION_SECONDS);
    measurements.push({
      endpoint: endpoint.name,
      paths: endpoint.paths,
      requestsPerSecond: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p90Ms: r.latency.p90,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      requests: r.requests.total,
      non2xx: r.non2xx,
      statusCodes: Object.fromEntries(
        Object.entries(r.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
      ),
      errors: r.errors,
      timeouts: r.timeouts,
      ratioToBaseline: 0,
    });
  }
  const baseline = (measurements[0].requestsPerSecond + measurements.at(-1)!.requestsPerSecond) / 2;
  for (const m of measurements)
    m.ratioToBaseline = baseline ? Number((m.requestsPerSecond / baseline).toFixed(2)) : 0;
  return measurements;
}

function printRun(run: RunResult): void {
  const header = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'x baseline'];
  const rows = run.measurements.map((m) => [
    m.endpoint,
    String(m.requestsPerSecond),
    String(m.p50Ms),
    String(m.p99Ms),
    String(m.non2xx),
    String(m.errors + m.timeouts),
    m.ratioToBaseline.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\n== ${run.name} (${run.database}; ${run.connections} connections, ${run.durationSeconds} s each)`,
  );
  console.log(
    `   data: ${run.data.counts.users.toLocaleString('en-US')} staff, ${run.data.counts.organizations.toLocaleString('en-US')} organizations`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const baselines = run.measurements.filter((m) => m.endpoint.startsWith('baseline'));
  console.log(
    `   ratios against the mean of the two baseline runs: ${baselines.map((m) => m.requestsPerSecond).join(' and ')} req/s`,
  );
  for (const m of run.measurements)
    if (m.non2xx)
      console.log(
        `   ${m.endpoint} answered: ${Object.entries(m.statusCodes)
          .map(([code, n]) => `${n} x ${code}`)
          .join(', ')}`,
      );
  for (const target of run.targets)
    console.log(`${target.pass ? 'PASS' : 'MISS'}  ${target.description}: ${target.measured}`);
}

const find = (measurements: Measurement[], prefix: string) =>
  measurements.find((m) => m.endpoint.startsWith(prefix))!;
/** A measurement answered with errors (or not at all) says nothing about speed: it cannot pass. */
const clean = (m: Measurement) => m.requests > 0 && m.non2xx === 0 && m.errors === 0 && m.timeouts === 0;

/** The state-sized run on PostgreSQL named by BENCH_DATABASE_URL/TEST_DATABASE_URL, or on a throwaway embedded server. */
async function stateRun(): Promise<RunResult> {
  const external = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  let url: string;
  let where: string;
  if (external) {
    const name = `trellis_bench_${process.pid}`;
    await adminQuery(external, `create database ${name}`);
    onCleanup(`drop database ${name}`, () =>
      adminQuery(external, `drop database if exists ${name} with (force)`),
    );
    url = withDatabase(external, name);
    const { host } = new URL(external);
    where = `PostgreSQL at ${host}`;
  } else {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-'));
    // When run as root the server runs as an unprivileged user, who must reach this folder.
    chmodSync(tmp, 0o755);
    onCleanup(`remove ${tmp}`, async () => rmSync(tmp, { recursive: true, force: true }));
    log('starting a throwaway embedded PostgreSQL server...');
    const server = await startEmbeddedPostgres({
      databaseDir: path.join(tmp, 'postgres'),
      port: await freePort(),
      persistent: false,
    });
    onCleanup('stop the embedded PostgreSQL server', () => server.stop());
    await ensureDatabase(server.adminUrl, 'trellis');
    url = server.urlFor('trellis');
    where = 'throwaway embedded PostgreSQL';
  }
  const { data, cookie } = await populate(url, STATE_NETWORK);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-app-'));
  onCleanup(`remove ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  log('starting Trellis...');
  const trellis = await startTrellis({
    dataDir,
    env: {
      DATABASE_URL: url,
      NODE_ENV: 'production',
      RATE_LIMIT_PER_MINUTE: '100000000',
    },
  });
  const stopTrellis = onCleanup('stop Trellis', () => trellis.stop());

  const endpoints = endpointsFor(data);
  await checkEndpoints(trellis.url, cookie, endpoints);
  const measurements = await measure(trellis.url, cookie, endpoints, 50);
  await stopTrellis();

  const directory = find(measurements, 'directory GET');
  const unseen = find(measurements, 'directory, unseen');
  const profile = find(measurements, 'profile');
  return {
    name: 'state network',
    database: where,
    connections: 50,
    durationSeconds: DURATION_SECONDS,
    data: { shape: data.shape, counts: data.counts, timings: data.timings },
    measurements,
    targets: [
      {
        description: 'directory search p99 under 50 ms',
        pass: clean(directory) && directory.p99Ms < 50,
        measured: `p99 ${directory.p99Ms} ms${clean(directory) ? '' : ' (with failed requests)'}`,
      },
      {
        description: 'directory search p99 under 50 ms, for queries no cache has seen',
        pass: clean(unseen) && unseen.p99Ms < 50,
        measured: `p99 ${unseen.p99Ms} ms${clean(unseen) ? '' : ' (with failed requests)'}`,
      },
      {
        description: "profile read at least half the baseline's req/s",
        pass: clean(profile) && profile.ratioToBaseline >= 0.5,
        measured: `${profile.requestsPerSecond} req/s = ${profile.ratioToBaseline} x baseline${clean(profile) ? '' : ' (with failed requests)'}`,
      },
    ],
  };
}

/** Trellis as a school would run it: no DATABASE_URL, its own embedded server, one 2,000-staff district. */
async function embeddedRun(): Promise<RunResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-embedded-'));
  chmodSync(dataDir, 0o755);
  onCleanup(`remove ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  const pgPort = await freePort();

  // Fill the cluster in the very layout Trellis uses (DATA_DIR/postgres, database `trellis`, its
  // password file beside it), then stop it and let Trellis start it as it always does.
  log('preparing the embedded default data directory...');
  const server = await startEmbeddedPostgres({ databaseDir: path.join(dataDir, 'postgres'), port: pgPort });
  const stopServer = onCleanup('stop the embedded PostgreSQL server', () => server.stop());
  await ensureDatabase(server.adminUrl, 'trellis');
  const { data, cookie } = await populate(server.urlFor('trellis'), ONE_DISTRICT);
  await stopServer();

  log('starting Trellis on its embedded default...');
  const trellis = await startTrellis({
    dataDir,
    env: {
      DATABASE_URL: undefined,
      EMBEDDED_PG_PORT: String(pgPort),
      NODE_ENV: 'production',
      RATE_LIMIT_PER_MINUTE: '100000000',
    },
  });
  const stopTrellis = onCleanup('stop Trellis', () => trellis.stop());

  const endpoints = endpointsFor(data);
  await checkEndpoints(trellis.url, cookie, endpoints);
  const measurements = await measure(trellis.url, cookie, endpoints, 20);
  await stopTrellis();

  return {
    name: 'embedded default, one district',
    database: 'Trellis’s own embedded PostgreSQL',
    connections: 20,
    durationSeconds: DURATION_SECONDS,
    data: { shape: data.shape, counts: data.counts, timings: data.timings },
    measurements,
    targets: measurements
      .filter((m) => !m.endpoint.startsWith('baseline'))
      .map((m) => ({
        description: `${m.endpoint} p99 under 100 ms`,
        pass: clean(m) && m.p99Ms < 100,
        measured: `p99 ${m.p99Ms} ms${clean(m) ? '' : ' (with failed requests)'}`,
      })),
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const startLoad = os.loadavg().map((n) => Number(n.toFixed(2)));
  const only = process.env.BENCH_ONLY; // 'state' or 'embedded', to run one half
  const runs: RunResult[] = [];
  if (only !== 'embedded') {
    runs.push(await stateRun());
    await cleanUp();
  }
  if (only !== 'state') {
    runs.push(await embeddedRun());
    await cleanUp();
  }

  const report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    // Other work on the machine skews every figure: keep its load beside them.
    loadAverage: { atStart: startLoad, atEnd: os.loadavg().map((n) => Number(n.toFixed(2))) },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    runs,
  };
  const resultsDir = path.join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${JSON.stringify(report, null, 2)}`);
  for (const run of runs) printRun(run);
  console.log(`\nResults saved to ${path.relative(process.cwd(), file)}`);
}

main()
  .catch(async (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
  });
