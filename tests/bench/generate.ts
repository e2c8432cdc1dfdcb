/**
 * Generates a staff network straight into PostgreSQL with set-based SQL (generate_series,
 * INSERT ... SELECT): no per-row round trips, so a state-sized network takes seconds, not minutes.
 * Profiles' search vectors are then computed by the same code the app uses, and the tables analyzed.
 */
import type pg from 'pg';
import type { Database } from '#server/db/client.ts';
import { refreshProfileSearch } from '#server/features/profiles/service.ts';
import { EXPERTISE_TAGS, FIRST_NAMES, LAST_NAMES } from '#server/db/seed/names.ts';
import { hashPassword } from '#server/platform/secrets.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { timed } from './bulk.ts';

export interface NetworkShape {
  districts: number;
  schools: number;
  staff: number;
  /** How many of the districts (the first ones) the one network spans; 0 for no network. */
  networkDistricts: number;
}

/** A state: 100,000 staff in 60 districts and 1,500 schools, one network spanning 40 districts. */
export const STATE_NETWORK: NetworkShape = {
  districts: 60,
  schools: 1_500,
  staff: 100_000,
  networkDistricts: 40,
};
/** One district of 2,000 staff, as a district running the embedded default might have. */
export const ONE_DISTRICT: NetworkShape = { districts: 1, schools: 20, staff: 2_000, networkDistricts: 0 };

const SEARCH_BATCH = 5_000;

export const BENCH_PASSWORD = 'bench-network-password';

export interface GeneratedNetwork {
  shape: NetworkShape;
  networkId: string | null;
  /** A teacher of a networked district (of the only district without a network), who signs in. */
  viewer: { userId: string; districtId: string; schoolId: string };
  /** A teacher of another networked district (of the same district without a network). */
  colleague: { userId: string; districtId: string };
  counts: { organizations: number; users: number; profiles: number; memberships: number };
  timings: Record<string, number>;
}

const PLACES = ['Cedar', 'Pine', 'Willow', 'Granite', 'Red', 'Silver', 'Eagle', 'Bear', 'Maple', 'Stone'];
const LANDFORMS = ['Ridge', 'Creek', 'Falls', 'Mesa', 'Valley', 'Springs', 'Hollow', 'Lake'];
const SCHOOL_KINDS = ['Elementary', 'Middle', 'High', 'K-8 Academy', 'Primary', 'Early College'];

/** The expertise tags people pick most, as in the demo network. */

/** Staff numbered 1..schools are principals, the next `districts` are district admins, the rest teach or coach. */
const STAFF_SQL = `
insert into bench_staff (n, id, role, school_n, district_n, first_name, last_name)
select x.n, gen_random_uuid(), x.role, x.school_n, coalesce(s.district_n, x.n - $2), x.first_name, x.last_name
  from (select n,
               case when n <= $2 then 'principal'
                    when n <= $2 + $3 then 'district_admin'
                    when n % 25 = 0 then 'coach'
                    else 'teacher' end as role,
               case when n <= $2 then n
                    when n <= $2 + $3 then null
                    else 1 + floor(random() * $2)::int end as school_n,
               ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] as first_name,
               ($5::text[])[1 + floor(random() * array_length($5::text[], 1))::int] as last_name
          from generate_series(1, $1) n) x
  left join bench_schools s on s.n = x.school_n`;

const PROFILES_SQL = `
insert into profiles (user_id, pronouns, role_title, school_id, subjects, grade_bands, years_in_education,
                      bio, expertise, open_to_mentoring, seeking_mentor, field_visibility)
select st.id,
       case when r.p < 0.35 then 'she/her' when r.p < 0.6 then 'he/him' when r.p < 0.7 then 'they/them' end,
       case st.role when 'principal' then 'Principal'
                    when 'district_admin' then 'Director of Professional Learning'
                    when 'coach' then 'Instructional Coach'
                    else l.subjects[1] || ' teacher, grades ' || l.grade_bands[1] end,
       sc.id, l.subjects, l.grade_bands, r.years,
       r.years || ' years in education, most of them in ' || d.place || ' classrooms. Most interested in '
         || array_to_string(l.expertise, ', ') || '.',
       l.expertise,
       r.years > 8 and r.m < 0.4,
       r.years < 4,
       (case when r.v < 0.08 then '{"bio":"district"}'
             when r.v < 0.12 then '{"email":"district","yearsInEducation":"district"}'
             when r.v < 0.14 then '{"subjects":"district","expertise":"district"}'
             else '{}' end)::jsonb
  from bench_staff st
  join bench_districts d on d.n = st.district_n
  left join bench_schools sc on sc.n = st.school_n
  cross join lateral (select random() as p, random() as m, random() as v,
                             1 + floor(random() * 30)::int + (st.n - st.n) as years offset 0) r
  cross join lateral (
    select array(select x from unnest($1::text[]) x where st.n > 0 order by random() limit 1 + (st.n % 3 = 0)::int) as subjects,
           array(select x from unnest($2::text[]) x where st.n > 0 order by random() limit 1 + (st.n % 4 = 0)::int) as grade_bands,
           array(select x from unnest($3::text[]) x where st.n > 0 order by random() limit 1 + st.n % 3) as expertise
  ) l`;

/**
 * Writes one network of the given shape into an empty, migrated Trellis database. Deterministic in
 * shape; names and choices are random (seeded), so each run looks alike.
 */
export async function generateNetwork(database: Database, shape: NetworkShape): Promise<GeneratedNetwork> {
  const timings: Record<string, number> = {};
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const client: pg.PoolClient = await database.pool.connect();
  try {
    // Temporary tables live on one connection: keep it for the whole generation. Its statements
    // load millions of rows, so the app's 30 s guard for requests does not apply to them.
    await client.query('select setseed(0.2026)');
    await client.query('set statement_timeout = 0');
    await client.query(
      `create temp table bench_districts (n int primary key, id uuid, place text, slug text)`,
    );
    await client.query(`create temp table bench_schools (n int primary key, id uuid, district_n int)`);
    await client.query(`create temp table bench_staff (n int primary key, id uuid, role text, school_n int,
                          district_n int, first_name text, last_name text)`);

    let networkId: string | null = null;
    await timed(timings, 'organizations', async () => {
      await client.query(
        `insert into bench_districts
         select n, gen_random_uuid(), p.place, lower(replace(p.place, ' ', '')) || n
           from generate_series(1, $1) n
           cross join lateral (select ($2::text[])[1 + (n - 1) % array_length($2::text[], 1)] || ' '
                                    || ($3::text[])[1 + ((n - 1) / array_length($2::text[], 1)) % array_length($3::text[], 1)]
                                    as place) p`,
        [shape.districts, PLACES, LANDFORMS],
      );
      await client.query(
        `insert into organizations (id, kind, name)
         select id, 'district', place || ' School District' from bench_districts`,
      );
      // Every district gets a school; the rest spread unevenly, as real districts differ in size.
      await client.query(
        `insert into bench_schools
         select n, gen_random_uuid(),
                case when n <= $2 then n else 1 + floor($2 * power(random(), 1.6))::int end
           from generate_series(1, $1) n`,
        [shape.schools, shape.districts],
      );
      await client.query(
        `insert into organizations (id, kind, name, district_id)
         select s.id, 'school', d.place || ' ' || ($1::text[])[1 + s.n % array_length($1::text[], 1)] || ' ' || s.n, d.id
           from bench_schools s join bench_districts d on d.n = s.district_n`,
        [SCHOOL_KINDS],
      );
      if (shape.networkDistricts > 0) {
        const { rows } = await client.query<{ id: string }>(
          `insert into organizations (id, kind, name) values (gen_random_uuid(), 'network', 'Statewide Learning Network')
           returning id`,
        );
        networkId = rows[0].id;
        await client.query(
          `insert into network_districts (network_id, district_id)
           select $1, id from bench_districts where n <= $2`,
          [networkId, shape.networkDistricts],
        );
      }
    });

    await timed(timings, 'users', async () => {
      await client.query(STAFF_SQL, [shape.staff, shape.schools, shape.districts, FIRST_NAMES, LAST_NAMES]);
      await client.query(
        `insert into users (id, email, name, password_hash, district_id)
         select st.id, lower(st.first_name || '.' || st.last_name) || '.' || st.n || '@' || d.slug || '.example.org',
                st.first_name || ' ' || st.last_name, $1, d.id
           from bench_staff st join bench_districts d on d.n = st.district_n`,
        [passwordHash],
      );
      await client.query(
        `insert into memberships (user_id, organization_id, role)
         select st.id, d.id, st.role from bench_staff st join bench_districts d on d.n = st.district_n`,
      );
    });

    await timed(timings, 'profiles', () =>
      client.query(PROFILES_SQL, [[...SUBJECTS], [...GRADE_BANDS], EXPERTISE_TAGS]),
    );

    const { rows: viewerRows } = await client.query<{
      user_id: string;
      district_id: string;
      school_id: string;
    }>(
      `select st.id as user_id, d.id as district_id, s.id as school_id
         from bench_staff st join bench_districts d on d.n = st.district_n join bench_schools s on s.n = st.school_n
        where st.role = 'teacher' and st.district_n = 1 order by st.n limit 1`,
    );
    const colleagueDistrict = shape.networkDistricts >= 2 ? 2 : 1;
    const { rows: colleagueRows } = await client.query<{ user_id: string; district_id: string }>(
      `select st.id as user_id, d.id as district_id
         from bench_staff st join bench_districts d on d.n = st.district_n
        where st.role = 'teacher' and st.district_n = $1 and st.id <> $2 order by st.n limit 1`,
      [colleagueDistrict, viewerRows[0].user_id],
    );

    const { rows: ids } = await client.query<{ id: string }>('select id from bench_staff order by n');
    // The app's own code computes the vectors, so the benchmark searches exactly what users would.
    await timed(timings, 'searchVectors', async () => {
      for (let i = 0; i < ids.length; i += SEARCH_BATCH)
        await refreshProfileSearch(
          database.db,
          ids.slice(i, i + SEARCH_BATCH).map((row) => row.id),
        );
    });

    // Vacuum too: the search-vector update left a dead version of every profile, and autovacuum
    // cleaning them up mid-measurement would skew the figures. A checkpoint flushes the load for the same reason.
    await timed(timings, 'vacuumAnalyze', async () => {
      await client.query('vacuum analyze organizations, network_districts, users, memberships, profiles');
      // CHECKPOINT needs a superuser (or pg_checkpoint); without one the figures are only a little noisier.
      await client
        .query('checkpoint')
        .catch((error: Error) => console.warn(`bench: no checkpoint (${error.message})`));
    });
    const { rows: countRows } = await client.query<GeneratedNetwork['counts']>(
      `select (select count(*)::int from organizations) as organizations, (select count(*)::int from users) as users,
              (select count(*)::int from profiles) as profiles, (select count(*)::int from memberships) as memberships`,
    );
    await client.query('drop table bench_staff, bench_schools, bench_districts');
    return {
      shape,
      networkId,
      viewer: {
        userId: viewerRows[0].user_id,
        districtId: viewerRows[0].district_id,
        schoolId: viewerRows[0].school_id,
      },
      colleague: { userId: colleagueRows[0].user_id, districtId: colleagueRows[0].district_id },
      counts: countRows[0],
      timings,
    };
  } finally {
    client.release();
  }
}
