/**
 * Faceted library searches drawn as the load test draws them (`librarySearch()` of inputs.ts, the same
 * sequence every run: SEED), one at a time through `searchLibrary`, for a spread of viewers (one of
 * every district and the 20 in the most communities): wall time per search (mean, p50, p99), and the
 * CPU per search of this process and of its PostgreSQL backends, to read beside req/s. Each search is
 * asked once (a search never asked before: what a varied load costs), and with AGAIN=1 the same
 * searches are asked again (what a repeated search costs). No load to speak of: it needs no bench lock.
 *
 *   URL=postgres://…/trellis_bench_state N=300 SEED=1 AGAIN=1 SLOWEST=5 npx tsx tests/bench/library-latency.ts
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { searchLibrary } from '#server/features/resources/library-service.ts';
import { LibraryQuery } from '#shared/contracts/library.ts';
import { librarySearch } from './inputs.ts';
import { actorOf, backendCpu, databaseCpuMs, percentile } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const N = Number(process.env.N ?? 300);
const again = process.env.AGAIN === '1';

// The same searches every run, so two designs are measured on the same inputs (mulberry32).
let seed = Number(process.env.SEED ?? 1) >>> 0;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const database = openDatabase(url, 1);
const db = database.db;
const watcher = new pg.Client({ connectionString: url });
await watcher.connect();

const { rows: spread } = await db.execute<{ id: string }>(sql`
  (select distinct on (u.district_id) u.id from users u
    where exists (select 1 from community_members m where m.user_id = u.id and m.status = 'active')
    order by u.district_id, u.id)
  union all
  (select m.user_id from community_members m where m.status = 'active' group by m.user_id order by count(*) desc, m.user_id limit 20)`);
const actors: Actor[] = [];
for (const { id } of spread) actors.push((await actorOf(db, id)).actor);
const searches = Array.from({ length: N }, () => ({
  path: librarySearch(),
  actor: actors[Math.floor(Math.random() * actors.length)],
}));

const queryOf = (path: string) => {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(`http://x${path}`).searchParams) {
    const list = ['kind', 'subject', 'gradeBand', 'alignment', 'licence'].includes(k);
    params[k] = list ? [...((params[k] as string[] | undefined) ?? []), v] : v;
  }
  return LibraryQuery.parse(params);
};

// Warm on other searches: the first searches of a process pay for its caches of plans and pages.
for (let i = 0; i < 10; i++)
  await searchLibrary({
    db,
    actor: actors[Math.floor(Math.random() * actors.length)],
    query: queryOf(librarySearch()),
  });

async function measure(label: string) {
  const times: number[] = [];
  const slowest: Array<{ ms: number; what: string }> = [];
  const pgBefore = await backendCpu(watcher);
  const cpu = process.cpuUsage();
  for (const s of searches) {
    const query = queryOf(s.path);
    const started = performance.now();
    await searchLibrary({ db, actor: s.actor, query });
    const ms = performance.now() - started;
    times.push(ms);
    slowest.push({ ms, what: `${decodeURIComponent(s.path)} (viewer ${s.actor.userId.slice(0, 8)})` });
  }
  const node = process.cpuUsage(cpu);
  const database = databaseCpuMs(pgBefore, await backendCpu(watcher));
  const runs = N;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${label.padEnd(24)} n ${N}  mean ${mean.toFixed(1).padStart(6)} ms  p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms  CPU per search: Node ${((node.user + node.system) / 1000 / runs).toFixed(2)} ms, PostgreSQL ${(database / runs).toFixed(2)} ms`,
  );
  for (const s of slowest.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.SLOWEST ?? 0)))
    console.log(`  slow ${s.ms.toFixed(1).padStart(7)} ms ${s.what}`);
}

await measure('asked once');
// The same searches asked again, nothing having changed: each is remembered from the first round.
if (again) await measure('asked again');
await watcher.end();
await database.close();
