/** What the benchmark's data generators share: timing, random text and a connection set up for bulk loads. */
import type pg from 'pg';

/** Runs `work`, recording how long it took under `label`. */
export async function timed<T>(
  timings: Record<string, number>,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings[label] = Math.round(performance.now() - started);
  return result;
}

/** SQL for a sentence of `n` random words drawn from the text array passed as $1. */
export const words = (n: string) =>
  `(select string_agg(($1::text[])[1 + floor(random() * array_length($1::text[], 1))::int], ' ') from generate_series(1, ${n}))`;

/**
 * Prepares one connection for loading millions of rows: a seeded random(), `pg_temp.uuid7(at)` for
 * ids ordered by time as Trellis's UUIDv7 are (a random UUID with its first 48 bits replaced by the
 * time in ms and version 7 set), no synchronous commit, no statement timeout (the app's 30 s guard
 * is for requests), and, where the role may (a superuser, as on the embedded server), no per-row
 * foreign-key checks or triggers: generated rows reference only rows generated before them, and
 * what triggers would compute the generators compute themselves.
 */
export async function prepareBulkLoad(client: pg.PoolClient, seed: number): Promise<void> {
  await client.query('select setseed($1)', [seed]);
  await client.query(`create or replace function pg_temp.uuid7(at timestamptz) returns uuid language sql volatile as $$
    select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      placing substring(int8send(floor(extract(epoch from at) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
  $$`);
  await client.query('set synchronous_commit = off');
  await client.query('set statement_timeout = 0');
  await client.query('set session_replication_role = replica').catch(() => {});
}
