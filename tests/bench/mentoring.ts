/**
 * Mentoring at state scale (issue 18), written at measure time on the generated network: mentor
 * offers from a tenth of the staff open to mentoring (about 3,000 of 100,000 in the state), each
 * taking one to three people, a third of their places already held by active mentorships, and open
 * requests for a mentor from new teachers across the state. The bench reads the mentor suggestions
 * of those requests: each scores every mentor in the mentee's reach (their district and the districts
 * sharing a network with it) that Trellis may suggest (decision 088).
 * Only what is missing is written: a later run finds the bench's offers and requests and adds none.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/mentoring.ts
 */
import pg from 'pg';
import { signIn } from './measure.ts';

/** Marks the bench's requests, so a later run finds them. */
const BENCH_NOTE = 'Bench request';
const TOPICS = [
  'Classroom management',
  'Lab safety',
  'Formative assessment',
  'Family communication',
  'Pacing',
];

export interface MentoringShape {
  /** One in this many people open to mentoring offers to mentor. */
  offerEvery: number;
  requests: number;
}

export const mentoringShape = (small: boolean): MentoringShape =>
  small ? { offerEvery: 10, requests: 200 } : { offerEvery: 10, requests: 2_000 };

/** Writes the bench's mentor offers, mentorships and open requests unless a run wrote them already. */
export async function generateMentoring(
  url: string,
  shape: MentoringShape,
): Promise<{ mentors: number; mentorships: number; requests: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    const { rows: have } = await client.query<{ n: string }>(
      'select count(*) as n from mentoring_requests where note = $1',
      [BENCH_NOTE],
    );
    if (Number(have[0].n) > 0) return { mentors: 0, mentorships: 0, requests: 0, seconds: 0 };
    await client.query('begin');
    const mentors = await client.query(
      `insert into mentor_profiles (user_id, district_id, capacity, accepting, meeting_modes, topics, availability)
       select u.id, u.district_id, 1 + (abs(hashtext(u.id::text)) % 3), abs(hashtext(u.id::text)) % 10 <> 0,
              case abs(hashtext(u.id::text)) % 3 when 0 then '{online}'::text[] when 1 then '{in_person}'::text[]
                   else '{either}'::text[] end,
              array[($1::text[])[1 + abs(hashtext(u.id::text)) % 5], ($1::text[])[1 + abs(hashtext(u.id::text) / 7) % 5]],
              'After school, twice a month'
         from users u join profiles p on p.user_id = u.id
        where u.status = 'active' and p.open_to_mentoring and abs(hashtext(u.id::text || 'm')) % $2 = 0
       on conflict (user_id) do nothing`,
      [TOPICS, shape.offerEvery],
    );
    // New teachers (fewer than 4 years in education), spread over the state, ask for a mentor in
    // their first subject and grade band; twice as many as the requests left open are matched already.
    await client.query(`create temporary table bench_mentees as
      select row_number() over (order by hashtext(u.id::text || 'e'), u.id) as k, u.id, u.district_id,
             coalesce(p.subjects[1], 'Science') as subject, coalesce(p.grade_bands[1], '6-8') as grade_band
        from users u join profiles p on p.user_id = u.id
       where u.status = 'active' and p.years_in_education < 4
         and not exists (select 1 from mentor_profiles mp where mp.user_id = u.id)
       limit ${shape.requests * 3}`);
    const requests = await client.query(
      `insert into mentoring_requests (id, mentee_id, district_id, subject, grade_band, topics, meeting_mode, note, status)
       select gen_random_uuid(), m.id, m.district_id, m.subject, m.grade_band,
              array[($1::text[])[1 + m.k % 5]], case m.k % 3 when 0 then 'online' when 1 then 'in_person' else 'either' end,
              $2, case when m.k <= $3 then 'open' else 'matched' end
         from bench_mentees m`,
      [TOPICS, BENCH_NOTE, shape.requests],
    );
    // The matched requests' mentorships: mentors of the same district in turn, up to their capacity.
    const mentorships = await client.query(
      `with places as (
         select mp.user_id, mp.district_id, row_number() over (partition by mp.district_id order by mp.user_id, s) as slot
           from mentor_profiles mp cross join lateral generate_series(1, greatest(mp.capacity - 1, 0)) s),
       asking as (
         select r.id, r.mentee_id, r.district_id,
                row_number() over (partition by r.district_id order by r.id) as slot
           from mentoring_requests r where r.note = $1 and r.status = 'matched')
       insert into mentorships (id, request_id, mentee_id, mentor_id, mentee_district_id, mentor_district_id, status,
                                score, confirmed_at, approved_at, created_at)
       select gen_random_uuid(), a.id, a.mentee_id, p.user_id, a.district_id, p.district_id, 'active', 60,
              now() - make_interval(days => (a.slot % 90)::int), now() - make_interval(days => (a.slot % 90)::int),
              now() - make_interval(days => (a.slot % 90)::int)
         from asking a join places p on p.district_id = a.district_id and p.slot = a.slot`,
      [BENCH_NOTE],
    );
    await client.query('drop table bench_mentees');
    await client.query('commit');
    await client.query('vacuum analyze mentor_profiles, mentoring_requests, mentorships');
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const result = {
      mentors: mentors.rowCount ?? 0,
      mentorships: mentorships.rowCount ?? 0,
      requests: requests.rowCount ?? 0,
      seconds,
    };
    console.log(`generated mentoring: ${JSON.stringify(result)}`);
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Sessions of `count` teachers with open bench requests, each with the path of their suggestions. */
export async function signInMentees(
  url: string,
  count: number,
): Promise<Array<{ cookie: string; path: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; mentee_id: string }>(
      `select id, mentee_id from mentoring_requests where note = $1 and status = 'open'
        order by hashtext(id::text) limit $2`,
      [BENCH_NOTE, count],
    );
    const mentees: Array<{ cookie: string; path: string }> = [];
    for (const row of rows)
      mentees.push({
        cookie: await signIn(client, row.mentee_id),
        path: `/api/mentoring/requests/${row.id}/suggestions`,
      });
    return mentees;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names the database to fill');
  console.log(JSON.stringify(await generateMentoring(url, mentoringShape(process.env.BENCH_SMALL === '1'))));
}
