/**
 * Faceted library searches drawn as the load test draws them (`librarySearch()` of inputs.ts, the same
 * sequence every run: SEED), one at a time through `searchLibrary`, for a spread of viewers (one of
 * every district and the 20 in the most communities): wall time per search (mean, p50, p99), and the
 * CPU per search of this process and of its PostgreSQL backend (one connection), to read beside req/s. Each search is
 * asked once (a search never asked before: what a varied load costs), and with AGAIN=1 the same
 * searches are asked again (what a repeated search costs). No load to speak of: it needs no bench lock.
 *
 *   URL=postgres://…/trellis_bench_state N=300 SEED=1 AGAIN=1 SLOWEST=5 SHAPES=1 npx tsx tests/bench/library-latency.ts
 *
 * SHAPES=1 adds the mean time and PostgreSQL CPU of each shape of search (words or not, how many
 * facets, which order). POSTINGS=0 reads every set from the GIN index (as before decision 042),
 * POSTINGS=1 reads the postings where they answer a set whatever the library's size.
 */
import { openDatabase } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { LIBRARY_PLAN, searchLibrary } from '#server/features/resources/library-service.ts';
import { libraryQueryOf, librarySearch } from './inputs.ts';
import { actorOf, backendPid, communityMemberSpread, cpuMs, percentile } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const N = Number(process.env.N ?? 300);
const again = process.env.AGAIN === '1';
if (process.env.POSTINGS === '0') LIBRARY_PLAN.postingsFrom = Number.POSITIVE_INFINITY;
if (process.env.POSTINGS === '1') LIBRARY_PLAN.postingsFrom = 0;
// POSTINGS_FACETS=n reads sets with words and up to n facets from the postings.
if (process.env.POSTINGS_FACETS) LIBRARY_PLAN.postingsFacets = Number(process.env.POSTINGS_FACETS);

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
// One connection, whose backend's CPU is read: other work on the database is not counted.
const pid = await backendPid(db);

const actors: Actor[] = [];
for (const id of await communityMemberSpread(db, 20)) actors.push((await actorOf(db, id)).actor);
const searches = Array.from({ length: N }, () => ({
  path: librarySearch(),
  actor: actors[Math.floor(Math.random() * actors.length)],
}));

// Warm on other searches: the first searches of a process pay for its caches of plans and pages.
for (let i = 0; i < 10; i++)
  await searchLibrary({
    db,
    actor: actors[Math.floor(Math.random() * actors.length)],
    query: libraryQueryOf(librarySearch()),
  });

async function measure(label: string) {
  const times: number[] = [];
  const slowest: Array<{ ms: number; what: string }> = [];
  const pgBefore = cpuMs(pid);
  const cpu = process.cpuUsage();
  const byShape = new Map<string, { n: number; ms: number; database: number }>();
  for (const s of searches) {
    const query = libraryQueryOf(s.path);
    const started = performance.now();
    const databaseBefore = cpuMs(pid);
    await searchLibrary({ db, actor: s.actor, query });
    const ms = performance.now() - started;
    // What kind of search it was: words or not, facets or not, the order.
    const facets = ['kind', 'subject', 'gradeBand', 'hasTries'].filter((k) => s.path.includes(`${k}=`));
    const shape = `${query.q ? 'words' : 'no words'}, ${facets.length ? `${facets.length} facet${facets.length > 1 ? 's' : ''}` : 'no facet'}, ${query.sort ?? 'default'} order`;
    const seen = byShape.get(shape) ?? { n: 0, ms: 0, database: 0 };
    byShape.set(shape, {
      n: seen.n + 1,
      ms: seen.ms + ms,
      database: seen.database + cpuMs(pid) - databaseBefore,
    });
    times.push(ms);
    slowest.push({ ms, what: `${decodeURIComponent(s.path)} (viewer ${s.actor.userId.slice(0, 8)})` });
  }
  const node = process.cpuUsage(cpu);
  const database = cpuMs(pid) - pgBefore;
  const runs = N;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${label.padEnd(24)} n ${N}  mean ${mean.toFixed(1).padStart(6)} ms  p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms  CPU per search: Node ${((node.user + node.system) / 1000 / runs).toFixed(2)} ms, PostgreSQL ${(database / runs).toFixed(2)} ms`,
  );
  if (process.env.SHAPES === '1')
    for (const [shape, x] of [...byShape].sort((a, b) => b[1].database - a[1].database))
      console.log(
        `  ${shape.padEnd(36)} n ${String(x.n).padStart(4)}  mean ${(x.ms / x.n).toFixed(1).padStart(6)} ms  PostgreSQL CPU ${(x.database / x.n).toFixed(1).padStart(6)} ms`,
      );
  for (const s of slowest.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.SLOWEST ?? 0)))
    console.log(`  slow ${s.ms.toFixed(1).padStart(7)} ms ${s.what}`);
}

await measure('asked once');
// The same searches asked again, nothing having changed: each is remembered from the first round.
if (again) await measure('asked again');
await database.close();
