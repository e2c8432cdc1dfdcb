/**
 * What the one-request-at-a-time measurements share (pipeline.ts, pipeline-cpu.ts, page-cpu.ts,
 * feed-latency.ts, search-latency.ts, directory-latency.ts): signing a benchmark viewer in, starting
 * Trellis or the bare stack on a generated network, reading a process's CPU time, and percentiles.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { normalizeTag, prefixQuery } from '#server/features/profiles/service.ts';
import type { DirectoryQuery } from '#shared/contracts/profiles.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { freePort, repoRoot } from '../support/trellis-process.ts';

/** A session for `userId`, written straight into the database; returns its cookie. */
export async function signIn(client: pg.Client, userId: string): Promise<string> {
  const token = newToken();
  await client.query(
    `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
     values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
    [hashToken(token), userId, newToken()],
  );
  return `trellis_session=${token}`;
}

/** The generated network's viewer (signed in: `cookie` is their request header) and colleague. */
export async function signInViewer(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const {
    rows: [generated],
  } = await client.query<{
    data: { data: { viewer: { userId: string; schoolId: string }; colleague: { userId: string } } };
  }>('select data from bench.generated where id = 1');
  const { viewer, colleague } = generated.data.data;
  const cookie = { cookie: await signIn(client, viewer.userId) };
  await client.end();
  return { viewer, colleague, cookie };
}

/**
 * Starts server processes (Trellis's main.ts or tests/bench/bare.ts) on the database at `url`, in
 * production mode with the rate limits out of the way; `stop` ends every one started.
 */
export function processes(url: string, dataDirPrefix: string) {
  const children: Array<() => Promise<void>> = [];
  async function start(
    args: string[],
    env: Record<string, string>,
    cwd = repoRoot,
  ): Promise<{ base: string; pid: number }> {
    const port = await freePort();
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        ...process.env,
        DATABASE_URL: url,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), dataDirPrefix)),
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
    // /healthz, not /readyz: on a loaded machine the readiness probe's short deadline can say no.
    for (;;) {
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (answered?.status === 200 || answered?.status === 404)
        return { base: `http://127.0.0.1:${port}`, pid: child.pid as number };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const stop = () => Promise.all(children.map((stopChild) => stopChild()));
  return { start, stop };
}

/** CPU ticks (user + system) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU used so far by each of these processes (pid → ms); one that has ended is left out. */
export function cpuOfProcesses(rows: Array<{ pid: number }>): Map<number, number> {
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

/** CPU used so far by each PostgreSQL backend serving the watcher's database (but the watcher's). */
export async function backendCpu(watcher: pg.Client): Promise<Map<number, number>> {
  const { rows } = await watcher.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
        and backend_type = 'client backend'`,
  );
  return cpuOfProcesses(rows);
}

/** CPU the backends used between two readings; a backend that ended in between is left out. */
export function databaseCpuMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, used] of after) total += used - (before.get(pid) ?? 0);
  return total;
}

/** The p-th percentile (nearest rank) of unsorted timings. */
export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** A teacher as Trellis would sign them in, read from the database, with how many communities they are in. */
export async function actorOf(db: Db, userId: string): Promise<{ actor: Actor; communities: number }> {
  const { rows } = await db.execute<{
    id: string;
    name: string;
    email: string;
    district_id: string;
    school_ids: string[];
    network_ids: string[];
    communities: number;
  }>(sql`
    select u.id, u.name, u.email, u.district_id,
      array(select m.organization_id from memberships m join organizations o on o.id = m.organization_id
             where m.user_id = u.id and o.kind = 'school') as school_ids,
      array(select nd.network_id from network_districts nd where nd.district_id = u.district_id) as network_ids,
      (select count(*) from community_members cm where cm.user_id = u.id and cm.status = 'active')::int as communities
    from users u where u.id = ${userId}`);
  const r = rows[0];
  const actor: Actor = {
    userId: r.id,
    name: r.name,
    email: r.email,
    districtId: r.district_id,
    schoolId: r.school_ids[0] ?? null,
    schoolIds: r.school_ids,
    roles: ['teacher'],
    networkIds: r.network_ids,
    networkAdminOf: [],
    sessionId: 'bench',
    csrfToken: 'bench',
  };
  return { actor, communities: r.communities };
}

/**
 * The benchmark's varied viewers (`viewers`: each one's communities and follows) and their actors,
 * without sessions: one active person with a school of every district (the same one each run), the
 * `perKind` in the most communities and the `perKind` who follow the most (the people of inputs.ts's
 * signInViewers, chosen deterministically).
 */
export async function variedActors(db: Db, perKind: number) {
  const { rows: viewers } = await db.execute<{ id: string; communities: number; follows: number }>(sql`
  with c as (select user_id, count(*)::int as n from community_members where status = 'active' group by user_id),
       f as (select follower_id as user_id, count(*)::int as n from follows group by follower_id),
       people as (
         select u.id, u.district_id, coalesce(c.n, 0) as communities, coalesce(f.n, 0) as follows
           from users u join profiles p on p.user_id = u.id
           left join c on c.user_id = u.id left join f on f.user_id = u.id
          where u.status = 'active' and p.school_id is not null)
  (select distinct on (district_id) id, communities, follows from people order by district_id, md5(id::text))
  union (select id, communities, follows from people order by communities desc limit ${perKind})
  union (select id, communities, follows from people order by follows desc limit ${perKind})`);
  const actors = await Promise.all(viewers.map((v) => actorOf(db, v.id).then((a) => a.actor)));
  return { viewers, actors };
}

/**
 * `time(label, run)` for the one-at-a-time latency tools: runs `run` once to warm up, then `reps`
 * times, and prints p50 and p99. With `explain` (the tool's first argument `explain` or
 * `explain-full`), it runs once more through a database whose `execute` first explains each
 * statement (`explain-full`: whole plans with buffers; else the lines `brief` keeps) and prints the
 * plans under the label.
 */
export function latencyTimer(
  db: Db,
  options: {
    reps: number;
    mode: string | undefined;
    labelWidth: number;
    brief: (planLines: string[]) => string[];
  },
) {
  const explain = options.mode === 'explain' || options.mode === 'explain-full';
  const full = options.mode === 'explain-full';
  let plans: string[] | null = null;
  const explaining = new Proxy(db, {
    get(target, prop) {
      if (prop !== 'execute') return Reflect.get(target, prop);
      return async (query: SQL) => {
        if (plans) {
          const { rows } = await target.execute<{ 'QUERY PLAN': string }>(
            full
              ? sql`explain (analyze, buffers, costs off) ${query}`
              : sql`explain (analyze, costs off, timing off, summary on) ${query}`,
          );
          const lines = rows.map((r) => r['QUERY PLAN']);
          plans.push((full ? lines : options.brief(lines)).join('\n'));
        }
        return target.execute(query);
      };
    },
  }) as Db;

  return async function time(label: string, run: (db: Db) => Promise<unknown>): Promise<void> {
    await run(db);
    const xs: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      const started = performance.now();
      await run(db);
      xs.push(performance.now() - started);
    }
    console.log(
      `${label.padEnd(options.labelWidth)} p50 ${percentile(xs, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(xs, 99).toFixed(1).padStart(7)} ms`,
    );
    if (explain) {
      plans = [];
      await run(explaining);
      console.log(plans.join('\n---\n').replace(/^/gm, '      '));
      plans = null;
    }
  };
}

/**
 * A new network community of `members` active people (the biggest network's first, then others),
 * for the reply tools: its id and its members' ids.
 */
export async function communityOfMembers(client: pg.Client, members: number, name: string, purpose: string) {
  const {
    rows: [owner],
  } = await client.query<{ network_id: string }>(
    `select network_id from network_districts group by network_id order by count(*) desc limit 1`,
  );
  const { rows: people } = await client.query<{ id: string }>(
    `select u.id from users u left join network_districts nd on nd.district_id = u.district_id and nd.network_id = $1
      where u.status = 'active' order by nd.network_id is null, md5(u.id::text) limit $2`,
    [owner.network_id, members],
  );
  const {
    rows: [community],
  } = await client.query<{ id: string }>(
    `insert into communities (id, kind, owner_kind, owner_id, name, purpose, join_policy, created_by, member_count)
     values (gen_random_uuid(), 'plc', 'network', $1, $4::text || ' ' || now()::text, $5::text, 'request', $2, $3)
     returning id`,
    [owner.network_id, people[0].id, people.length, name, purpose],
  );
  await client.query(
    `insert into community_members (community_id, user_id, role, status, joined_at)
     select $1, id, 'member', 'active', now() from unnest($2::uuid[]) id`,
    [community.id, people.map((p) => p.id)],
  );
  return { community, people };
}

/**
 * The CPU of each backend serving the watcher's database, and the transactions it has ended: read
 * before and after a batch of requests, their differences are the database's work per request.
 */
export async function databaseTransactions(
  watcher: pg.Client,
): Promise<{ cpu: Map<number, number>; transactions: number }> {
  const cpu = await backendCpu(watcher);
  await watcher.query('select pg_stat_clear_snapshot()');
  const {
    rows: [{ n }],
  } = await watcher.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
  );
  return { cpu, transactions: Number(n) };
}

/**
 * GET over at most `lanes` kept-alive connections: `get` resolves with the status once the body is
 * read (handed to `onChunk` if given, else discarded); `agent.destroy()` closes the connections.
 */
export function keptAlive(lanes: number, onChunk?: (chunk: Buffer) => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
  function get(target: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      http
        .get(target, { agent, headers }, (response) => {
          if (onChunk) response.on('data', onChunk);
          else response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        })
        .on('error', reject);
    });
  }
  return { agent, get };
}

/**
 * Sends requests 0 to `count` - 1 (`request(i)`: the URL and headers) through `get`, `lanes` at a
 * time, each lane sending its next as soon as one is answered: how many got each status, and each
 * request's latency in ms, in the order answered.
 */
export async function sendInLanes(
  count: number,
  lanes: number,
  request: (i: number) => [string, Record<string, string>],
  get: (target: string, headers: Record<string, string>) => Promise<number>,
): Promise<{ statuses: Map<number, number>; latencies: number[] }> {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) {
        const [target, headers] = request(next++);
        const began = performance.now();
        const status = await get(target, headers);
        latencies.push(performance.now() - began);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return { statuses, latencies };
}

/** The generated network's viewer (the load test's repeated queries), if the database has one. */
export async function generatedViewerId(db: Db): Promise<string | undefined> {
  const { rows: tables } = await db.execute<{ found: boolean }>(sql`
  select to_regclass('bench.generated') is not null as found`);
  const { rows: generated } = tables[0].found
    ? await db.execute<{ id: string }>(sql`
      select data->'data'->'viewer'->>'userId' as id from bench.generated where id = 1`)
    : { rows: [] };
  return generated[0]?.id;
}

/**
 * The filters searchDirectory gets for a directory query (its words, subject, grade band, expertise
 * and page size) from a viewer of this district and these networks.
 */
export function directoryFilters(
  query: DirectoryQuery,
  viewer: { districtId: string; networkIds: string[] },
) {
  return {
    viewerDistrictId: viewer.districtId,
    viewerNetworkIds: [...viewer.networkIds].sort(),
    q: query.q?.trim() ? { text: query.q.trim(), prefix: prefixQuery(query.q) } : undefined,
    subject: query.subject,
    gradeBand: query.gradeBand,
    expertise: query.expertise?.trim() ? normalizeTag(query.expertise) : undefined,
    limit: query.limit,
  };
}

/** The pid of the backend serving `db` (opened with one connection), whose CPU is then read. */
export async function backendPid(db: Db): Promise<number> {
  const {
    rows: [{ pid }],
  } = await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
  return pid;
}

/**
 * Viewers for the library tools: one active community member of every district (the first by id),
 * then the `mostInCommunities` people in the most communities.
 */
export async function communityMemberSpread(db: Db, mostInCommunities = 0): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
  (select distinct on (u.district_id) u.id from users u
    where exists (select 1 from community_members m where m.user_id = u.id and m.status = 'active')
    order by u.district_id, u.id)${
      mostInCommunities > 0
        ? sql`
  union all
  (select m.user_id from community_members m where m.status = 'active' group by m.user_id order by count(*) desc, m.user_id limit ${mostInCommunities})`
        : sql``
    }`);
  return rows.map((r) => r.id);
}

/** Makes Math.random draw the same sequence for the same seed (mulberry32), so two runs draw alike. */
export function seedRandom(seed: number): void {
  let state = seed >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The database a standalone bench script measures: BENCH_DATABASE_URL when set, else a database of
 * that name on the TEST_DATABASE_URL server (or the machine's PostgreSQL), created when missing.
 */
export async function standaloneDatabaseUrl(name: string): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const target = new URL(admin);
  target.pathname = `/${name}`;
  return target.toString();
}

/** One read a CPU tool measures: whose process serves it, and the request for its i-th send. */
export type CpuRead = {
  key: string;
  name: string;
  pid: number;
  request: (i: number) => { url: string; headers: Record<string, string> };
};

/**
 * Rounds of each read, each warmed up on other inputs first, printing CPU per request of the
 * serving process and of PostgreSQL's backends beside the bare read (the one keyed `bare`),
 * transactions, bytes, latency and req/s.
 */
export async function measureCpuRounds(args: {
  reads: CpuRead[];
  requests: number;
  lanes: number;
  rounds: number;
  watcher: pg.Client;
  get: (target: string, headers: Record<string, string>) => Promise<number>;
  /** Bytes received so far, counted by keptAlive's onChunk. */
  bytesReceived: () => number;
  /** Where a round's warm-up starts in the inputs, away from the measured ones. */
  warmUpFrom: (round: number) => number;
}): Promise<void> {
  const { requests, lanes, watcher } = args;
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
  let bareCpu = 0;
  for (let round = 1; round <= args.rounds; round++)
    for (const read of args.reads) {
      const send = (n: number, from: number) =>
        sendInLanes(
          n,
          lanes,
          (i) => {
            const { url: target, headers } = read.request(from + i);
            return [target, headers];
          },
          args.get,
        );
      await send(Math.min(300, requests), args.warmUpFrom(round));
      const before = cpuMs(read.pid);
      const databaseBefore = await databaseTransactions(watcher);
      const bytesBefore = args.bytesReceived();
      const began = performance.now();
      const { statuses, latencies } = await send(requests, 0);
      const wall = performance.now() - began;
      const node = (cpuMs(read.pid) - before) / requests;
      const databaseAfter = await databaseTransactions(watcher);
      const database = databaseCpuMs(databaseBefore.cpu, databaseAfter.cpu) / requests;
      const transactions = (databaseAfter.transactions - databaseBefore.transactions - 1) / requests;
      const kilobytes = (args.bytesReceived() - bytesBefore) / requests / 1024;
      if (read.key === 'bare') bareCpu = node + database;
      latencies.sort((a, b) => a - b);
      console.log(
        `round ${round} ${read.name}: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(' ')}, ` +
          `${(node * 1000).toFixed(0)} µs Node + ${(database * 1000).toFixed(0)} µs PostgreSQL CPU ` +
          `(${(bareCpu / (node + database)).toFixed(3)} × bare), ${transactions.toFixed(2)} transactions, ` +
          `${kilobytes.toFixed(1)} kB, latency p50 ${pct(latencies, 50).toFixed(1)} ms p99 ${pct(latencies, 99).toFixed(1)} ms at ${lanes} lanes, ` +
          `${((requests * 1000) / wall).toFixed(0)} req/s, load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
}
