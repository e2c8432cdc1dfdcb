/**
 * The home feed's statements, one at a time on one connection, in CPU per read: Node's and the one
 * PostgreSQL backend's (from /proc, steady on a loaded machine), for the benchmark's varied viewers
 * (one of every district, the 20 in the most communities, the 20 who follow the most). Reads:
 * `version` (what a remembered first page costs: the version statement), `first` (a first page
 * read afresh), `afresh` (the benchmark's afresh row: a cursor past every item), and `org` (a
 * primary-key read of an organization, prepared, for scale). Decision 036.
 *
 *   URL=postgres://…/trellis_bench_state REPS=20 ONLY=org,version,first,afresh npx tsx tests/bench/feed-cpu.ts
 */
import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { openDatabase } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import { feedPageVersion, readFeed } from '#server/features/feed/feed-service.ts';
import { features } from '#server/features/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import { encodeCursor } from '#server/platform/cursor.ts';
import { registerFeedItems } from '#server/platform/feed-items.ts';
import { cpuMs, percentile, variedActors } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 1);
const db = database.db;
const REPS = Number(process.env.REPS ?? 20);
const PER_KIND = Number(process.env.PER_KIND ?? 20);
const only = (process.env.ONLY ?? 'org,version,first,afresh').split(',');
registerFeedItems(features);

const pool = (db as typeof db & { $client: Pool }).$client;
const {
  rows: [{ pid }],
} = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');

const { viewers, actors } = await variedActors(db, PER_KIND);
const past = encodeCursor(['9999-12-31 00:00:00+00', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);

async function measure(label: string, run: (actor: Actor) => Promise<unknown>): Promise<void> {
  for (const actor of actors) await run(actor); // warm: plans prepared
  const wall: number[] = [];
  const nodeBefore = process.cpuUsage();
  const pgBefore = cpuMs(pid);
  for (let rep = 0; rep < REPS; rep++)
    for (const actor of actors) {
      const started = performance.now();
      await run(actor);
      wall.push(performance.now() - started);
    }
  const node = process.cpuUsage(nodeBefore);
  const n = wall.length;
  const us = (ms: number) => `${Math.round((ms * 1000) / n)}`.padStart(6);
  console.log(
    `${label.padEnd(8)} ${n} reads: node ${us((node.user + node.system) / 1000)} µs, postgres ${us(cpuMs(pid) - pgBefore)} µs per read; ` +
      `wall p50 ${percentile(wall, 50).toFixed(2)} p99 ${percentile(wall, 99).toFixed(2)} max ${Math.max(...wall).toFixed(2)} ms`,
  );
}

console.log(
  `${actors.length} viewers; communities up to ${Math.max(...viewers.map((v) => v.communities))}, follows up to ${Math.max(...viewers.map((v) => v.follows))}`,
);
// EXPLAIN=first|afresh|version: each statement of that read of the viewer with the most audiences, with buffers.
if (process.env.EXPLAIN) {
  const most = viewers.reduce(
    (m, v, i) => (v.communities + v.follows > viewers[m].communities + viewers[m].follows ? i : m),
    0,
  );
  const plain = pool.query.bind(pool) as (
    ...args: unknown[]
  ) => Promise<{ rows: Array<Record<string, string>> }>;
  (pool as unknown as { query: unknown }).query = async (config: { text: string; values?: unknown[] }) => {
    const plan = await plain(`explain (analyze, buffers, costs off) ${config.text}`, config.values);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    return plain(config);
  };
  const actor = actors[most];
  console.log(`viewer ${viewers[most].communities} communities, ${viewers[most].follows} follows`);
  if (process.env.EXPLAIN === 'version') await feedPageVersion(db, actor);
  else
    await readFeed({
      db,
      actor,
      query: { limit: 20, ...(process.env.EXPLAIN === 'afresh' ? { cursor: past } : {}) } as never,
    });
  process.exit(0);
}
if (only.includes('org'))
  await measure('org', (actor) =>
    namedQuery(db, 'bench-organization', sql`select * from organizations where id = ${actor.districtId}`),
  );
if (only.includes('version')) await measure('version', (actor) => feedPageVersion(db, actor));
if (only.includes('first'))
  await measure('first', (actor) => readFeed({ db, actor, query: { limit: 20 } as never }));
if (only.includes('afresh'))
  await measure('afresh', (actor) => readFeed({ db, actor, query: { limit: 20, cursor: past } as never }));
// Whether each statement was planned for its values every time (custom) or once (generic).
const { rows: plans } = await pool.query(
  `select name, generic_plans, custom_plans from pg_prepared_statements where name like 'trellis-%'`,
);
for (const p of plans) console.log(`  ${p.name}: ${p.generic_plans} generic, ${p.custom_plans} custom plans`);
await database.close();
