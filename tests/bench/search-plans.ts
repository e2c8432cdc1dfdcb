/**
 * What site search's own statement (`search-find-…`, the documents a search finds) costs in
 * PostgreSQL CPU, planning included, for each way of reading it (decision 040): searches drawn as the
 * load test draws them (`siteSearch()`, varied viewers), each run in every mode in turn on one
 * connection, the backend's CPU read from /proc around each, so that load from other work falls on
 * every mode alike. The viewer's and the rows' statements are left out: they are the same in every
 * mode.
 *
 *   URL=postgres://…/trellis_bench_state npx tsx tests/bench/search-plans.ts
 *   SEARCHES=80 REPS=3 SEED=7 MODES=flat,periods,split,stages:2,12
 *
 * Modes: `flat` reads past the window of threads and replies from their GIN index, every period at
 * once (decision 032); `periods` period by period (the default); `stages:a,b,…` period by period with
 * other stages; `split` as `periods`, with a search of every kind sent as one statement per kind.
 * EACH=1 prints every search's CPU in every mode. PLANS=1 also prints the mean planning and execution time of each mode (EXPLAIN ANALYZE, timing off).
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '#server/db/client.ts';
import { search, searchTuning } from '#server/features/search/search-service.ts';
import { SearchQuery } from '#shared/contracts/search.ts';
import { pick, siteSearch } from './inputs.ts';
import { backendPid, percentile, seedRandom, variedActors } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const SEARCHES = Number(process.env.SEARCHES ?? 60);
const REPS = Number(process.env.REPS ?? 3);
const MODES = (process.env.MODES ?? 'flat,periods,split').split(/,(?=[a-z])/);
const database = openDatabase(url, 1);
const db = database.db;
searchTuning.remember = false;

type Statement = { name: string; text: string; values: unknown[] };
const captured: Statement[] = [];
const pool = database.pool as unknown as { query: (...args: unknown[]) => Promise<unknown> };
const query = pool.query.bind(pool);
pool.query = async (...args: unknown[]) => {
  const q = args[0] as Partial<Statement>;
  if (q && typeof q === 'object' && q.name?.startsWith('trellis-search-find') && q.text)
    captured.push({ name: q.name, text: q.text, values: q.values ?? [] });
  return query(...args);
};

/** The CPU time the backend has used, in ms (utime + stime, in clock ticks of 10 ms). */
function backendCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The find statements a search sends in a mode. */
async function statementsOf(mode: string, draw: Draw): Promise<Statement[]> {
  searchTuning.periods = mode !== 'flat';
  searchTuning.stages = mode.startsWith('stages:') ? mode.slice(7).split(',').map(Number) : undefined;
  const asked = SearchQuery.parse(draw.params);
  const kinds =
    mode === 'split' && asked.kind === 'all'
      ? (['thread', 'post', 'community', 'resource', 'collection'] as const)
      : [asked.kind];
  searchTuning.pool = mode === 'split' && asked.kind === 'all' ? 50 : undefined;
  const out: Statement[] = [];
  for (const kind of kinds) {
    captured.length = 0;
    await search({ db, actor: draw.actor, query: { ...asked, kind } });
    out.push(...captured);
  }
  return out;
}

const { actors } = await variedActors(db, 20);
seedRandom(Number(process.env.SEED ?? 7));
type Draw = { params: Record<string, string>; actor: (typeof actors)[number] };
const draws: Draw[] = Array.from({ length: SEARCHES }, () => {
  const params = Object.fromEntries(new URL(`http://x${siteSearch()}`).searchParams);
  return { params, actor: pick(actors) };
});
const pid = await backendPid(db);
const cpu = new Map<string, number[]>(MODES.map((m) => [m, []]));
const plans = new Map<string, { planning: number; execution: number; n: number }>();
for (const [n, draw] of draws.entries()) {
  for (const mode of n % 2 ? [...MODES].reverse() : MODES) {
    const statements = await statementsOf(mode, draw);
    // Once to warm the pages it reads, then REPS times counted.
    for (const s of statements) await query(s);
    const before = backendCpu(pid);
    for (let r = 0; r < REPS; r++) for (const s of statements) await query(s);
    cpu.get(mode)?.push((backendCpu(pid) - before) / REPS);
    if (process.env.EACH === '1')
      console.log(
        `${String(n).padStart(3)} ${mode.padEnd(12)} ${((backendCpu(pid) - before) / REPS).toFixed(0).padStart(4)} ms  ${new URLSearchParams(draw.params)} (viewer ${draw.actor.userId.slice(0, 8)})`,
      );
    if (process.env.PLANS === '1')
      for (const s of statements) {
        const result = (await query({
          text: `explain (analyze, summary, timing off, costs off) ${s.text}`,
          values: s.values,
        })) as { rows: Array<{ 'QUERY PLAN': string }> };
        const line = (prefix: string) =>
          Number(
            result.rows.find((r) => r['QUERY PLAN'].startsWith(prefix))?.['QUERY PLAN'].match(/[\d.]+/)?.[0],
          );
        const p = plans.get(mode) ?? { planning: 0, execution: 0, n: 0 };
        plans.set(mode, {
          planning: p.planning + line('Planning Time'),
          execution: p.execution + line('Execution Time'),
          n: p.n + (s === statements[0] ? 1 : 0),
        });
      }
  }
}
for (const [mode, xs] of cpu) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const p = plans.get(mode);
  console.log(
    `${mode.padEnd(16)} PostgreSQL CPU per search: mean ${mean.toFixed(2)} ms, p50 ${percentile(xs, 50).toFixed(1)} ms, p90 ${percentile(xs, 90).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms` +
      (p
        ? `; planning ${(p.planning / p.n).toFixed(2)} ms, execution ${(p.execution / p.n).toFixed(2)} ms`
        : ''),
  );
}
await database.close();
