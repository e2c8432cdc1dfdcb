/**
 * Adds communities, their members, threads, posts, reactions-free activity and follows to a
 * generated network, set-based in SQL like generate.ts: 20,000 communities, 1,000,000 threads and
 * 5,000,000 posts at state size, each post with its statement in the activity stream, as the app writes.
 */
import type pg from 'pg';
import type { Database } from '#server/db/client.ts';
import { EXPERTISE_TAGS } from '#server/db/seed/names.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { prepareBulkLoad, timed, words } from './bulk.ts';
import type { GeneratedNetwork } from './generate.ts';

export interface CommunityShape {
  communities: number;
  threadsPerCommunity: number;
  /** Replies per thread vary from 0 to twice this, averaging it. */
  repliesPerThread: number;
  /** Members per community vary from 5 to twice this. */
  membersPerCommunity: number;
  /** Members of the community whose thread page and list are measured, each able to hold a live page open. */
  benchCommunityMembers: number;
}

export const STATE_COMMUNITIES: CommunityShape = {
  communities: 20_000,
  threadsPerCommunity: 50,
  repliesPerThread: 4,
  membersPerCommunity: 25,
  benchCommunityMembers: 600,
};

export const DISTRICT_COMMUNITIES: CommunityShape = {
  communities: 200,
  threadsPerCommunity: 50,
  repliesPerThread: 4,
  membersPerCommunity: 20,
  benchCommunityMembers: 300,
};

export interface GeneratedCommunities {
  /** An open community of the viewer's network (district, without one) that the viewer belongs to. */
  benchCommunityId: string;
  /** A thread in it with exactly 50 replies. */
  benchThreadId: string;
  /** Members of the bench community other than the viewer, each signed in: for live pages and posting. */
  members: Array<{ userId: string; cookie: string; csrfToken: string }>;
  counts: { communities: number; members: number; threads: number; posts: number; statements: number };
  timings: Record<string, number>;
}

/** Words teachers write about their practice: post bodies and titles are drawn from them. */
export const VOCABULARY = [
  ...EXPERTISE_TAGS.flatMap((tag) => tag.toLowerCase().split(' ')),
  'students',
  'fractions',
  'number line',
  'exit ticket',
  'discourse',
  'rubric',
  'feedback',
  'lesson',
  'unit',
  'misconception',
  'evidence',
  'reading',
  'writing',
  'lab',
  'inquiry',
  'assessment',
  'grouping',
  'vocabulary',
  'phonics',
  'algebra',
  'geometry',
  'photosynthesis',
  'primary sources',
  'revision',
  'conferring',
  'protocol',
  'norms',
  'data',
  'intervention',
  'families',
  'attendance',
  'engagement',
  'modeling',
  'scaffold',
  'tried',
  'worked',
  'struggled',
  'noticed',
  'wondered',
  'adapted',
  'today',
  'week',
  'period',
  'class',
  'colleagues',
];

export async function generateCommunities(
  database: Database,
  network: GeneratedNetwork,
  shape: CommunityShape,
): Promise<GeneratedCommunities> {
  const timings: Record<string, number> = {};
  const client: pg.PoolClient = await database.pool.connect();
  try {
    await prepareBulkLoad(client, 0.1123);

    await timed(timings, 'communities', async () => {
      // Staff pools to draw members from: per district, and across the network's districts.
      await client.query(`create temp table pool_district as
        select u.id, u.district_id, row_number() over (partition by u.district_id order by u.id) as k
          from users u`);
      await client.query('create index on pool_district (district_id, k)');
      await client.query(`create temp table pool_district_size as
        select district_id, count(*)::int as n from pool_district group by district_id`);
      await client.query(`create temp table pool_network as
        select u.id, row_number() over (order by u.id) as k
          from users u join network_districts nd on nd.district_id = u.district_id`);
      await client.query('create index on pool_network (k)');
      await client.query(`create temp table bench_orgs as
        select o.id, o.kind, coalesce(o.district_id, o.id) as district_id,
               row_number() over (partition by o.kind order by o.id) as k
          from organizations o where o.kind in ('district', 'school')`);
      await client.query('create index on bench_orgs (kind, k)');

      // 30% network-owned, 40% district-owned, 30% school-owned; half open, a third by request.
      await client.query(
        `create temp table bench_communities as
         select n, gen_random_uuid() as id,
                case when n % 10 < 3 and $2::uuid is not null then 'network'
                     when n % 10 < 7 then 'district' else 'school' end as owner_kind,
                case when n % 6 < 3 then 'open' when n % 6 < 5 then 'request' else 'invitation' end as join_policy,
                5 + floor(random() * ($3 * 2 - 5))::int as size,
                random() as r
           from generate_series(1, $1) n`,
        [shape.communities, network.networkId, shape.membersPerCommunity],
      );
      await client.query(
        `insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, student_focus,
                                  subjects, grade_bands, join_policy, created_by, created_at, updated_at)
         select c.id,
                ($4::text[])[1 + c.n % 5],
                c.owner_kind,
                case c.owner_kind when 'network' then $1::uuid else o.id end,
                case c.owner_kind when 'network' then null else o.district_id end,
                initcap(s.subject) || ' ' || g.band || ': ' || initcap(${words('2 + c.n * 0').replace(/\$1/g, '$5')}) || ' ' || c.n,
                'We meet to improve ' || lower(s.subject) || ' for grades ' || g.band || ' through ' || ${words('6 + c.n * 0').replace(/\$1/g, '$5')},
                'Students explain their thinking about ' || ${words('3 + c.n * 0').replace(/\$1/g, '$5')},
                array[s.subject], array[g.band], c.join_policy,
                (select id from users limit 1),
                now() - (random() * interval '700 days'), now()
           from bench_communities c
           cross join lateral (select ($2::text[])[1 + floor(c.r * array_length($2::text[], 1))::int] as subject) s
           cross join lateral (select ($3::text[])[1 + (c.n % array_length($3::text[], 1))] as band) g
           left join bench_orgs o
             on o.kind = case c.owner_kind when 'school' then 'school' else 'district' end
            and o.k = 1 + (c.n * 7919) % case c.owner_kind when 'school' then $6::int else $7::int end`,
        [
          network.networkId,
          [...SUBJECTS],
          [...GRADE_BANDS],
          ['plc', 'learning_network', 'improvement_community', 'lesson_study', 'cohort'],
          VOCABULARY,
          network.shape.schools,
          network.shape.districts,
        ],
      );
    });

    await timed(timings, 'members', async () => {
      const {
        rows: [{ n: networkPool }],
      } = await client.query<{ n: number }>('select count(*)::int as n from pool_network');
      // Each seat draws one random fraction, turned into a position in the owner's staff pool, so
      // the pools join on plain equality.
      await client.query(
        `insert into community_members (community_id, user_id, role, status, created_at, updated_at, joined_at)
         select c.id, coalesce(pn.id, pd.id), case when r.i = 1 then 'facilitator' else 'member' end, 'active',
                cm.created_at, cm.created_at, cm.created_at
           from bench_communities c
           join communities cm on cm.id = c.id
           left join pool_district_size z on z.district_id = cm.district_id
           cross join lateral (
             select i, case when c.owner_kind = 'network' then 1 + floor(f * $1)::int end as network_k,
                    case when c.owner_kind <> 'network' then 1 + floor(f * z.n)::int end as district_k
               from (select i, random() as f from generate_series(1, c.size) i) x
           ) r
           left join pool_network pn on pn.k = r.network_k
           left join pool_district pd on pd.district_id = cm.district_id and pd.k = r.district_k
          where coalesce(pn.id, pd.id) is not null
         on conflict do nothing`,
        [networkPool],
      );
    });

    // The bench community: open, owned by the viewer's network (or district), with the viewer and
    // hundreds of members who keep live pages open during the measurement.
    const owner = network.networkId
      ? { kind: 'network', id: network.networkId, district: null }
      : { kind: 'district', id: network.viewer.districtId, district: network.viewer.districtId };
    const {
      rows: [bench],
    } = await client.query<{ id: string }>(
      `insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, student_focus, subjects,
                                grade_bands, join_policy, created_by)
       values (gen_random_uuid(), 'plc', $1, $2, $3, 'Grade 5 Math Across the State',
               'Fifth-grade teachers improving fraction instruction together', 'Students reason about fractions on a number line',
               '{Mathematics}', '{3-5}', 'open', $4)
       returning id`,
      [owner.kind, owner.id, owner.district, network.viewer.userId],
    );
    await client.query(
      `insert into community_members (community_id, user_id, role, status, joined_at)
       select $1, id, case when id = $2 then 'facilitator' else 'member' end, 'active', now()
         from (select $2::uuid as id
               union
               (select u.id from users u
                 where u.id <> $2 and ($3::uuid is null and u.district_id = $4 or
                       u.district_id in (select district_id from network_districts where network_id = $3))
                 order by u.id limit $5)) x
       on conflict do nothing`,
      [
        bench.id,
        network.viewer.userId,
        network.networkId,
        network.viewer.districtId,
        shape.benchCommunityMembers,
      ],
    );
    // The viewer also belongs to a handful of other communities, as an active teacher would.
    await client.query(
      `insert into community_members (community_id, user_id, role, status, joined_at)
       select c.id, $1, 'member', 'active', now() from communities c
        where (c.owner_kind = 'network' and c.owner_id = $2) or c.district_id = $3
        order by c.id limit 7
       on conflict do nothing`,
      [network.viewer.userId, network.networkId, network.viewer.districtId],
    );
    // What "people like you" counts, copied onto each membership as the app's trigger copies it
    // (migration 0022): bulk loading runs without triggers, and cards would otherwise count nobody.
    await timed(timings, 'memberLikeness', () =>
      client.query(`update community_members m
         set member_active = u.status = 'active', member_district_id = u.district_id,
             member_subjects = coalesce(p.subjects, '{}'), member_grade_bands = coalesce(p.grade_bands, '{}'),
             member_subjects_shown = coalesce(p.field_visibility->>'subjects', 'network'),
             member_grade_bands_shown = coalesce(p.field_visibility->>'gradeBands', 'network')
        from users u left join profiles p on p.user_id = u.id
       where u.id = m.user_id`),
    );

    // Sentences and titles drawn once, with their search vectors: a post is two sentences, so five
    // million bodies cost string and vector concatenation, not five million text searches.
    await client.query(
      `create temp table bench_sentences as
       select k, x.body, to_tsvector('english', x.body) as vec
         from generate_series(1, 20000) k cross join lateral (select ${words('12 + k * 0')} as body) x`,
      [VOCABULARY],
    );
    await client.query(
      `create temp table bench_titles as
       select k, x.title, setweight(to_tsvector('english', x.title), 'A') as vec
         from generate_series(1, 5000) k cross join lateral (select initcap(${words('5 + k * 0')}) || '?' as title) x`,
      [VOCABULARY],
    );
    await client.query('create index on bench_sentences (k)');
    await client.query('create index on bench_titles (k)');

    await timed(timings, 'threads', async () => {
      await client.query(`create temp table member_idx as
        select community_id, user_id, row_number() over (partition by community_id order by user_id) as k
          from community_members where status = 'active'`);
      await client.query('create index on member_idx (community_id, k)');
      await client.query(`create temp table member_count as
        select community_id, count(*)::int as n from member_idx group by community_id`);
      await client.query(
        `create temp table bench_threads as
         select null::uuid as id, c.id as community_id, t.i, m.user_id as author_id,
                now() - (random() * interval '700 days') as created_at,
                floor(random() * ($2 * 2 + 1))::int as replies,
                t.title_k, t.sentence_k
           from communities c join member_count mc on mc.community_id = c.id
           -- Random picks are made in the lateral's select list, once per row: random() in a join
           -- condition would be drawn per candidate pair and match none or several rows.
           cross join lateral (select i, 1 + floor(random() * mc.n)::int as pick, 1 + floor(random() * 5000)::int as title_k,
                                      1 + floor(random() * 19999)::int as sentence_k
                                 from generate_series(1, $1) i) t
           join member_idx m on m.community_id = c.id and m.k = t.pick`,
        [shape.threadsPerCommunity, shape.repliesPerThread],
      );
      await client.query(
        `update bench_threads set replies = 50, created_at = now() - interval '3 days'
          where (community_id, i) = ($1, 1)`,
        [bench.id],
      );
      await client.query('update bench_threads set id = pg_temp.uuid7(created_at)');
      await client.query(
        `insert into threads (id, community_id, author_id, type, title, created_at, last_post_at)
         select t.id, t.community_id, t.author_id, ($1::text[])[1 + t.i % 4], tt.title, t.created_at, t.created_at
           from bench_threads t join bench_titles tt on tt.k = t.title_k`,
        [['question', 'reflection', 'practice', 'announcement']],
      );
    });

    // Bulk loads build indexes far faster than they maintain them row by row: drop the indexes of
    // the two big tables, load, and create them again exactly as the migrations defined them.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.tablename in ('posts', 'statements') and i.schemaname = current_schema()
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    );
    for (const index of indexes) await client.query(`drop index "${index.name}"`);

    await timed(timings, 'posts', async () => {
      // Opening posts, then replies spread over the days after each thread started.
      await client.query(
        `insert into posts (id, thread_id, community_id, author_id, is_opening, body_md, body_html, search, created_at)
         select pg_temp.uuid7(t.created_at), t.id, t.community_id, t.author_id, true, a.body || ' ' || b.body,
                '<p>' || a.body || ' ' || b.body || '</p>', tt.vec || setweight(a.vec || b.vec, 'C'), t.created_at
           from bench_threads t
           join bench_titles tt on tt.k = t.title_k
           join bench_sentences a on a.k = 1 + (hashint4(t.i) & 16383)
           join bench_sentences b on b.k = t.sentence_k`,
      );
      await client.query(
        `insert into posts (id, thread_id, community_id, author_id, is_opening, body_md, body_html, search, created_at)
         select pg_temp.uuid7(t.created_at + r.i * interval '37 minutes'), t.id, t.community_id, m.user_id, false,
                a.body || ' ' || b.body,
                '<p>' || a.body || ' ' || b.body || '</p>', setweight(a.vec || b.vec, 'C'),
                t.created_at + r.i * interval '37 minutes'
           from bench_threads t
           join member_count mc on mc.community_id = t.community_id
           cross join lateral (select i, 1 + floor(random() * mc.n)::int as pick,
                                      1 + floor(random() * 19999)::int as s1, 1 + floor(random() * 19999)::int as s2
                                 from generate_series(1, t.replies) i) r
           join member_idx m on m.community_id = t.community_id and m.k = r.pick
           join bench_sentences a on a.k = r.s1
           join bench_sentences b on b.k = r.s2`,
      );
      await client.query(
        `update threads t set reply_count = x.n, last_post_at = x.last
           from (select thread_id, count(*) filter (where not is_opening)::int as n, max(created_at) as last
                   from posts group by thread_id) x
          where x.thread_id = t.id`,
      );
      await client.query(
        `update communities c set member_count = coalesce(m.n, 0), thread_count = coalesce(t.n, 0),
                last_activity_at = coalesce(t.last, c.created_at)
           from communities c2
           left join (select community_id, count(*)::int as n from community_members where status = 'active' group by community_id) m
             on m.community_id = c2.id
           left join (select community_id, count(*)::int as n, max(last_post_at) as last from threads group by community_id) t
             on t.community_id = c2.id
          where c2.id = c.id`,
      );
    });

    await timed(timings, 'statements', async () => {
      await client.query(
        `insert into statements (id, actor_id, verb, object_type, object_id, community_id, district_id, body, timestamp, stored)
         select pg_temp.uuid7(p.created_at), p.author_id, v.verb,
                case when p.is_opening then 'thread' else 'post' end,
                case when p.is_opening then p.thread_id::text else p.id::text end,
                p.community_id, u.district_id,
                jsonb_build_object('version', '1.0.3', 'verb', jsonb_build_object('id', v.verb)),
                p.created_at, p.created_at
           from posts p join users u on u.id = p.author_id
           cross join lateral (select case when p.is_opening then 'http://activitystrea.ms/schema/1.0/post'
                                           else 'http://adlnet.gov/expapi/verbs/commented' end as verb) v`,
      );
      // The viewer follows thirty people of the network.
      await client.query(
        `insert into follows (follower_id, followee_id)
         select $1, user_id from member_idx where community_id = $2 and user_id <> $1 order by k limit 30
         on conflict do nothing`,
        [network.viewer.userId, bench.id],
      );
    });

    await timed(timings, 'indexes', async () => {
      await client.query("set maintenance_work_mem = '1GB'");
      for (const index of indexes) await client.query(index.definition);
    });

    await timed(timings, 'searchVectors', () =>
      // As refreshCommunitySearch writes it (communities/queries.ts).
      client.query(`update communities set search =
          setweight(to_tsvector('english', name), 'A') ||
          setweight(to_tsvector('simple', name), 'A') ||
          setweight(to_tsvector('english', purpose || ' ' || student_focus), 'B') ||
          setweight(to_tsvector('english', array_to_string(subjects, ' ')), 'C')`),
    );

    await timed(timings, 'vacuumAnalyze', () =>
      client.query(
        'vacuum analyze communities, community_members, threads, posts, statements, follows, notifications',
      ),
    );

    await client.query('set session_replication_role = default').catch(() => {});
    const {
      rows: [thread],
    } = await client.query<{ id: string }>(
      `select t.id from threads t join bench_threads b on b.id = t.id where b.community_id = $1 and b.i = 1`,
      [bench.id],
    );
    const { rows: memberRows } = await client.query<{ user_id: string }>(
      `select user_id from community_members where community_id = $1 and user_id <> $2 and status = 'active'
        order by user_id limit $3`,
      [bench.id, network.viewer.userId, shape.benchCommunityMembers],
    );
    const members: GeneratedCommunities['members'] = [];
    for (const row of memberRows) {
      const token = newToken();
      const csrfToken = newToken();
      await client.query(
        `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
         values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
        [hashToken(token), row.user_id, csrfToken],
      );
      members.push({ userId: row.user_id, cookie: `trellis_session=${token}`, csrfToken });
    }
    const {
      rows: [counts],
    } = await client.query<GeneratedCommunities['counts']>(
      `select (select count(*)::int from communities) as communities,
              (select count(*)::int from community_members) as members,
              (select count(*)::int from threads) as threads,
              (select count(*)::int from posts) as posts,
              (select count(*)::int from statements) as statements`,
    );
    await client.query(
      'drop table pool_district, pool_district_size, pool_network, bench_orgs, bench_communities, member_idx, member_count, bench_threads, bench_sentences, bench_titles',
    );
    return { benchCommunityId: bench.id, benchThreadId: thread.id, members, counts, timings };
  } finally {
    client.release();
  }
}
