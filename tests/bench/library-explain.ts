/**
 * One library search, for one viewer (one per district; VIEWER picks which), asked REPS times with a
 * page size of its own each time (so none is answered from memory): wall time and the CPU of its
 * PostgreSQL backend per run; with MODE=explain, once more with each statement explained (analyze,
 * buffers) and the plans printed. Used for decision 038.
 *
 *   URL=postgres://…/trellis_bench_state VIEWER=3 REPS=3 MODE=explain npx tsx tests/bench/library-explain.ts 'q=fractions&subject=Mathematics'
 */
import { type SQL, sql } from 'drizzle-orm';
import { openDatabase, type Db } from '#server/db/client.ts';
import { LIBRARY_PLAN, searchLibrary } from '#server/features/resources/library-service.ts';
import { libraryQueryOf } from './inputs.ts';
import { actorOf, backendPid, communityMemberSpread, cpuMs } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 1);
const db = database.db;
const pid = await backendPid(db);
const spread = await communityMemberSpread(db);
const { actor } = await actorOf(db, spread[Number(process.env.VIEWER ?? 0)]);
const query = libraryQueryOf(process.argv[2] ?? '');
const mode = process.env.MODE ?? 'time';
// POSTINGS=0 reads every set from the GIN index, POSTINGS=1 from the postings where they answer it (decision 042).
if (process.env.POSTINGS === '0') LIBRARY_PLAN.postingsFrom = Number.POSITIVE_INFINITY;
if (process.env.POSTINGS === '1') LIBRARY_PLAN.postingsFrom = 0;
const plans: string[] = [];
const explaining = new Proxy(db, {
  get(target, prop) {
    if (prop !== 'execute') return Reflect.get(target, prop);
    return async (q: SQL) => {
      const { rows } = await target.execute<{ 'QUERY PLAN': string }>(
        sql`explain (analyze, buffers, costs off) ${q}`,
      );
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      return target.execute(q);
    };
  },
}) as Db;
// Each run a fresh limit so nothing is remembered.
const times: number[] = [];
for (let i = 0; i < Number(process.env.REPS ?? 5); i++) {
  const before = cpuMs(pid);
  const t = performance.now();
  const r = await searchLibrary({ db, actor, query: { ...query, limit: 10 + i } });
  times.push(performance.now() - t);
  const after = cpuMs(pid);
  console.log(
    `run ${i}: ${(performance.now() - t).toFixed(1)} ms, PG CPU ${(after - before).toFixed(1)} ms, total ${r.total}${r.totalIsLowerBound ? '+' : ''}, page ${r.data.length}, cut ${r.facetsApproximate}`,
  );
}
if (mode === 'explain') {
  await searchLibrary({ db: explaining, actor, query: { ...query, limit: 9 } });
  console.log(plans.join('\n---\n'));
}
await database.close();
