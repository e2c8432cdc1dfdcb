/**
 * Library searches drawn as the load test draws them (`librarySearch()`, SEED), each answered twice
 * through `searchLibrary`: with the postings (decision 042) and from the GIN index alone
 * (`LIBRARY_PLAN.postingsFrom` 0 and infinite), on two connections whose remembered searches are apart; prints
 * every search whose answers differ (page, exact counts, totals, cursor) and the PostgreSQL CPU of each
 * way. A check of the postings on a generated network, beside the tests' small worlds.
 *
 *   URL=postgres://…/trellis_bench_state N=200 SEED=3 npx tsx tests/bench/library-compare.ts
 */
import { openDatabase } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { LIBRARY_PLAN, searchLibrary } from '#server/features/resources/library-service.ts';
import { libraryQueryOf, librarySearch } from './inputs.ts';
import { actorOf, backendPid, communityMemberSpread, cpuMs, percentile, seedRandom } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const N = Number(process.env.N ?? 200);
seedRandom(Number(process.env.SEED ?? 3));
// POSTINGS_WORDS / POSTINGS_FACETS: the most words and facets a set read from the postings may have.
if (process.env.POSTINGS_WORDS) LIBRARY_PLAN.postingsWords = Number(process.env.POSTINGS_WORDS);
if (process.env.POSTINGS_FACETS) LIBRARY_PLAN.postingsFacets = Number(process.env.POSTINGS_FACETS);

const withPostings = openDatabase(url, 1);
const withIndex = openDatabase(url, 1);
const pids = [await backendPid(withPostings.db), await backendPid(withIndex.db)];
const actors: Actor[] = [];
for (const id of await communityMemberSpread(withPostings.db, 20))
  actors.push((await actorOf(withPostings.db, id)).actor);

let differ = 0;
const cpu = [0, 0];
const gaps: Array<{ gap: number; what: string }> = [];
const each: [number[], number[]] = [[], []];
for (let i = 0; i < N; i++) {
  const path = librarySearch();
  const actor = actors[Math.floor(Math.random() * actors.length)];
  const query = libraryQueryOf(path);
  const answers = [];
  const spent = [0, 0];
  for (const [n, database] of [withPostings, withIndex].entries()) {
    LIBRARY_PLAN.postingsFrom = n === 0 ? 0 : Number.POSITIVE_INFINITY;
    const before = cpuMs(pids[n]);
    const answer = await searchLibrary({ db: database.db, actor, query });
    spent[n] = cpuMs(pids[n]) - before;
    each[n].push(spent[n]);
    cpu[n] += spent[n];
    // Counts over a cut set are of its first POOL + 1 found, which each way finds in its own order
    // (the postings the newest): compared only when exact.
    const { facets, ...rest } = answer;
    answers.push(
      JSON.stringify({
        ...rest,
        facets: answer.facetsApproximate ? null : facets,
        data: answer.data.map((r) => r.id),
      }),
    );
  }
  gaps.push({
    gap: spent[0] - spent[1],
    what: `${decodeURIComponent(path)} (${spent[0]} vs ${spent[1]} ms)`,
  });
  if (answers[0] !== answers[1]) {
    differ++;
    console.log(`differs: ${decodeURIComponent(path)} (viewer ${actor.userId.slice(0, 8)})`);
    if (process.env.SHOW === '1') console.log(`  postings ${answers[0]}\n  index    ${answers[1]}`);
  }
}
console.log(
  `${N} searches, ${differ} differ; PostgreSQL CPU per search: postings ${(cpu[0] / N).toFixed(2)} ms (p90 ${percentile(each[0], 90)}, p99 ${percentile(each[0], 99)}), GIN index ${(cpu[1] / N).toFixed(2)} ms (p90 ${percentile(each[1], 90)}, p99 ${percentile(each[1], 99)})`,
);
// SLOWEST=n: the searches the postings made dearest, and cheapest.
const slowest = Number(process.env.SLOWEST ?? 0);
gaps.sort((a, b) => b.gap - a.gap);
for (const g of slowest ? [...gaps.slice(0, slowest), ...gaps.slice(-slowest)] : [])
  console.log(`  ${g.gap > 0 ? '+' : ''}${g.gap} ms ${g.what}`);
await withPostings.close();
await withIndex.close();
