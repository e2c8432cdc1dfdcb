/**
 * The plans PostgreSQL ran for community browse and search (GET /api/communities) and directory
 * searches, named statements included, through `auto_explain` sent back to this client: each
 * statement's plan with buffers and times, as Trellis sends it (same text, same parameters, the
 * generic plan where PostgreSQL chose one). One request at a time: no bench lock.
 *
 *   URL=postgres://…/trellis_bench_state [VIEWER_ID=<uuid>] [REPS=3] [FULL=1] \
 *     npx tsx tests/bench/community-explain.ts 'q=math' 'kind=cohort' …
 *   … community-explain.ts directory 'q=m' 'q=garc&subject=Science'
 *   MIX=300 SEED=7 … community-explain.ts mix   (community searches drawn as the load test draws
 *   them, each once: mean and p99 of the database's execution time and buffers per request)
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '#server/db/client.ts';
import { listCommunities } from '#server/features/communities/service.ts';
import { searchDirectory } from '#server/features/profiles/queries.ts';
import { CommunityListQuery } from '#shared/contracts/communities.ts';
import { DirectoryQuery } from '#shared/contracts/profiles.ts';
import { communitySearch } from './inputs.ts';
import { actorOf, directoryFilters, generatedViewerId, percentile, seedRandom } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 1);
const db = database.db;
const REPS = Number(process.env.REPS ?? 3);
const full = process.env.FULL === '1';

let capture: string[] | null = null;
database.pool.on('connect', (client) => {
  client.on('notice', (notice) => {
    if (capture && notice.message?.includes('duration:')) capture.push(notice.message);
  });
});
const setUp = async () => {
  await db.execute(sql.raw(`load 'auto_explain'`));
  for (const setting of [
    'auto_explain.log_min_duration = 0',
    'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on',
    'auto_explain.log_timing = on',
    'auto_explain.log_nested_statements = on',
    'client_min_messages = log',
  ])
    await db.execute(sql.raw(`set ${setting}`));
};
await setUp();

const viewerId = process.env.VIEWER_ID ?? (await generatedViewerId(db));
if (!viewerId) throw new Error('VIEWER_ID must name a person: the database has no generated network');
const { actor } = await actorOf(db, viewerId);

const args = process.argv.slice(2);
if (args[0] === 'mix') {
  seedRandom(Number(process.env.SEED ?? 7));
  const executed: number[] = [];
  const buffers: number[] = [];
  const heaviest: Array<{ qs: string; ms: number; pages: number }> = [];
  const n = Number(process.env.MIX ?? 300);
  for (let i = 0; i < n; i++) {
    const qs = communitySearch().split('?')[1];
    capture = [];
    await listCommunities({
      db,
      actor,
      query: CommunityListQuery.parse(Object.fromEntries(new URLSearchParams(qs))),
    });
    let [ms, pages] = [0, 0];
    for (const plan of capture) {
      ms += Number(/duration: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      pages += Number(/Buffers: shared hit=(\d+)/.exec(plan)?.[1] ?? 0);
    }
    capture = null;
    executed.push(ms);
    buffers.push(pages);
    heaviest.push({ qs, ms, pages });
  }
  heaviest.sort((a, b) => b.pages - a.pages);
  for (const h of heaviest.slice(0, Number(process.env.TOP ?? 0)))
    console.log(
      `  ${String(h.pages).padStart(6)} buffers ${h.ms.toFixed(1).padStart(6)} ms  ${decodeURIComponent(h.qs)}`,
    );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `${n} community searches drawn as the load test draws them, each once: execution mean ${mean(executed).toFixed(2)} ms, ` +
      `p99 ${percentile(executed, 99).toFixed(2)} ms; buffers mean ${Math.round(mean(buffers))}, p50 ${percentile(buffers, 50)}, p99 ${percentile(buffers, 99)}`,
  );
  await database.close();
  process.exit(0);
}
const directory = args[0] === 'directory';
const queries = directory ? args.slice(1) : args;
for (const qs of queries.length ? queries : ['']) {
  const params = Object.fromEntries(new URLSearchParams(qs));
  const run = directory
    ? () => searchDirectory(db, directoryFilters(DirectoryQuery.parse(params), actor))
    : () => listCommunities({ db, actor, query: CommunityListQuery.parse(params) });
  for (let i = 0; i < REPS; i++) {
    capture = [];
    const started = performance.now();
    await run();
    const ms = performance.now() - started;
    const plans = capture;
    capture = null;
    console.log(
      `\n### ${directory ? 'directory' : 'communities'} ${qs || '(browse)'} #${i + 1}: ${ms.toFixed(1)} ms`,
    );
    for (const plan of plans) {
      const lines = plan.split('\n');
      const kept = full
        ? lines.filter((l) => !/^\s*(Query Text|\$\d)/.test(l))
        : lines.filter((l) => /duration:|Buffers: shared|Scan|Subquery|Planning|Execution/.test(l));
      console.log(kept.slice(0, full ? 200 : 40).join('\n'));
    }
  }
}
await database.close();
