/**
 * One request at a time through the home feed and the home page, for the benchmark's varied viewers
 * (one of every district, those in the most communities, those who follow the most): wall time,
 * the Node CPU time of each request, and the statements each sends. With `explain`, each statement
 * of one more read of the hardest viewer is explained with its buffers. For choosing designs
 * (decision 020), beside `npm run bench`'s load runs.
 *
 *   npx tsx tests/bench/feed-latency.ts [explain]
 *   URL=postgres://… REPS=5 PER_KIND=20 ONLY=feed,cold,home EXPLAIN_VIEWER=follows|communities
 *
 * `feed` is the first page as served (remembered while its version stands, decision 030), `cold`
 * the same read with the remembered pages forgotten before each request.
 */
import type { Pool } from 'pg';
import { openDatabase } from '#server/db/client.ts';
import { readFeedJson } from '#server/features/feed/feed-service.ts';
import { feedPageCache } from '#server/features/feed/page-cache.ts';
import { features } from '#server/features/index.ts';
import { getHome } from '#server/features/profiles/service.ts';
import type { Actor } from '#server/platform/auth.ts';
import { registerFeedItems } from '#server/platform/feed-items.ts';
import { percentile, variedActors } from './measure.ts';

const url = process.env.URL ?? 'postgres://postgres@127.0.0.1:5432/trellis_bench_state';
const database = openDatabase(url, 4);
const db = database.db;
const REPS = Number(process.env.REPS ?? 5);
const PER_KIND = Number(process.env.PER_KIND ?? 20);
const only = process.env.ONLY ?? 'feed,cold,home';
registerFeedItems(features);

// Count (and with `explain`, explain) every statement sent through the pool.
const pool = (db as typeof db & { $client: Pool }).$client;
let statements = 0;
let explaining: string[] | null = null;
const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
(pool as unknown as { query: unknown }).query = async (config: unknown, values?: unknown) => {
  statements++;
  if (explaining) {
    const text = typeof config === 'string' ? config : (config as { text: string }).text;
    const params = values ?? (config as { values?: unknown }).values;
    const plan = (await poolQuery(`explain (analyze, buffers, costs off) ${text}`, params)) as {
      rows: Array<{ 'QUERY PLAN': string }>;
    };
    explaining.push(
      `${text.replace(/\s+/g, ' ').slice(0, 100)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`,
    );
  }
  return values === undefined ? poolQuery(config) : poolQuery(config, values);
};

const { viewers, actors } = await variedActors(db, PER_KIND);

async function measure(label: string, run: (actor: Actor) => Promise<unknown>): Promise<void> {
  for (const actor of actors) await run(actor); // warm: plans prepared, pages cached
  const wall: number[] = [];
  const cpu: number[] = [];
  const worst = { ms: 0, viewer: 0 };
  statements = 0;
  for (let rep = 0; rep < REPS; rep++)
    for (const [i, actor] of actors.entries()) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await run(actor);
      const used = process.cpuUsage(cpuStarted);
      const ms = performance.now() - started;
      wall.push(ms);
      cpu.push((used.user + used.system) / 1000);
      if (ms > worst.ms) Object.assign(worst, { ms, viewer: i });
    }
  const n = wall.length;
  const fmt = (x: number) => x.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(6)} ${n} reads: wall p50 ${fmt(percentile(wall, 50))} p99 ${fmt(percentile(wall, 99))} ms; ` +
      `node cpu p50 ${fmt(percentile(cpu, 50))} mean ${fmt(cpu.reduce((a, b) => a + b, 0) / n)} ms; ` +
      `${(statements / n).toFixed(2)} statements per read; slowest viewer ${viewers[worst.viewer].communities} communities, ${viewers[worst.viewer].follows} follows`,
  );
  if (process.argv[2] === 'explain') {
    explaining = [];
    // The slowest viewer, or with EXPLAIN_VIEWER=follows or =communities the one with most of them.
    const by = process.env.EXPLAIN_VIEWER as 'follows' | 'communities' | undefined;
    const most = by ? viewers.reduce((m, v, i) => (v[by] > viewers[m][by] ? i : m), 0) : worst.viewer;
    await run(actors[most]);
    console.log(explaining.join('\n\n'));
    explaining = null;
  }
}

console.log(
  `${actors.length} viewers; communities up to ${Math.max(...viewers.map((v) => v.communities))}, follows up to ${Math.max(...viewers.map((v) => v.follows))}`,
);
// `feed`: first pages as served, from memory while nothing they show has changed (decision 030);
// `cold`: every first page read afresh (its version still checked), as after any change.
if (only.includes('feed'))
  await measure('feed', (actor) => readFeedJson({ db, actor, query: { limit: 20 } as never }));
if (only.includes('cold'))
  await measure('cold', (actor) => {
    feedPageCache(db).clear();
    return readFeedJson({ db, actor, query: { limit: 20 } as never });
  });
if (only.includes('home')) await measure('home', (actor) => getHome({ db, actor }));
await database.close();
