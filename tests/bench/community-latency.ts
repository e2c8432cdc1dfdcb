/**
 * One request at a time through community browse and search (GET /api/communities) on a generated
 * network: p50 and p99 per query, and with `explain` the plan of each statement. For choosing
 * designs (decision 028), beside `npm run bench`'s load runs. No load to speak of: no bench lock.
 *
 *   npx tsx tests/bench/community-latency.ts [explain | explain-full]
 *   URL=postgres://… REPS=30 VIEWER_ID=<uuid> QUERIES='q=math|q=reading&kind=plc|'
 *   URL=postgres://… QUERIES=none MIX=500   (queries drawn as the load test draws them, one at a time)
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '#server/db/client.ts';
import { listCommunities } from '#server/features/communities/service.ts';
import { CommunityListQuery } from '#shared/contracts/communities.ts';
import { communitySearch } from './inputs.ts';
import { actorOf, generatedViewerId, latencyTimer, percentile } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 4);
const db = database.db;
const REPS = Number(process.env.REPS ?? 30);

const time = latencyTimer(db, {
  reps: REPS,
  mode: process.argv[2],
  labelWidth: 56,
  brief: (lines) => lines.filter((line) => /Scan|Execution|Planning/.test(line)),
});

const parse = (qs: string) => CommunityListQuery.parse(Object.fromEntries(new URLSearchParams(qs)));

// The bench viewer (the load test's repeated queries), else a member of a networked district.
const { rows: fallback } = await db.execute<{ id: string }>(sql`
  select u.id from users u join network_districts nd on nd.district_id = u.district_id order by u.id limit 1`);
const viewerId = process.env.VIEWER_ID ?? (await generatedViewerId(db)) ?? fallback[0].id;
const { actor, communities } = await actorOf(db, viewerId);
console.log(`# viewer ${viewerId} (networks ${actor.networkIds.length}, communities ${communities})`);

const queries =
  process.env.QUERIES === 'none'
    ? []
    : (
        process.env.QUERIES ??
        'q=math|q=reading|q=lesson study|q=ma|q=zzzz|q=math&kind=plc&subject=Mathematics||kind=cohort&gradeBand=6-8|mine=true'
      ).split('|');
for (const qs of queries)
  await time(`communities ${qs || '(browse)'}`, (d) => listCommunities({ db: d, actor, query: parse(qs) }));

const mix = Number(process.env.MIX ?? 0);
if (mix) {
  const xs: number[] = [];
  let slowest = { ms: 0, path: '' };
  for (let i = 0; i < mix; i++) {
    const path = communitySearch();
    const query = parse(path.split('?')[1]);
    const started = performance.now();
    await listCommunities({ db, actor, query });
    const ms = performance.now() - started;
    xs.push(ms);
    if (ms > slowest.ms) slowest = { ms, path };
  }
  console.log(
    `mix of ${mix} p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  slowest ${slowest.ms.toFixed(1)} ms ${slowest.path}`,
  );
}
await database.close();
