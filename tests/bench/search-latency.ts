/**
 * One request at a time through search, the library and the directory's search, on a generated state
 * network: p50 and p99 per query kind, and with `explain` the plan of each statement. For choosing
 * designs (decision 015), beside `npm run bench`'s load runs.
 *
 *   npx tsx tests/bench/search-latency.ts [explain | explain-full]
 *   URL=postgres://… REPS=15 VIEWERS=3 ONLY=search,library,directory KINDS=all,thread,post TERMS=a,b
 *   URL=postgres://… ONLY=none MIX=500   (searches drawn as the load test draws them, one at a time)
 *   EXPLAIN_NAMED=1 REPS=0 …              (the plans of site search's named statements)
 *   REMEMBER=1 …                          (answer repeated searches from memory, decision 037)
 *   SEED=7 …                              (the same MIX draws for the same seed, to compare two runs)
 *   PERIODS=0 …                           (threads and replies past the window without periods, decision 040)
 *   STAGES=3,4,8 …                        (how many periods each stage asks, decision 040)
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '#server/db/client.ts';
import { searchDirectory } from '#server/features/profiles/queries.ts';
import { prefixQuery } from '#server/features/profiles/service.ts';
import { searchLibrary } from '#server/features/resources/library-service.ts';
import { search, searchCacheStats, searchTuning } from '#server/features/search/search-service.ts';
import { LibraryQuery } from '#shared/contracts/library.ts';
import { SearchQuery } from '#shared/contracts/search.ts';
import { pick, siteSearch } from './inputs.ts';
import { actorOf, cpuOfProcesses, databaseCpuMs, latencyTimer, percentile, seedRandom } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
// Its connections carry a name, so the MIX can read the CPU of its own PostgreSQL backends alone.
process.env.PGAPPNAME = 'search-latency';
const database = openDatabase(url, 4);
const db = database.db;
const REPS = Number(process.env.REPS ?? 15);
// Every search is searched, not answered from what an earlier repetition remembered (decision 037);
// REMEMBER=1 times remembered searches instead.
searchTuning.remember = process.env.REMEMBER === '1';
if (process.env.PERIODS === '0') searchTuning.periods = false;
// STAGES=2,12: how many periods each stage asks, newest first (decision 040).
if (process.env.STAGES) searchTuning.stages = process.env.STAGES.split(',').map(Number);
// Site search runs as named statements on the pool, which the timer's explainer does not see:
// EXPLAIN_NAMED=1 explains each of them (analyze, buffers) as it runs.
if (process.env.EXPLAIN_NAMED === '1') {
  const pool = database.pool as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const query = pool.query.bind(pool);
  pool.query = async (...args: unknown[]) => {
    const q = args[0] as { name?: string; text?: string; values?: unknown[] };
    if (q && typeof q === 'object' && q.name?.startsWith('trellis-search-') && q.text) {
      const plan = (await query({ text: `explain (analyze, buffers) ${q.text}`, values: q.values })) as {
        rows: Array<{ 'QUERY PLAN': string }>;
      };
      console.log(`      ${q.name}\n${plan.rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n')}`);
    }
    return query(...args);
  };
}
const only = process.env.ONLY ?? 'search,library,directory';

const time = latencyTimer(db, {
  reps: REPS,
  mode: process.argv[2],
  labelWidth: 62,
  brief: (lines) =>
    lines.filter((line) => /Scan|Execution/.test(line) && !/CTE Scan|Function Scan/.test(line)).slice(0, 6),
});

// A member of a networked district, the person in the most communities, and one outside any network.
const { rows: viewers } = await db.execute<{ id: string }>(sql`
  (select u.id from users u join network_districts nd on nd.district_id = u.district_id
    where exists (select 1 from community_members m where m.user_id = u.id and m.status = 'active') order by u.id limit 1)
  union all
  (select m.user_id from community_members m where m.status = 'active' group by m.user_id order by count(*) desc limit 1)
  union all
  (select u.id from users u where not exists (select 1 from network_districts nd where nd.district_id = u.district_id)
    order by u.id limit 1)`);
// A word of few recent posts, for the rare-word case.
const { rows: rare } = await db.execute<{ word: string }>(sql`
  select word from ts_stat('select search from posts where id > (select id from posts order by id desc offset 200000 limit 1)')
   where ndoc < 5 and length(word) > 3 limit 1`);
const terms = process.env.TERMS?.split(',') ?? [
  'lesson',
  'exit ticket',
  'rubric feedback',
  'fractions number line',
  rare[0]?.word ?? 'zzzz',
  'ga',
];
const LIBRARY = [
  'q=fractions',
  'q=rubric feedback&subject=Mathematics',
  'q=lesson study&gradeBand=3-5&sort=rating',
  'subject=Science&gradeBand=6-8',
  'kind=performance_task&hasTries=true&sort=tries',
  '',
];
const REPEATED = ['kind', 'subject', 'gradeBand', 'alignment', 'licence'];

const chosen = process.env.VIEWER_ID ? [{ id: process.env.VIEWER_ID }] : viewers;
for (const { id } of chosen.slice(0, Number(process.env.VIEWERS ?? 3))) {
  const { actor, communities } = await actorOf(db, id);
  console.log(`\n# viewer ${id} (networks ${actor.networkIds.length}, communities ${communities})`);
  if (only.includes('search'))
    // FACETS=subject=Mathematics;gradeBand=3-5|subject=Arts: each set of filters in turn ('' for none).
    for (const q of terms)
      for (const kind of (process.env.KINDS ?? 'all,thread,post').split(','))
        for (const facets of (process.env.FACETS ?? '').split('|')) {
          const query = SearchQuery.parse({
            q,
            kind,
            ...Object.fromEntries(new URLSearchParams(facets.replaceAll(';', '&'))),
          });
          await time(`search kind=${kind} q=${q} ${facets}`, (d) => search({ db: d, actor, query }));
        }
  if (only.includes('library'))
    for (const qs of LIBRARY) {
      const params = Object.fromEntries(
        [...new URLSearchParams(qs)].map(([k, v]) => [k, REPEATED.includes(k) ? [v] : v]),
      );
      const query = LibraryQuery.parse(params);
      await time(`library ${qs || '(browse)'}`, (d) => searchLibrary({ db: d, actor, query }));
    }
  if (only.includes('directory'))
    for (const q of ['ga', 'ma', 'jo', 'ana gar', 'science', 'lesson study'])
      await time(`directory search, no cache, q=${q}`, (d) =>
        searchDirectory(d, {
          viewerDistrictId: actor.districtId,
          viewerNetworkIds: actor.networkIds,
          q: { text: q, prefix: prefixQuery(q) },
          limit: 20,
        }),
      );
}
// MIX=n: n site searches drawn as the load test draws them (inputs.ts), for a spread of viewers, one
// at a time: what each kind of query costs, and the Node CPU per search, to read beside req/s.
const MIX = Number(process.env.MIX ?? 0);
if (MIX > 0) {
  const { rows: spread } = await db.execute<{ id: string }>(sql`
    (select distinct on (u.district_id) u.id from users u
      where exists (select 1 from community_members m where m.user_id = u.id and m.status = 'active')
      order by u.district_id, u.id)
    union all
    (select m.user_id from community_members m where m.status = 'active' group by m.user_id order by count(*) desc limit 20)`);
  const actors = await Promise.all(spread.map(({ id }) => actorOf(db, id).then((a) => a.actor)));
  if (process.env.SEED) seedRandom(Number(process.env.SEED));
  // A few searches first, on every connection of the pool, so that each has its caches of the
  // catalog (the first planning of a statement on a connection costs several times the next).
  const warm = (n: number) =>
    Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < n; i++) {
          const query = SearchQuery.parse(
            Object.fromEntries(new URL(`http://x${siteSearch()}`).searchParams),
          );
          await search({ db, actor: pick(actors), query });
        }
      }),
    );
  await warm(Number(process.env.WARM ?? 10));
  const backends = async () => {
    const { rows } = await database.pool.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = 'search-latency'`,
    );
    return cpuOfProcesses(rows);
  };
  const databaseBefore = await backends();
  const byKind = new Map<string, number[]>();
  const slowest: Array<{ ms: number; what: string }> = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < MIX; i++) {
    const url = new URL(`http://x${siteSearch()}`);
    const params = Object.fromEntries(url.searchParams);
    const query = SearchQuery.parse(params);
    const actor = pick(actors);
    const t0 = performance.now();
    await search({ db, actor, query });
    const ms = performance.now() - t0;
    for (const k of ['*', query.kind]) byKind.set(k, [...(byKind.get(k) ?? []), ms]);
    slowest.push({ ms, what: `${url.search} (viewer ${actor.userId.slice(0, 8)})` });
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const databaseMs = databaseCpuMs(databaseBefore, await backends());
  for (const [kind, xs] of [...byKind].sort()) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `mix kind=${kind.padEnd(10)} n ${String(xs.length).padStart(5)}  mean ${mean.toFixed(1).padStart(6)} ms  p50 ${percentile(xs, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(xs, 99).toFixed(1).padStart(6)} ms`,
    );
  }
  for (const s of slowest.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.SLOWEST ?? 0)))
    console.log(`slow ${s.ms.toFixed(1).padStart(7)} ms ${decodeURIComponent(s.what)}`);
  console.log(
    `mix: ${MIX} searches in ${(wall / 1000).toFixed(1)} s, Node CPU ${((used.user + used.system) / 1000 / MIX).toFixed(2)} ms and PostgreSQL CPU ${(databaseMs / MIX).toFixed(2)} ms per search, remembered ${searchCacheStats.hits}, searched ${searchCacheStats.misses}`,
  );
}
await database.close();
