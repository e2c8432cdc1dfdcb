/**
 * `BENCH_DATABASE_URL=postgres://…/<generated network> BENCH_BEFORE_DIR=/path/to/earlier/checkout
 * npx tsx tests/bench/page-ab.ts`: Node CPU per request of the page reads (organization, thread page
 * of 50 replies, thread list, resource page) in two versions of Trellis at once — this checkout and
 * the one in BENCH_BEFORE_DIR (e.g. `git worktree add /tmp/before <commit>`, or `git archive <commit>
 * src tests package.json tsconfig.json` unpacked beside a link to node_modules) — and the bare stack.
 * Requests alternate between the versions in chunks of BENCH_CHUNK (250) until each has served
 * BENCH_REQUESTS (4,000), over 4 kept-alive connections with 20 members of the bench community as
 * viewers, so load from other work on a shared machine falls on both alike: compare the columns of
 * one run, not figures of different runs. Node's CPU is what bounds these pages' throughput (one
 * thread; PostgreSQL has the other core). No load to speak of: it needs no bench lock.
 */
import http from 'node:http';
import pg from 'pg';
import { cpuMs, processes, signIn } from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
const beforeDir = process.env.BENCH_BEFORE_DIR;
if (!url || !beforeDir) throw new Error('BENCH_DATABASE_URL and BENCH_BEFORE_DIR must be set');
const total = Number(process.env.BENCH_REQUESTS ?? 4000);
const chunk = Number(process.env.BENCH_CHUNK ?? 250);

const client = new pg.Client({ connectionString: url });
await client.connect();
const {
  rows: [{ data: generated }],
} = await client.query<{
  data: {
    data: { viewer: { schoolId: string } };
    communities: { benchThreadId: string; benchCommunityId: string; members: Array<{ userId: string }> };
    resources: { benchResourceId: string };
  };
}>('select data from bench.generated where id = 1');
const cookies: string[] = [];
for (const member of generated.communities.members.slice(0, 20))
  cookies.push(await signIn(client, member.userId));
await client.end();

const { start, stop } = processes(url, 'trellis-page-ab-');
const servers = [
  { name: 'before', ...(await start(['--import', 'tsx', 'src/server/main.ts'], {}, beforeDir)) },
  { name: 'after', ...(await start(['--import', 'tsx', 'src/server/main.ts'], {})) },
  { name: 'bare', ...(await start(['--import', 'tsx', 'tests/bench/bare.ts'], {})) },
];
const agents = new Map(servers.map((s) => [s.name, new http.Agent({ keepAlive: true, maxSockets: 4 })]));
let sent = 0;
function get(server: (typeof servers)[number], path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        `${server.base}${path}`,
        { agent: agents.get(server.name), headers: { cookie: cookies[sent++ % cookies.length] } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      )
      .on('error', reject);
  });
}
async function load(
  server: (typeof servers)[number],
  path: string,
  count: number,
  statuses: Map<number, number>,
) {
  let left = count;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) {
        const status = await get(server, path);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
}

const reads = [
  { name: 'organization', path: `/api/organizations/${generated.data.viewer.schoolId}`, bare: true },
  { name: 'thread page (50 replies)', path: `/api/threads/${generated.communities.benchThreadId}` },
  { name: 'thread list', path: `/api/communities/${generated.communities.benchCommunityId}/threads` },
  { name: 'resource page', path: `/api/resources/${generated.resources.benchResourceId}` },
];
try {
  for (const read of reads) {
    const serving = servers.filter((s) => s.name !== 'bare' || read.bare);
    const pathOf = (s: (typeof servers)[number]) =>
      s.name === 'bare' ? read.path.replace('/api/', '/') : read.path;
    const used = new Map(serving.map((s) => [s.name, { ms: 0, statuses: new Map<number, number>() }]));
    for (const s of serving) await load(s, pathOf(s), 500, new Map());
    for (let done = 0; done < total; done += chunk)
      for (const s of serving) {
        const before = cpuMs(s.pid);
        const mine = used.get(s.name) as { ms: number; statuses: Map<number, number> };
        await load(s, pathOf(s), chunk, mine.statuses);
        mine.ms += cpuMs(s.pid) - before;
      }
    console.log(
      `${read.name}: ${serving
        .map((s) => {
          const mine = used.get(s.name) as { ms: number; statuses: Map<number, number> };
          const statuses = [...mine.statuses].map(([status, n]) => `${n}×${status}`).join(' ');
          return `${s.name} ${((mine.ms * 1000) / total).toFixed(0)} µs Node (${statuses})`;
        })
        .join(', ')}`,
    );
  }
} finally {
  for (const agent of agents.values()) agent.destroy();
  await stop();
}
