/**
 * Adds the resource library to a generated network, set-based in SQL like generate.ts: 500,000
 * resources (each with its version row and search vector, as the app writes them), 1,000,000 reviews
 * and 1,000,000 "I tried it" reports at state size, remixes, endorsements, collections and home shares
 * (each with its activity-stream statement), then the counts and ratings the app keeps.
 */
import type pg from 'pg';
import type { Database } from '#server/db/client.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { RESOURCE_KINDS } from '#shared/contracts/resources.ts';
import { LICENCE_IDS } from '#shared/licences.ts';
import { generateFeedItems } from './feed.ts';
import { generateSearchDocuments } from './search.ts';
import { prepareBulkLoad, timed, words } from './bulk.ts';
import { VOCABULARY } from './communities.ts';
import type { GeneratedNetwork } from './generate.ts';

export interface ResourceShape {
  resources: number;
  reviews: number;
  tries: number;
  collections: number;
  homeShares: number;
}

export const STATE_RESOURCES: ResourceShape = {
  resources: 500_000,
  reviews: 1_000_000,
  tries: 1_000_000,
  collections: 20_000,
  homeShares: 50_000,
};

export const DISTRICT_RESOURCES: ResourceShape = {
  resources: 5_000,
  reviews: 20_000,
  tries: 20_000,
  collections: 200,
  homeShares: 500,
};

export interface GeneratedResources {
  /** A resource the viewer may see (shared with their network), with versions, reviews, tries and remixes. */
  benchResourceId: string;
  counts: { resources: number; versions: number; reviews: number; tries: number; collections: number };
  timings: Record<string, number>;
}

/** Competency and standards tags teachers align resources to. */
const ALIGNMENTS = [
  'ccss.math.content.5.nf.a.1',
  'ccss.math.content.4.nf.b.3',
  'ccss.math.content.3.nf.a.2',
  'ccss.math.content.6.rp.a.3',
  'ccss.math.content.8.ee.c.7',
  'ccss.ela-literacy.rl.4.1',
  'ccss.ela-literacy.w.5.1',
  'ccss.ela-literacy.rf.2.3',
  'ngss.5-ps1-1',
  'ngss.ms-ls1-6',
  'ngss.hs-ess2-4',
  'c3.d2.his.1.6-8',
  'formative assessment',
  'student discourse',
  'performance assessment',
  'culturally responsive teaching',
  'universal design for learning',
  'english learners',
  'mathematical modeling',
  'argument writing',
  'lab safety',
  'project-based learning',
  'feedback for learning',
  'reading fluency',
  'number sense',
];

export async function generateResources(
  database: Database,
  network: GeneratedNetwork,
  shape: ResourceShape,
): Promise<GeneratedResources> {
  const timings: Record<string, number> = {};
  const client: pg.PoolClient = await database.pool.connect();
  try {
    await prepareBulkLoad(client, 0.2711);

    await client.query(`create temp table pool_people as
      select u.id, u.district_id, p.school_id, row_number() over (order by u.id) as k
        from users u left join profiles p on p.user_id = u.id`);
    await client.query('create index on pool_people (k)');
    const {
      rows: [{ n: people }],
    } = await client.query<{ n: number }>('select count(*)::int as n from pool_people');
    await client.query(`create temp table pool_communities as
      select id, row_number() over (order by id) as k from communities`);
    await client.query('create index on pool_communities (k)');
    const {
      rows: [{ n: communityCount }],
    } = await client.query<{ n: number }>('select count(*)::int as n from pool_communities');

    // Titles and summaries drawn once with their vectors, as bench_titles in communities.ts.
    await client.query(
      `create temp table res_titles as
       select k, x.title, setweight(to_tsvector('english', x.title), 'A') || setweight(to_tsvector('simple', x.title), 'A') as vec
         from generate_series(1, 10000) k cross join lateral (select initcap(${words('4 + k * 0')}) as title) x`,
      [VOCABULARY],
    );
    await client.query(
      `create temp table res_summaries as
       select k, x.summary, setweight(to_tsvector('english', x.summary), 'C') as vec
         from generate_series(1, 10000) k cross join lateral (select 'Students ' || ${words('14 + k * 0')} || '.' as summary) x`,
      [VOCABULARY],
    );
    await client.query(
      `create temp table res_alignments as
       select k, a.tags, setweight(to_tsvector('english', array_to_string(a.tags, ' ')), 'B') as vec
         from generate_series(1, 2000) k
         cross join lateral (select array(select distinct ($1::text[])[1 + floor(random() * array_length($1::text[], 1))::int]
                                            from generate_series(1, 1 + (k % 3))) as tags) a`,
      [ALIGNMENTS],
    );
    for (const t of ['res_titles', 'res_summaries', 'res_alignments'])
      await client.query(`create index on ${t} (k)`);

    // Bulk loads build indexes faster than they keep them: drop the big tables' indexes, load, rebuild.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.tablename in ('resources', 'resource_versions', 'resource_reviews', 'resource_tries')
          and i.schemaname = current_schema() and i.indexdef not like 'CREATE UNIQUE%'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    );
    for (const index of indexes) await client.query(`drop index "${index.name}"`);

    await timed(timings, 'resources', async () => {
      // A quarter public, a quarter the network, a fifth a district, a tenth a school, a tenth a
      // community, the rest private; one in twenty a remix of an earlier resource.
      await client.query(
        `create temp table bench_resources as
         select n, 1 + floor(random() * $1)::int as owner_k, random() as a, random() as r,
                1 + floor(random() * 10000)::int as title_k, 1 + floor(random() * 10000)::int as summary_k,
                1 + floor(random() * 2000)::int as align_k, 1 + floor(random() * $2)::int as community_k,
                now() - random() * interval '900 days' as created_at
           from generate_series(1, $3) n`,
        [people, Math.max(communityCount, 1), shape.resources],
      );
      await client.query('alter table bench_resources add column id uuid');
      await client.query('update bench_resources set id = pg_temp.uuid7(created_at)');
      await client.query('create index on bench_resources (n)');
      await client.query(
        `insert into resources (id, owner_id, district_id, school_id, audience, audience_id, kind, title, summary,
                                subjects, grade_bands, alignments, licence, version, search, created_at, updated_at)
         select b.id, p.id, p.district_id, p.school_id, x.audience,
                case x.audience when 'network' then $1::uuid when 'district' then p.district_id
                                when 'school' then p.school_id when 'community' then pc.id end,
                ($2::text[])[1 + b.n % array_length($2::text[], 1)], t.title, s.summary,
                array[($3::text[])[1 + floor(b.r * array_length($3::text[], 1))::int]],
                case when b.n % 4 = 0 then array[($4::text[])[1 + b.n % 4], ($4::text[])[1 + (b.n + 1) % 4]]
                     else array[($4::text[])[1 + b.n % 4]] end,
                al.tags, ($5::text[])[1 + (b.n * 7) % array_length($5::text[], 1)], 1,
                t.vec || al.vec || s.vec, b.created_at, b.created_at
           from bench_resources b
           join pool_people p on p.k = b.owner_k
           join res_titles t on t.k = b.title_k
           join res_summaries s on s.k = b.summary_k
           join res_alignments al on al.k = b.align_k
           left join pool_communities pc on pc.k = b.community_k
           cross join lateral (select case when b.a < 0.25 then 'public'
                                           when b.a < 0.5 and $1::uuid is not null then 'network'
                                           when b.a < 0.7 then 'district'
                                           when b.a < 0.8 and p.school_id is not null then 'school'
                                           when b.a < 0.9 then 'community'
                                           else 'private' end as audience) x`,
        [network.networkId, [...RESOURCE_KINDS], [...SUBJECTS], [...GRADE_BANDS], [...LICENCE_IDS]],
      );
      await client.query(
        `update resources r set remix_of_id = s.id, remix_of_version = 1
           from bench_resources b join bench_resources sb on sb.n = greatest(1, b.n / 2)
           join resources s on s.id = sb.id
          where r.id = b.id and b.n % 20 = 0 and b.n > 1
            and s.licence not in ('cc-by-nd', 'cc-by-nc-nd', 'all-rights-reserved')`,
      );
      await client.query(
        `insert into resource_versions (resource_id, version, kind, title, summary, notes_md, notes_html, subjects,
                                        grade_bands, alignments, licence, items, edited_by, created_at)
         select r.id, 1, r.kind, r.title, r.summary, r.summary, '<p>' || r.summary || '</p>', r.subjects,
                r.grade_bands, r.alignments, r.licence,
                jsonb_build_array(jsonb_build_object('type', 'link', 'url', 'https://example.org/' || r.id,
                                                     'title', r.title, 'commentary', '')),
                r.owner_id, r.created_at
           from resources r`,
      );
    });

    await timed(timings, 'reviewsAndTries', async () => {
      await client.query(
        `insert into resource_reviews (id, resource_id, reviewer_id, version, alignment, clarity, evidence, adaptability,
                                       comment, created_at, updated_at)
         select pg_temp.uuid7(x.at), b.id, p.id, 1, x.s1, x.s2, x.s3, x.s4, 'Clear and ready to use with my class.', x.at, x.at
           from (select 1 + floor(random() * $1)::int as res_k, 1 + floor(random() * $2)::int as person_k,
                        1 + floor(random() * 4)::int as s1, 2 + floor(random() * 3)::int as s2,
                        1 + floor(random() * 4)::int as s3, 2 + floor(random() * 3)::int as s4,
                        now() - random() * interval '800 days' as at
                   from generate_series(1, $3)) x
           join bench_resources b on b.n = x.res_k
           join pool_people p on p.k = x.person_k
         on conflict do nothing`,
        [shape.resources, people, shape.reviews],
      );
      await client.query(
        `insert into resource_tries (id, resource_id, user_id, version, grade_band, subject, context, what_happened,
                                     student_work, adaptations, school_id, district_id, created_at)
         select pg_temp.uuid7(x.at), b.id, p.id, 1, r.grade_bands[1], r.subjects[1], 'Two sections of 26',
                'Most groups finished the task and explained their reasoning.',
                'About two thirds of students met the goal on the exit ticket.', 'Shortened the launch.',
                p.school_id, p.district_id, x.at
           from (select 1 + floor(random() * $1)::int as res_k, 1 + floor(random() * $2)::int as person_k,
                        now() - random() * interval '800 days' as at
                   from generate_series(1, $3)) x
           join bench_resources b on b.n = x.res_k
           join resources r on r.id = b.id
           join pool_people p on p.k = x.person_k`,
        [shape.resources, people, shape.tries],
      );
    });

    await timed(timings, 'sharing', async () => {
      // Collections of ten resources each, shared like resources.
      await client.query(
        `insert into collections (id, owner_id, district_id, school_id, audience, audience_id, title, description,
                                  item_count, created_at, updated_at)
         select gen_random_uuid(), p.id, p.district_id, p.school_id, case when n % 2 = 0 then 'public' else 'district' end,
                case when n % 2 = 0 then null else p.district_id end, 'Collection ' || n, 'Resources we use together.',
                10, now(), now()
           from generate_series(1, $1) n
           cross join lateral (select 1 + floor(random() * $2 + n * 0)::int as k) pick
           join pool_people p on p.k = pick.k`,
        [shape.collections, people],
      );
      await client.query(
        `insert into collection_items (collection_id, resource_id, position, annotation)
         select c.id, b.id, i.i - 1, 'Start here.'
           from collections c
           cross join lateral (select i, 1 + floor(random() * $1 + i * 0)::int as k from generate_series(1, 10) i) i
           join bench_resources b on b.n = i.k
         on conflict do nothing`,
        [shape.resources],
      );
      // Home shares: brought home to the sharer's school or district, each with its statement.
      await client.query(
        `create temp table bench_home as
         select pg_temp.uuid7(x.at) as statement_id, gen_random_uuid() as id, b.id as resource_id, p.id as sharer_id,
                case when x.n % 2 = 0 and p.school_id is not null then 'school' else 'district' end as target_kind,
                case when x.n % 2 = 0 and p.school_id is not null then p.school_id else p.district_id end as target_id,
                p.school_id, p.district_id, x.at
           from (select n, 1 + floor(random() * $1)::int as res_k, 1 + floor(random() * $2)::int as person_k,
                        now() - random() * interval '600 days' as at
                   from generate_series(1, $3) n) x
           join bench_resources b on b.n = x.res_k
           join pool_people p on p.k = x.person_k`,
        [shape.resources, people, shape.homeShares],
      );
      await client.query(
        `insert into statements (id, actor_id, verb, object_type, object_id, school_id, district_id, body, timestamp, stored)
         select statement_id, sharer_id, 'https://trellis.dev/xapi/verbs/brought-home', 'resource', resource_id::text,
                school_id, district_id,
                jsonb_build_object('version', '1.0.3', 'verb', jsonb_build_object('id', 'https://trellis.dev/xapi/verbs/brought-home'),
                                   'context', jsonb_build_object('extensions', jsonb_build_object(
                                     'https://trellis.dev/xapi/extensions/target', jsonb_build_object('kind', target_kind, 'id', target_id)))),
                at, at
           from bench_home`,
      );
      await client.query(
        `insert into home_shares (id, sharer_id, subject, resource_id, target_kind, target_id, note, statement_id, created_at)
         select id, sharer_id, 'resource', resource_id, target_kind, target_id, 'Worth trying in our grade team.',
                statement_id, at
           from bench_home`,
      );
    });

    // The bench resource: shared with the viewer's network (their district without one), three
    // versions, reviewed, tried, remixed and brought home across districts.
    const {
      rows: [bench],
    } = await client.query<{ id: string }>(
      `select b.id from bench_resources b join resources r on r.id = b.id
        where r.remix_of_id is null and r.licence = 'cc-by' order by b.n limit 1`,
    );
    await client.query(
      `update resources set audience = case when $2::uuid is null then 'district' else 'network' end,
              audience_id = coalesce($2::uuid, $3::uuid), owner_id = $4, district_id = $3,
              school_id = (select school_id from profiles where user_id = $4),
              title = 'Fraction number lines: a performance task', version = 3,
              search = setweight(to_tsvector('english', 'Fraction number lines: a performance task'), 'A')
                || setweight(to_tsvector('english', array_to_string(alignments, ' ')), 'B')
                || setweight(to_tsvector('english', summary), 'C')
        where id = $1`,
      // Shared by a colleague in another district of the viewer's network.
      [bench.id, network.networkId, network.colleague.districtId, network.colleague.userId],
    );
    await client.query(
      `insert into resource_versions (resource_id, version, kind, title, summary, notes_md, notes_html, subjects,
                                      grade_bands, alignments, licence, items, change_note, edited_by)
       select r.id, v, r.kind, r.title, r.summary || repeat(' Revised after trying it.', v), r.summary,
              '<p>' || r.summary || '</p>', r.subjects, r.grade_bands, r.alignments, r.licence,
              jsonb_build_array(jsonb_build_object('type', 'link', 'url', 'https://example.org/task', 'title', 'The task',
                                                   'commentary', 'Start with the launch.')),
              'Version ' || v, r.owner_id
         from resources r cross join generate_series(2, 3) v where r.id = $1`,
      [bench.id],
    );
    await client.query(
      `insert into resource_reviews (id, resource_id, reviewer_id, version, alignment, clarity, evidence, adaptability, comment)
       select gen_random_uuid(), $1, p.id, 3, 3, 4, 3, 4, 'We used it across grade 5; the rubric made feedback quick.'
         from pool_people p where p.k % 997 = 0 limit 12
       on conflict do nothing`,
      [bench.id],
    );
    await client.query(
      `insert into resource_tries (id, resource_id, user_id, version, grade_band, subject, what_happened, school_id, district_id)
       select gen_random_uuid(), $1, p.id, 3, '3-5', 'Mathematics', 'Students placed fractions and argued about equivalence.', p.school_id, p.district_id
         from pool_people p where p.k % 1009 = 0 limit 8`,
      [bench.id],
    );
    await client.query(
      `update resources set remix_of_id = $1, remix_of_version = 3
        where id in (select b.id from bench_resources b join resources r on r.id = b.id
                      where r.remix_of_id is null and r.id <> $1 order by b.n desc limit 4)`,
      [bench.id],
    );

    await timed(timings, 'indexes', async () => {
      await client.query("set maintenance_work_mem = '1GB'");
      for (const index of indexes) await client.query(index.definition);
    });

    await timed(timings, 'counts', async () => {
      await client.query(
        `update resources r set rating = x.rating, review_count = x.n
           from (select resource_id, avg((alignment + clarity + evidence + adaptability) / 4.0)::float8 as rating,
                        count(*)::int as n
                   from resource_reviews group by resource_id) x
          where x.resource_id = r.id`,
      );
      await client.query(
        `update resources r set tried_count = x.n
           from (select resource_id, count(*)::int as n from resource_tries group by resource_id) x
          where x.resource_id = r.id`,
      );
      await client.query(
        `update resources r set remix_count = x.n
           from (select remix_of_id, count(*)::int as n from resources where remix_of_id is not null group by remix_of_id) x
          where x.remix_of_id = r.id`,
      );
      await client.query(
        'vacuum analyze resources, resource_versions, resource_reviews, resource_tries, collections, collection_items, home_shares',
      );
    });

    // Communities, posts and resources are all in: write their search documents.
    await timed(timings, 'searchDocuments', () => generateSearchDocuments(client));
    // And the home feed's items, from the statements of posts, joins and home shares.
    await timed(timings, 'feedItems', () => generateFeedItems(client));

    await client.query('set session_replication_role = default').catch(() => {});
    const {
      rows: [counts],
    } = await client.query<GeneratedResources['counts']>(
      `select (select count(*)::int from resources) as resources,
              (select count(*)::int from resource_versions) as versions,
              (select count(*)::int from resource_reviews) as reviews,
              (select count(*)::int from resource_tries) as tries,
              (select count(*)::int from collections) as collections`,
    );
    await client.query(
      'drop table pool_people, pool_communities, res_titles, res_summaries, res_alignments, bench_resources, bench_home',
    );
    return { benchResourceId: bench.id, counts, timings };
  } finally {
    client.release();
  }
}
