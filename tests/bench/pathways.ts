/**
 * Career pathways at state scale (issue 18, decision 085), written at measure time on the generated
 * network: a three-step ladder for every district and one for each network, each step asking for
 * requirements of every kind (a credential of the issuer, hours of learning within a window, years
 * of experience, roles held: a community facilitated, a lesson study led, a mentorship, the step
 * before; and an interview confirmed by hand); years of experience from the roster for every person;
 * a twentieth of the staff holding a first step. The bench reads teachers' pathway pages: every ladder
 * open to them with where they stand on each requirement, in one statement per person.
 * Only what is missing is written: a later run finds the bench's ladders and adds none.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/pathways.ts
 */
import pg from 'pg';
import { signIn } from './measure.ts';

/** Marks the bench's ladders, so a later run finds them. */
const BENCH_LADDER = 'Bench teacher leadership';

export interface PathwaysShape {
  /** One in this many people holds the first step of their district's ladder. */
  holderEvery: number;
}

export const pathwaysShape = (_small: boolean): PathwaysShape => ({ holderEvery: 20 });

/** Writes the bench's ladders, experience and roles held unless a run wrote them already. */
export async function generatePathways(
  url: string,
  shape: PathwaysShape,
): Promise<{ ladders: number; requirements: number; experience: number; holders: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    const { rows: have } = await client.query<{ n: string }>(
      'select count(*) as n from pathway_ladders where title = $1',
      [BENCH_LADDER],
    );
    if (Number(have[0].n) > 0) return { ladders: 0, requirements: 0, experience: 0, holders: 0, seconds: 0 };
    await client.query('begin');
    const ladders = await client.query(
      `insert into pathway_ladders (id, owner_org_id, title, description)
       select gen_random_uuid(), o.id, $1, 'Three steps that keep you in the classroom'
         from organizations o where o.kind in ('district', 'network')`,
      [BENCH_LADDER],
    );
    await client.query(
      `insert into pathway_roles (id, ladder_id, position, title, stipend_cents, release_time, term_months, pay_code)
       select gen_random_uuid(), l.id, s.position, s.title, s.stipend, s.release, 12, 'STIP-' || s.position
         from pathway_ladders l
        cross join (values (0, 'Teacher leader', 150000, 'One period a week'),
                           (1, 'Mentor teacher', 250000, 'Two periods a week'),
                           (2, 'Master teacher', 500000, 'Half-time release')) as s(position, title, stipend, release)
        where l.title = $1`,
      [BENCH_LADDER],
    );
    // Each step's requirements; a credential of the ladder's owner when it issues one.
    const requirements = await client.query(
      `with steps as (
         select r.id, r.position, r.ladder_id, l.owner_org_id,
                (select mc.id from micro_credentials mc where mc.issuer_org_id = l.owner_org_id and mc.status = 'published'
                  order by mc.id limit 1) as credential_id,
                (select p.id from pathway_roles p where p.ladder_id = r.ladder_id and p.position = r.position - 1) as before_id
           from pathway_roles r join pathway_ladders l on l.id = r.ladder_id where l.title = $1)
       insert into pathway_requirements (id, role_id, position, kind, label, credential_id, learning_kind, hours,
                                         window_months, years, role_kind, held_role_id, count)
       select gen_random_uuid(), s.id, q.position, q.kind, q.label, case when q.kind = 'credential' then s.credential_id end,
              q.learning_kind, q.hours, q.window_months, q.years, q.role_kind,
              case when q.role_kind = 'pathway_role' then s.before_id end, 1
         from steps s
         join (values
           (0, 0, 'credential', '', null, null, null, null, null),
           (0, 1, 'learning_hours', '', null, 10, 12, null, null),
           (0, 2, 'role_held', '', null, null, null, null, 'community_facilitator'),
           (1, 0, 'role_held', '', null, null, null, null, 'pathway_role'),
           (1, 1, 'experience', '', null, null, null, 3, null),
           (1, 2, 'manual', 'Interview with the mentoring coordinator', null, null, null, null, null),
           (1, 3, 'role_held', '', null, null, null, null, 'mentor'),
           (2, 0, 'role_held', '', null, null, null, null, 'pathway_role'),
           (2, 1, 'role_held', '', null, null, null, null, 'lesson_study_lead'),
           (2, 2, 'learning_hours', '', 'workshop', 40, 24, null, null))
           as q(step, position, kind, label, learning_kind, hours, window_months, years, role_kind)
           on q.step = s.position
        where q.kind <> 'credential' or s.credential_id is not null`,
      [BENCH_LADDER],
    );
    const experience = await client.query(
      `insert into pathway_experience (user_id, district_id, years, as_of, source)
       select u.id, u.district_id, 1 + abs(hashtext(u.id::text || 'y')) % 20, current_date - 200, 'roster'
         from users u where u.status = 'active'
       on conflict (user_id) do nothing`,
    );
    const holders = await client.query(
      `insert into pathway_role_holders (id, user_id, district_id, role_id, title, stipend_cents, pay_code, starts_on, ends_on)
       select gen_random_uuid(), u.id, u.district_id, r.id, r.title, r.stipend_cents, r.pay_code,
              current_date - 60, current_date + 300
         from users u
         join pathway_ladders l on l.owner_org_id = u.district_id and l.title = $1
         join pathway_roles r on r.ladder_id = l.id and r.position = 0
        where u.status = 'active' and abs(hashtext(u.id::text || 'h')) % $2 = 0`,
      [BENCH_LADDER, shape.holderEvery],
    );
    await client.query('commit');
    await client.query(
      'vacuum analyze pathway_ladders, pathway_roles, pathway_requirements, pathway_experience, pathway_role_holders',
    );
    const result = {
      ladders: ladders.rowCount ?? 0,
      requirements: requirements.rowCount ?? 0,
      experience: experience.rowCount ?? 0,
      holders: holders.rowCount ?? 0,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    console.log(`generated pathways: ${JSON.stringify(result)}`);
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Sessions of `count` teachers of districts that belong to a network (two ladders each), spread over the state. */
export async function signInPathwayViewers(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select u.id from users u
        where u.status = 'active' and exists (select 1 from network_districts nd where nd.district_id = u.district_id)
          and exists (select 1 from memberships m where m.user_id = u.id and m.role = 'teacher')
        order by hashtext(u.id::text || 'p') limit $1`,
      [count],
    );
    const cookies: string[] = [];
    for (const row of rows) cookies.push(await signIn(client, row.id));
    return cookies;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names the database to fill');
  console.log(JSON.stringify(await generatePathways(url, pathwaysShape(process.env.BENCH_SMALL === '1'))));
}
