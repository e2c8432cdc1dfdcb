/**
 * `npx tsx tests/bench/directory-latency.ts`: directory searches drawn as the load test draws them
 * (tests/bench/inputs.ts directorySearch), one at a time, for a spread of viewers, through
 * `searchDirectory` without its cache (every one a cache miss): p50, p99, the slowest, and with
 * `explain` the plan of the slowest. URL (trellis_bench_state), MIX (300), SEED (draws the same
 * searches and viewers on every run, to compare two versions of the code on a loaded machine).
 * `buffers` runs each search once more under EXPLAIN (ANALYZE, BUFFERS): the database's own
 * planning and execution time and the pages it touched, which load on a shared machine disturbs
 * far less than the time seen from Node. ROWS=1 lets the searches share people's rows as Trellis
 * does while the directory version stands (service.ts cachedDirectoryPage); without it every row is read.
 * CPU=1 sends every search through one connection and prints its PostgreSQL backend's CPU per search
 * (named statements planned once per connection, as in Trellis, where EXPLAIN plans each afresh),
 * after REPS (2) passes over the same searches, the first to warm, and how often each named
 * statement was planned generic or custom.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '#server/db/client.ts';
import { type DirectoryRows, type ProfileRow, searchDirectory } from '#server/features/profiles/queries.ts';
import { DirectoryQuery } from '#shared/contracts/profiles.ts';
import { EXPERTISE_TAGS } from '#server/db/seed/names.ts';
import { SUBJECTS } from '#shared/contracts/profiles.ts';
import { directorySearch, pick } from './inputs.ts';
import { backendPid, cpuMs, directoryFilters, percentile, seedRandom } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, process.env.CPU === '1' ? 1 : 4);
const db = database.db;
const MIX = Number(process.env.MIX ?? 300);
// The same draws for the same seed.
if (process.env.SEED) seedRandom(Number(process.env.SEED));

const { rows: viewers } = await db.execute<{ district_id: string; network_ids: string[] }>(sql`
  select distinct on (u.district_id) u.district_id,
         array(select nd.network_id from network_districts nd where nd.district_id = u.district_id) as network_ids
    from users u where u.status = 'active' order by u.district_id, u.id`);

const filtersOf = (path: string, viewer: { district_id: string; network_ids: string[] }) =>
  directoryFilters(DirectoryQuery.parse(Object.fromEntries(new URL(`http://x${path}`).searchParams)), {
    districtId: viewer.district_id,
    networkIds: viewer.network_ids,
  });

const captured: string[] = [];
/** The database that records the plan of each statement a search sends (then runs it as usual). */
const explaining = (json: boolean) =>
  new Proxy(db, {
    get(target, prop) {
      // Named statements (named-query.ts) go to the driver's pool itself.
      if (prop === '$client')
        return {
          query: async (statement: { text: string; values: unknown[] }) => {
            const plan = await database.pool.query<{ 'QUERY PLAN': unknown }>(
              `explain (analyze, buffers${json ? ', format json' : ', costs off'}) ${statement.text}`,
              statement.values,
            );
            captured.push(
              json
                ? JSON.stringify(plan.rows[0]['QUERY PLAN'])
                : plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
            );
            return database.pool.query(statement);
          },
        };
      if (prop !== 'execute') return Reflect.get(target, prop);
      return async (query: Parameters<typeof db.execute>[0]) => {
        const { rows } = await target.execute<{ 'QUERY PLAN': unknown }>(
          json
            ? sql`explain (analyze, buffers, format json) ${query}`
            : sql`explain (analyze, buffers, costs off) ${query}`,
        );
        captured.push(
          json ? JSON.stringify(rows[0]['QUERY PLAN']) : rows.map((r) => r['QUERY PLAN']).join('\n'),
        );
        return target.execute(query);
      };
    },
  }) as typeof db;

const remembered = new Map<string, ProfileRow>();
let rowsTaken = 0;
const rows: DirectoryRows | undefined =
  process.env.ROWS === '1'
    ? {
        get: (id) => {
          const row = remembered.get(id);
          if (row) rowsTaken++;
          return row;
        },
        set: (id, row) => remembered.set(id, row),
      }
    : undefined;

if (process.env.CPU === '1') {
  const draws = Array.from({ length: MIX }, () => ({ path: directorySearch(), viewer: pick(viewers) }));
  const pid = await backendPid(db);
  const reps = Number(process.env.REPS ?? 2);
  for (let rep = 1; rep <= reps; rep++) {
    remembered.clear();
    const [node, backend, began] = [process.cpuUsage(), cpuMs(pid), performance.now()];
    for (const { path, viewer } of draws) await searchDirectory(db, filtersOf(path, viewer), rows);
    const used = process.cpuUsage(node);
    console.log(
      `pass ${rep}: ${MIX} searches, PostgreSQL ${((cpuMs(pid) - backend) / MIX).toFixed(3)} ms CPU per search, ` +
        `Node ${((used.user + used.system) / 1000 / MIX).toFixed(3)} ms, wall ${((performance.now() - began) / MIX).toFixed(3)} ms`,
    );
  }
  const { rows: plans } = await db.execute<{ name: string; generic_plans: string; custom_plans: string }>(
    sql`select name, generic_plans, custom_plans from pg_prepared_statements order by name`,
  );
  for (const p of plans)
    console.log(`  ${p.name}: ${p.generic_plans} generic, ${p.custom_plans} custom plans`);
  await database.close();
  process.exit(0);
}

const times: number[] = [];
const slowest: Array<{ ms: number; path: string; viewer: (typeof viewers)[number] }> = [];
const cpu = process.cpuUsage();
for (let i = 0; i < MIX; i++) {
  const path = directorySearch();
  const viewer = pick(viewers);
  const started = performance.now();
  await searchDirectory(db, filtersOf(path, viewer), rows);
  const ms = performance.now() - started;
  times.push(ms);
  slowest.push({ ms, path, viewer });
}
const used = process.cpuUsage(cpu);
console.log(
  `${MIX} directory searches (cache misses), one at a time: p50 ${percentile(times, 50).toFixed(1)} ms, ` +
    `p90 ${percentile(times, 90).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, ` +
    `Node CPU ${((used.user + used.system) / 1000 / MIX).toFixed(2)} ms per search` +
    (rows ? `, ${rowsTaken} rows taken from earlier searches` : ''),
);
const drawn = [...slowest];
slowest.sort((a, b) => b.ms - a.ms);
for (const s of slowest.slice(0, 8))
  console.log(
    `  ${s.ms.toFixed(1).padStart(7)} ms  ${decodeURIComponent(s.path)} (district ${s.viewer.district_id.slice(0, 8)})`,
  );
if (process.argv[2] === 'explain')
  for (const s of slowest.slice(0, 3)) {
    captured.length = 0;
    await searchDirectory(explaining(false), filtersOf(s.path, s.viewer));
    console.log(`\n${decodeURIComponent(s.path)}\n${captured.join('\n---\n')}`);
  }
/** The kind of search a drawn path is, as inputs.ts draws them. */
function kindOf(path: string): string {
  const query = new URL(`http://x${path}`).searchParams;
  const q = (query.get('q') ?? '').toLowerCase();
  const facet = query.get('subject') ? ' + subject' : '';
  if (SUBJECTS.some((subject) => subject.split(' ')[0].toLowerCase() === q)) return `subject word${facet}`;
  if (EXPERTISE_TAGS.some((tag) => tag.toLowerCase() === q)) return `expertise${facet}`;
  if (!q.includes(' ')) return `name prefix ${q.length}${facet}`;
  return `word + prefix${facet}`;
}
const byKind: Record<
  string,
  {
    n: number;
    executed: number;
    read: number;
    statements: Array<{ n: number; executed: number; read: number }>;
  }
> = {};

if (process.argv[2] === 'buffers') {
  const planning: number[] = [];
  const execution: number[] = [];
  const pages: number[] = [];
  const heaviest: Array<{ read: number; executed: number; path: string }> = [];
  // The same searches again, each row read afresh unless a search before it in this pass read it.
  remembered.clear();
  rowsTaken = 0;
  for (const s of drawn) {
    captured.length = 0;
    await searchDirectory(explaining(true), filtersOf(s.path, s.viewer), rows);
    // Summed over the statements of one search (a named statement is planned here every time, once
    // per connection in Trellis).
    let [planned, executed, read] = [0, 0, 0];
    for (const text of captured) {
      const [plan] = JSON.parse(text) as Array<{
        'Planning Time': number;
        'Execution Time': number;
        Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
      }>;
      planned += plan['Planning Time'];
      executed += plan['Execution Time'];
      read += plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
    }
    planning.push(planned);
    execution.push(executed);
    pages.push(read);
    heaviest.push({ read, executed, path: s.path });
    // Per kind of search and per statement (the pool, then the rows not remembered).
    const kind = kindOf(s.path);
    byKind[kind] ??= { n: 0, executed: 0, read: 0, statements: [] };
    const entry = byKind[kind];
    entry.n++;
    entry.executed += executed;
    entry.read += read;
    captured.forEach((text, i) => {
      const [plan] = JSON.parse(text) as Array<{
        'Execution Time': number;
        Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
      }>;
      entry.statements[i] ??= { n: 0, executed: 0, read: 0 };
      const st = entry.statements[i];
      st.n++;
      st.executed += plan['Execution Time'];
      st.read += plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
    });
  }
  heaviest.sort((a, b) => b.read - a.read);
  for (const [kind, e] of Object.entries(byKind))
    console.log(
      `  ${kind.padEnd(22)} n ${String(e.n).padStart(4)}  mean ${(e.executed / e.n).toFixed(2)} ms ${Math.round(e.read / e.n)} pages; ` +
        e.statements
          .map(
            (st, i) =>
              `statement ${i + 1}: ${st.n}× ${(st.executed / st.n).toFixed(2)} ms ${Math.round(st.read / st.n)} pages`,
          )
          .join('; '),
    );
  const line = (label: string, xs: number[], unit: string) =>
    `${label} p50 ${percentile(xs, 50).toFixed(2)}, p90 ${percentile(xs, 90).toFixed(2)}, p99 ${percentile(xs, 99).toFixed(2)}, ` +
    `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)} ${unit}`;
  console.log(
    `EXPLAIN (ANALYZE, BUFFERS) of the same ${drawn.length} searches${rows ? ` (${rowsTaken} rows taken from earlier searches)` : ''}:\n  ${line('planning', planning, 'ms')}\n  ` +
      `${line('execution', execution, 'ms')}\n  ${line('pages (shared buffers)', pages, '')}`,
  );
  for (const h of heaviest.slice(0, 5))
    console.log(
      `  ${String(h.read).padStart(6)} pages ${h.executed.toFixed(1).padStart(6)} ms  ${decodeURIComponent(h.path)}`,
    );
}
await database.close();
