/**
 * CPU per request of community browse and search (GET /api/communities), in the Trellis process and
 * in its PostgreSQL backends, as page-cpu.ts measures page reads: the load test's repeated searches
 * ('math', 'reading', 'lesson study' by the bench viewer), varied searches (drawn as the load test
 * draws them, from a fixed seed, by one person of each district) and browsing. N requests (1,200)
 * over 4 kept-alive lanes after 300 to warm up. ROOT=<a checkout> runs that tree's Trellis instead,
 * to compare before and after on the same database. No load to speak of: no bench lock.
 *
 *   URL=postgres://…/trellis_bench_state [ROOT=/path/to/older/tree] [ONLY=repeated,varied,browse] \
 *     npx tsx tests/bench/community-cpu.ts
 */
import http from 'node:http';
import pg from 'pg';
import { communitySearch } from './inputs.ts';
import { backendCpu, cpuMs, databaseCpuMs, processes, signIn, signInViewer } from './measure.ts';
const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const root = process.env.ROOT ?? process.cwd();
const requests = Number(process.env.N ?? 1500);
const lanes = 4;
const { cookie } = await signInViewer(url);
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query<{ id: string }>(
  `select distinct on (district_id) id from users where status = 'active' order by district_id, id`,
);
const cookies: string[] = [];
for (const r of rows) cookies.push(await signIn(client, r.id));
await client.end();
const { start, stop } = processes(url, 'trellis-community-cpu-');
const trellis = await start(
  ['--import', 'tsx', 'src/server/main.ts'],
  { CREDENTIAL_KEY_SECRET: 'trellis-bench-credential-key-secret-not-for-production' },
  root,
);
const watcher = new pg.Client({ connectionString: url });
await watcher.connect();
const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
const get = (path: string, c: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(`${trellis.base}${path}`, { agent, headers: { cookie: c, accept: 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
const REPEATED = ['math', 'reading', 'lesson study'].map(
  (q) => `/api/communities?q=${encodeURIComponent(q)}`,
);
// The same varied inputs for both trees: drawn once, seeded by order.
let seed = 7;
const rnd = () => {
  seed = (seed * 16807) % 2147483647;
  return (seed - 1) / 2147483646;
};
Math.random = rnd;
const varied = Array.from({ length: requests }, () => ({
  path: communitySearch(),
  c: cookies[Math.floor(rnd() * cookies.length)],
}));
const reads: Record<string, (i: number) => { path: string; c: string }> = {
  repeated: (i) => ({ path: REPEATED[i % 3], c: cookie.cookie }),
  varied: (i) => varied[i % varied.length],
  browse: () => ({ path: '/api/communities', c: cookie.cookie }),
};
try {
  for (const [name, req] of Object.entries(reads)) {
    if (process.env.ONLY && !process.env.ONLY.split(',').includes(name)) continue;
    const run = async (n: number) => {
      let next = 0;
      const lat: number[] = [];
      const bad = { n: 0 };
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < n) {
            const { path, c } = req(next++);
            const t = performance.now();
            const s = await get(path, c);
            lat.push(performance.now() - t);
            if (s !== 200) bad.n++;
          }
        }),
      );
      return { lat: lat.sort((a, b) => a - b), bad: bad.n };
    };
    await run(300);
    const before = cpuMs(trellis.pid);
    const dbBefore = await backendCpu(watcher);
    const { lat, bad } = await run(requests);
    const node = (cpuMs(trellis.pid) - before) / requests;
    const db = databaseCpuMs(dbBefore, await backendCpu(watcher)) / requests;
    console.log(
      `${name.padEnd(9)} Trellis ${node.toFixed(2)} ms + PostgreSQL ${db.toFixed(2)} ms CPU per request; p50 ${lat[Math.floor(lat.length / 2)].toFixed(1)} p99 ${lat[Math.floor(lat.length * 0.99)].toFixed(1)} ms at ${lanes} lanes; non-200 ${bad}`,
    );
  }
} finally {
  await watcher.end();
  await stop();
}
