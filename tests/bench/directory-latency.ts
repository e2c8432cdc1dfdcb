/**
 * `npx tsx tests/bench/directory-latency.ts`: directory searches drawn as the load test draws them
 * (tests/bench/inputs.ts directorySearch), one at a time, for a spread of viewers, through
 * `searchDirectory` without its cache (every one a cache miss): p50, p99, the slowest, and with
 * `explain` the plan of the slowest. URL (trellis_bench_state), MIX (300).
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '#server/db/client.ts';
import { searchDirectory } from '#server/features/profiles/queries.ts';
import { normalizeTag, prefixQuery } from '#server/features/profiles/service.ts';
import { DirectoryQuery } from '#shared/contracts/profiles.ts';
import { directorySearch, pick } from './inputs.ts';
import { percentile } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 4);
const db = database.db;
const MIX = Number(process.env.MIX ?? 300);

const { rows: viewers } = await db.execute<{ district_id: string; network_ids: string[] }>(sql`
  select distinct on (u.district_id) u.district_id,
         array(select nd.network_id from network_districts nd where nd.district_id = u.district_id) as network_ids
    from users u where u.status = 'active' order by u.district_id, u.id`);

const filtersOf = (path: string, viewer: { district_id: string; network_ids: string[] }) => {
  const query = DirectoryQuery.parse(Object.fromEntries(new URL(`http://x${path}`).searchParams));
  return {
    viewerDistrictId: viewer.district_id,
    viewerNetworkIds: [...viewer.network_ids].sort(),
    q: query.q?.trim() ? { text: query.q.trim(), prefix: prefixQuery(query.q) } : undefined,
    subject: query.subject,
    gradeBand: query.gradeBand,
    expertise: query.expertise?.trim() ? normalizeTag(query.expertise) : undefined,
    limit: query.limit,
  };
};

const times: number[] = [];
const slowest: Array<{ ms: number; path: string; viewer: (typeof viewers)[number] }> = [];
const cpu = process.cpuUsage();
for (let i = 0; i < MIX; i++) {
  const path = directorySearch();
  const viewer = pick(viewers);
  const started = performance.now();
  await searchDirectory(db, filtersOf(path, viewer));
  const ms = performance.now() - started;
  times.push(ms);
  slowest.push({ ms, path, viewer });
}
const used = process.cpuUsage(cpu);
console.log(
  `${MIX} directory searches (cache misses), one at a time: p50 ${percentile(times, 50).toFixed(1)} ms, ` +
    `p90 ${percentile(times, 90).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, ` +
    `Node CPU ${((used.user + used.system) / 1000 / MIX).toFixed(2)} ms per search`,
);
slowest.sort((a, b) => b.ms - a.ms);
for (const s of slowest.slice(0, 8))
  console.log(
    `  ${s.ms.toFixed(1).padStart(7)} ms  ${decodeURIComponent(s.path)} (district ${s.viewer.district_id.slice(0, 8)})`,
  );
if (process.argv[2] === 'explain') {
  const captured: string[] = [];
  const explaining = new Proxy(db, {
    get(target, prop) {
      if (prop !== 'execute') return Reflect.get(target, prop);
      return async (query: Parameters<typeof db.execute>[0]) => {
        const { rows } = await target.execute<{ 'QUERY PLAN': string }>(
          sql`explain (analyze, buffers, costs off) ${query}`,
        );
        captured.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return target.execute(query);
      };
    },
  }) as typeof db;
  for (const s of slowest.slice(0, 3)) {
    captured.length = 0;
    await searchDirectory(explaining, filtersOf(s.path, s.viewer));
    console.log(`\n${decodeURIComponent(s.path)}\n${captured.join('\n---\n')}`);
  }
}
await database.close();
