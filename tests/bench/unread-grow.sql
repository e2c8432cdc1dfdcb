-- Grows the communities of the unread benchmark's readers (tests/bench/unread.ts) in a small network
-- to state-like sizes, to study the reading queries' plans (docs/benchmarks.md, issue 19):
-- a fifth of them busy (3,000 threads over two years), the rest 300; threads started every day,
-- each with 0-12 replies over the days after it, and one in twenty old threads taken up again
-- in the last 30 days. Run it once on a database of your own, then the bench again (which writes
-- read marks for the new threads only when its readers have none: delete theirs first).
--   psql postgres://postgres@127.0.0.1:5432/trellis_bench_unread -f tests/bench/unread-grow.sql
\timing on
set session_replication_role = replica; -- bulk load: no triggers (search documents, versions, feed)

create temp table readers as
  select u.id from users u join profiles p on p.user_id = u.id
   where u.status = 'active' and p.school_id is not null
     and u.district_id in (select district_id from network_districts)
   order by md5(u.id::text) limit 100;

create temp table grown as
  select c.id, case when row_number() over (order by md5(c.id::text)) % 5 = 0 then 3000 else 300 end as threads
    from communities c
   where c.id in (select community_id from community_members where user_id in (select id from readers));

create temp table grown_members as
  select community_id, user_id, row_number() over (partition by community_id order by user_id) as k,
         count(*) over (partition by community_id) as n
    from community_members where community_id in (select id from grown) and status = 'active';

create temp table new_threads as
  select gen_random_uuid() as id, g.id as community_id, m.user_id as author_id,
         now() - random() * interval '730 days' as created_at,
         floor(random() * 13)::int as replies,
         random() < 0.05 as revived
    from grown g
    cross join lateral generate_series(1, g.threads) i
    cross join lateral (select 1 + floor(random() * (select max(n) from grown_members x where x.community_id = g.id))::int as pick) r
    join grown_members m on m.community_id = g.id and m.k = r.pick;

insert into threads (id, community_id, author_id, type, title, created_at, last_post_at)
select id, community_id, author_id, 'question', 'How do you start a lesson on fractions?', created_at, created_at
  from new_threads;

create temp table new_posts as
  select gen_random_uuid() as id, t.id as thread_id, t.community_id, t.author_id, true as is_opening, t.created_at
    from new_threads t
  union all
  select gen_random_uuid(), t.id, t.community_id, t.author_id, false,
         -- Replies over the days after the thread started; a revived thread's last one in the last 30 days.
         case when t.revived and i = t.replies then now() - random() * interval '30 days'
              else t.created_at + i * random() * interval '20 hours' end
    from new_threads t cross join lateral generate_series(1, t.replies) i;

insert into posts (id, thread_id, community_id, author_id, is_opening, body_md, body_html, created_at)
select id, thread_id, community_id, author_id, is_opening,
       'We tried a number line warm-up.', '<p>We tried a number line warm-up.</p>', least(created_at, now())
  from new_posts;

update threads t set reply_count = x.n, last_post_at = x.last
  from (select thread_id, count(*) filter (where not is_opening)::int as n, max(least(created_at, now())) as last
          from new_posts group by thread_id) x
 where x.thread_id = t.id;

update communities c set thread_count = x.n, last_activity_at = greatest(c.last_activity_at, x.last)
  from (select community_id, count(*)::int as n, max(last_post_at) as last from threads
         where community_id in (select id from grown) group by community_id) x
 where x.community_id = c.id;

set session_replication_role = default;
vacuum analyze threads, posts, communities;

select count(*) as threads, count(*) filter (where last_post_at > now() - interval '30 days') as active,
       (select count(*) from posts) as posts
  from threads;
