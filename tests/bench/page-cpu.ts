/**
 * `BENCH_DATABASE_URL=postgres://…/<generated network> npx tsx tests/bench/page-cpu.ts`: what the
 * page reads cost per request — the thread page of 50 replies, the thread list, the public
 * credential page and its JSON, the home feed (remembered and read afresh), the review queue and
 * community browse, directory and site search — in CPU of the Trellis
 * process and of its PostgreSQL backends, in statements sent, and beside the bare stack
 * (tests/bench/bare.ts) measured the same way. A shared, loaded machine measures CPU per request far
 * more steadily than req/s. Each read is sent BENCH_REQUESTS (3,000) times over BENCH_LANES (4)
 * kept-alive connections, with the inputs varied as `npm run bench` varies them (members of the
 * bench community, different credentials). BENCH_ONLY=thread,list,… picks reads; BENCH_PROFILE=1
 * writes a CPU profile of Trellis to tests/bench/results/. The credential reads need a database a
 * benchmark run has awarded its cohort in. No load to speak of: it needs no bench lock.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { directorySearch, siteSearch } from './inputs.ts';
import {
  cpuMs,
  databaseCpuMs,
  databaseTransactions,
  keptAlive,
  processes,
  sendInLanes,
  signIn,
} from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const lanes = Number(process.env.BENCH_LANES ?? 4);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

type Generated = {
  data: { viewer: { userId: string; schoolId: string } };
  communities: { benchThreadId: string; benchCommunityId: string; members: Array<{ userId: string }> };
  credentials: { cohortCredentialId: string };
  resources?: { benchResourceId: string };
};

const client = new pg.Client({ connectionString: url });
await client.connect();
const {
  rows: [{ data: generated }],
} = await client.query<{ data: Generated }>('select data from bench.generated where id = 1');
const viewerCookie = await signIn(client, generated.data.viewer.userId);
const memberCookies: string[] = [];
for (const member of generated.communities.members.slice(0, 50))
  memberCookies.push(await signIn(client, member.userId));
// Viewers from every district (as `npm run bench` signs them in), each opening the profiles of
// colleagues of their own district, and those of them in a network reading the bench resource.
const { rows: spread } = await client.query<{ userId: string; schoolId: string; networked: boolean }>(
  `select distinct on (u.district_id) u.id as "userId", p.school_id as "schoolId",
          exists (select 1 from network_districts nd where nd.district_id = u.district_id) as networked
     from users u join profiles p on p.user_id = u.id
    where u.status = 'active' and p.school_id is not null order by u.district_id, random()`,
);
const spreadViewers: Array<{ cookie: string; schoolId: string; networked: boolean; colleagues: string[] }> =
  [];
for (const v of spread) {
  const { rows: colleagues } = await client.query<{ id: string }>(
    `select id from users where status = 'active'
        and district_id = (select district_id from users where id = $1) order by random() limit 50`,
    [v.userId],
  );
  spreadViewers.push({
    cookie: await signIn(client, v.userId),
    schoolId: v.schoolId,
    networked: v.networked,
    colleagues: colleagues.map((c) => c.id),
  });
}
const networkedViewers = spreadViewers.filter((v) => v.networked);
const { rows: awards } = await client.query<{ id: string }>(
  `select id from awards where credential_id = $1 and submission_id is null and document ? 'proof'
    order by issued_at desc limit 50`,
  [generated.credentials.cohortCredentialId],
);
await client.end();

const { start, stop } = processes(url, 'trellis-page-cpu-');
const credentialKey = {
  CREDENTIAL_KEY_SECRET: 'trellis-bench-credential-key-secret-not-for-production',
};

const watcher = new pg.Client({ connectionString: url });
await watcher.connect();
const databaseState = () => databaseTransactions(watcher);

let bytes = 0;
const { agent, get } = keptAlive(lanes, (chunk) => {
  bytes += chunk.length;
});

type Read = {
  name: string;
  pid: number;
  request: (i: number) => { url: string; headers: Record<string, string> };
};

async function load(
  read: Read,
  count: number,
): Promise<{ statuses: Map<number, number>; latencies: number[] }> {
  const { statuses, latencies } = await sendInLanes(
    count,
    lanes,
    (i) => {
      const { url: target, headers } = read.request(i);
      return [target, headers];
    },
    get,
  );
  return { statuses, latencies: latencies.sort((a, b) => a - b) };
}

const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
const bare = await start(['--import', 'tsx', 'tests/bench/bare.ts'], credentialKey);
const trellis = await start([...profile, '--import', 'tsx', 'src/server/main.ts'], credentialKey);
const { benchThreadId, benchCommunityId } = generated.communities;
const member = (i: number) => ({ cookie: memberCookies[i % memberCookies.length] });
const award = (i: number) => awards[i % awards.length].id;
// A feed cursor past every item: the first page, read afresh rather than remembered (decision 030).
const PAST_EVERY_ITEM = Buffer.from(
  JSON.stringify(['9999-12-31 00:00:00+00', 'ffffffff-ffff-ffff-ffff-ffffffffffff']),
).toString('base64url');
const reads: Array<Read & { key: string }> = [
  {
    key: 'bare',
    name: 'bare Fastify + pg GET /organizations/:id',
    pid: bare.pid,
    request: () => ({ url: `${bare.base}/organizations/${generated.data.viewer.schoolId}`, headers: {} }),
  },
  {
    key: 'org',
    name: 'organization GET /api/organizations/:id, varied viewers',
    pid: trellis.pid,
    request: (i) => {
      const v = spreadViewers[i % spreadViewers.length];
      return { url: `${trellis.base}/api/organizations/${v.schoolId}`, headers: { cookie: v.cookie } };
    },
  },
  {
    key: 'profile',
    name: 'profile GET /api/profiles/:id, colleagues of varied viewers',
    pid: trellis.pid,
    request: (i) => {
      const v = spreadViewers[i % spreadViewers.length];
      const id = v.colleagues[Math.floor(i / spreadViewers.length) % v.colleagues.length];
      return { url: `${trellis.base}/api/profiles/${id}`, headers: { cookie: v.cookie } };
    },
  },
  ...(generated.resources && networkedViewers.length
    ? [
        {
          key: 'resource',
          name: 'resource page GET /api/resources/:id, viewers of networked districts',
          pid: trellis.pid,
          request: (i: number) => ({
            url: `${trellis.base}/api/resources/${generated.resources?.benchResourceId}`,
            headers: { cookie: networkedViewers[i % networkedViewers.length].cookie },
          }),
        },
      ]
    : []),
  {
    key: 'thread',
    name: 'thread page GET /api/threads/:id (50 replies)',
    pid: trellis.pid,
    request: (i) => ({ url: `${trellis.base}/api/threads/${benchThreadId}`, headers: member(i) }),
  },
  {
    key: 'list',
    name: 'thread list GET /api/communities/:id/threads',
    pid: trellis.pid,
    request: (i) => ({
      url: `${trellis.base}/api/communities/${benchCommunityId}/threads`,
      headers: member(i),
    }),
  },
  ...(awards.length
    ? [
        {
          key: 'award',
          name: 'public credential page GET /api/public/awards/:id',
          pid: trellis.pid,
          request: (i: number) => ({ url: `${trellis.base}/api/public/awards/${award(i)}`, headers: {} }),
        },
        {
          key: 'json',
          name: 'credential JSON GET /credentials/:id',
          pid: trellis.pid,
          request: (i: number) => ({
            url: `${trellis.base}/credentials/${award(i)}`,
            headers: { accept: 'application/ld+json' },
          }),
        },
      ]
    : []),
  {
    key: 'feed',
    name: 'home feed GET /api/feed (first pages, remembered)',
    pid: trellis.pid,
    request: (i) => ({ url: `${trellis.base}/api/feed`, headers: member(i) }),
  },
  {
    key: 'feed-afresh',
    name: 'home feed GET /api/feed (first pages read afresh)',
    pid: trellis.pid,
    request: (i) => ({ url: `${trellis.base}/api/feed?cursor=${PAST_EVERY_ITEM}`, headers: member(i) }),
  },
  {
    key: 'reviews',
    name: 'review queue GET /api/reviews',
    pid: trellis.pid,
    request: () => ({ url: `${trellis.base}/api/reviews`, headers: { cookie: viewerCookie } }),
  },
  {
    key: 'communities',
    name: 'communities GET /api/communities',
    pid: trellis.pid,
    request: (i) => ({
      url: `${trellis.base}/api/communities`,
      headers: i % 2 ? member(i) : { cookie: viewerCookie },
    }),
  },
  {
    key: 'directory',
    name: 'directory GET /api/directory?q= (varied as the load test draws them: nearly all cache misses)',
    pid: trellis.pid,
    request: (i) => ({ url: `${trellis.base}${directorySearch()}`, headers: member(i) }),
  },
  {
    key: 'search',
    name: 'site search GET /api/search?q= (varied as the load test draws them)',
    pid: trellis.pid,
    request: (i) => ({ url: `${trellis.base}${siteSearch()}`, headers: member(i) }),
  },
];
if (!awards.length) console.log('no signed awards in this database: the credential reads are left out');

const chosen = reads.filter((r) => r.key === 'bare' || !only.length || only.includes(r.key));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
try {
  let bareCpu = 0;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  for (let round = 1; round <= rounds; round++)
    for (const read of chosen) {
      await load(read, Math.min(500, requests));
      const before = cpuMs(read.pid);
      const databaseBefore = await databaseState();
      bytes = 0;
      const began = performance.now();
      const { statuses, latencies } = await load(read, requests);
      const wall = performance.now() - began;
      const node = (cpuMs(read.pid) - before) / requests;
      const databaseAfter = await databaseState();
      const database = databaseCpuMs(databaseBefore.cpu, databaseAfter.cpu) / requests;
      const statements = (databaseAfter.transactions - databaseBefore.transactions - 1) / requests;
      if (read.key === 'bare') bareCpu = node + database;
      console.log(
        `round ${round} ${read.name}: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(' ')}, ` +
          `${(node * 1000).toFixed(0)} µs Node + ${(database * 1000).toFixed(0)} µs PostgreSQL CPU ` +
          `(${(bareCpu / (node + database)).toFixed(3)} × bare), ${statements.toFixed(2)} statements, ` +
          `${(bytes / requests / 1024).toFixed(1)} kB, latency p50 ${pct(latencies, 50).toFixed(1)} ms p99 ${pct(latencies, 99).toFixed(1)} ms at ${lanes} lanes, ` +
          `${((requests * 1000) / wall).toFixed(0)} req/s, load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
} finally {
  agent.destroy();
  await watcher.end();
  await stop();
}
