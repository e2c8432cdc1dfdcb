/**
 * Readers for the unread benchmarks (issue 19): about 100 people, each an active member of 50
 * communities, with read state as people leave it: some threads read to the end, some read partly,
 * some never opened, a few communities marked read a week ago and a few muted. Written at measure
 * time into a network generated earlier (nothing in the generator changes), and idempotently: every
 * choice is a hash of the person and the community or thread, and every row is inserted only when
 * missing, so a rerun on a reused database finds them and writes nothing more.
 */
import type { Database } from '#server/db/client.ts';
import { signInAs, type Viewer } from './inputs.ts';

/** Communities each reader belongs to, as issue 19's "a person in 50 communities". */
export const READER_COMMUNITIES = 50;

export interface UnreadReaders {
  viewers: Viewer[];
  /** Each reader's communities, by user id: their thread lists are what the list endpoint reads. */
  communities: Map<string, string[]>;
  /** What was written this time (zero on a rerun) and what is there. */
  written: { memberships: number; threadReads: number; communityReads: number };
  counts: { memberships: number; threadReads: number; activeThreads: number };
}

/**
 * Who the readers are, kept in the bench's own schema: the other benchmarks' varied viewers leave them
 * out (inputs.ts, signInViewers), so 50 memberships made here do not make them the run's "people in
 * the most communities" and change what the home and feed rows measure.
 */
export const READERS_TABLE = 'bench.unread_readers';

export async function ensureReadersTable(database: Database): Promise<void> {
  await database.pool.query('create schema if not exists bench');
  await database.pool.query(`create table if not exists ${READERS_TABLE} (user_id uuid primary key)`);
}

/** A stable fraction in [0, 1) of two ids: the same choice on every run. */
const share = (a: string, b: string) =>
  `(('x' || substr(md5(${a}::text || ${b}::text), 1, 8))::bit(32)::bigint / 4294967296.0)`;

export async function prepareUnreadReaders(
  database: Database,
  count = 100,
  perReader = READER_COMMUNITIES,
): Promise<UnreadReaders> {
  await ensureReadersTable(database);
  const client = await database.pool.connect();
  let released = false;
  try {
    await client.query('begin');
    // A network grown beyond the generator's (tests/bench/unread-grow.sql) has many read marks to write.
    await client.query('set local statement_timeout = 0');
    // People of the network's districts with a school, chosen by a hash of their id: the same ones each run.
    const { rows: readers } = await client.query<Omit<Viewer, 'cookie' | 'csrfToken'>>(
      `select u.id as "userId", u.district_id as "districtId", p.school_id as "schoolId", true as networked,
              0 as communities, 0 as follows
         from users u join profiles p on p.user_id = u.id
        where u.status = 'active' and p.school_id is not null
          and u.district_id in (select district_id from network_districts)
        order by md5(u.id::text) limit $1`,
      [count],
    );
    const ids = readers.map((r) => r.userId);
    await client.query(`insert into ${READERS_TABLE} select unnest($1::uuid[]) on conflict do nothing`, [
      ids,
    ]);
    // Each tops up to `perReader` communities they may belong to (their network's, their district's,
    // their school's), those with threads active in the last 30 days first, so the counts count something.
    const memberships = await client.query(
      `insert into community_members (community_id, user_id, role, status, created_at, updated_at, joined_at)
       select c.id, u.id, 'member', 'active', now() - interval '120 days', now() - interval '120 days',
              now() - interval '120 days'
         from users u join profiles p on p.user_id = u.id
         cross join lateral (
           select c.id from communities c
            where c.archived_at is null
              and (c.owner_kind = 'network' and c.owner_id in (select network_id from network_districts nd where nd.district_id = u.district_id)
                   or c.owner_kind = 'district' and c.owner_id = u.district_id
                   or c.owner_kind = 'school' and c.owner_id = p.school_id)
              and not exists (select 1 from community_members x where x.community_id = c.id and x.user_id = u.id)
            order by c.last_activity_at > now() - interval '30 days' desc, ${share('c.id', 'u.id')}
            limit greatest(0, $2 - (select count(*) from community_members y where y.user_id = u.id and y.status = 'active'))
         ) c
        where u.id = any($1::uuid[])
       on conflict do nothing`,
      [ids, perReader],
    );
    if (memberships.rowCount)
      await client.query(
        `update communities c set member_count = (select count(*)::int from community_members m
                                                   where m.community_id = c.id and m.status = 'active')
          where c.id in (select community_id from community_members where user_id = any($1::uuid[]))`,
        [ids],
      );
    // Read state over the threads active in the last 30 days (the ones counts look at), for readers
    // who have none yet: by a hash of the reader and the thread, 40% read to the end, 30% read partly
    // (half their posts), 30% never opened. Later posts (the reply benchmark's) stay unread.
    const threadReads = await client.query(
      `insert into thread_reads (user_id, thread_id, read_count, last_read_post_id, updated_at)
       select m.user_id, t.id, k.n,
              (select p.id from posts p where p.thread_id = t.id order by p.created_at, p.id offset k.n - 1 limit 1),
              now() - interval '1 day'
         from community_members m
         join threads t on t.community_id = m.community_id and t.last_post_at > now() - interval '30 days'
         cross join lateral (select ${share('m.user_id', 't.id')} as f) h
         cross join lateral (select case when h.f < 0.4 then t.reply_count + 1
                                         else greatest(1, (t.reply_count + 1) / 2) end as n) k
        where m.user_id = any($1::uuid[]) and m.status = 'active' and h.f < 0.7
          and not exists (select 1 from thread_reads o where o.user_id = m.user_id)
       on conflict do nothing`,
      [ids],
    );
    // A tenth of each reader's communities marked read a week ago, and one in twenty-five muted.
    const communityReads = await client.query(
      `insert into community_reads (user_id, community_id, read_before, level)
       select m.user_id, m.community_id,
              case when h.f < 0.1 then now() - interval '7 days' end,
              case when h.f >= 0.96 then 'muted' end
         from community_members m
         cross join lateral (select ${share('m.community_id', 'm.user_id')} as f) h
        where m.user_id = any($1::uuid[]) and m.status = 'active' and (h.f < 0.1 or h.f >= 0.96)
       on conflict do nothing`,
      [ids],
    );
    await client.query('commit');
    const { rows } = await client.query<{ user_id: string; community_ids: string[] }>(
      `select user_id, array_agg(community_id order by community_id) as community_ids
         from community_members where user_id = any($1::uuid[]) and status = 'active' group by user_id`,
      [ids],
    );
    const communities = new Map(rows.map((r) => [r.user_id, r.community_ids]));
    const {
      rows: [counts],
    } = await client.query<UnreadReaders['counts']>(
      `select (select count(*)::int from community_members where user_id = any($1::uuid[]) and status = 'active') as memberships,
              (select count(*)::int from thread_reads where user_id = any($1::uuid[])) as "threadReads",
              (select count(*)::int from community_members m join threads t on t.community_id = m.community_id
                 where m.user_id = any($1::uuid[]) and m.status = 'active'
                   and t.last_post_at > now() - interval '30 days') as "activeThreads"`,
      [ids],
    );
    client.release();
    released = true;
    const viewers: Viewer[] = [];
    for (const reader of readers)
      viewers.push({
        ...reader,
        communities: communities.get(reader.userId)?.length ?? 0,
        ...(await signInAs(database, reader.userId)),
      });
    return {
      viewers,
      communities,
      written: {
        memberships: memberships.rowCount ?? 0,
        threadReads: threadReads.rowCount ?? 0,
        communityReads: communityReads.rowCount ?? 0,
      },
      counts,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    if (!released) client.release();
  }
}
