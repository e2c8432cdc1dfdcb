/**
 * Inquiry cycles at state scale (issue 15, decisions 060-066): 50,000 lesson studies and PDSA cycles
 * in the state network's communities, written straight in SQL, with everything a cycle gathers:
 *
 * - each cycle's team (three to five of its community's members), its dated phases, and for a
 *   lesson study its Study, a research-lesson plan (a real Yjs document of the plan's four columns),
 *   case students, the research lesson with its observers, time-stamped observation notes and the
 *   reflection's remarks;
 * - for every networked improvement community used: an aim, a driver diagram, three measures with
 *   26 weeks of values from up to three school teams and their frozen baselines; a PDSA cycle there
 *   tries one of its change ideas on one of its measures (the run charts' annotations), and a third
 *   of the completed ones adopted it;
 * - run-chart measures of 200 values (one school team's 200 weeks), in network improvement
 *   communities, for the run-chart read.
 *
 * Batches of 5,000 cycles commit one at a time and are remembered in `bench.inquiry_batches` (a
 * schema Trellis never reads): a run that broke off, or a database that holds fewer cycles than asked,
 * gets only what is missing.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/inquiry.ts
 *
 * writes what is missing and prints how many cycles, members, notes and values the database holds.
 */
import pg from 'pg';
import * as Y from 'yjs';
import { BUILT_IN_TEMPLATES, layOutPhases } from '#server/features/inquiry/templates.ts';
import { addPlanRow, planText } from '#shared/lesson-plan.ts';
import { signIn } from './measure.ts';

/** Cycles per committed batch. */
const BATCH = 5_000;
/** Measures of 200 values each, for the run-chart read. */
const CHART_MEASURES = 20;
const CHART_POINTS = 200;
/** Weeks of values of every other measure, per school team. */
const WEEKS = 26;

const BENCH_MEASURE = 'Students who explain their reasoning in writing';

/** A few different research-lesson plans, as the plan's Yjs document holds them. */
function planStates(): Buffer[] {
  const lessons = [
    ['Comparing fractions on a number line', 'Students place 2/3 and 3/4 and justify which is larger.'],
    ['What makes a fair test?', 'Students design an experiment on plant growth with one variable changed.'],
    ['Evidence from primary sources', 'Students weigh two letters from 1863 against each other.'],
    ['Area of irregular shapes', 'Students decompose a floor plan into rectangles and triangles.'],
    ['Making inferences about characters', 'Students cite what a character does, not only what she says.'],
    ['Proportional reasoning with recipes', 'Students scale a recipe for 6 to one for 15.'],
    ['Persuasive openings', 'Students compare three openings and name what makes one persuasive.'],
    ['Energy in food chains', 'Students trace where a rabbit’s energy comes from and where it goes.'],
  ];
  return lessons.map(([title, goal], k) => {
    const doc = new Y.Doc();
    doc.transact(() => {
      planText(doc, 'title').insert(0, title);
      planText(doc, 'goals').insert(0, goal);
      const steps = ['Introduction', 'Posing the task', 'Students work', 'Comparing solutions', 'Summing up'];
      for (const [i, step] of steps.entries())
        addPlanRow(doc, `00000000-0000-4000-8000-${String(k * 10 + i).padStart(12, '0')}`, {
          activities: `${step}: ${title.toLowerCase()}. Key question: how do you know?`,
          responses: 'Some students will reason from the picture; others will compute first.',
          support: 'Ask a student who drew it to explain to one who computed it.',
          notice: 'Who changes their mind, and on what evidence?',
        });
    });
    return Buffer.from(Y.encodeStateAsUpdate(doc));
  });
}

/** Each template's phases with their offsets from the cycle's start, as JSON for SQL. */
function templatePhases() {
  return Object.fromEntries(
    BUILT_IN_TEMPLATES.map((t) => {
      const laid = layOutPhases(t.phases, '2000-01-01');
      const day = (iso: string) => (Date.parse(iso) - Date.parse('2000-01-01')) / 86_400_000;
      return [
        t.kind,
        laid.map((p) => ({
          key: p.key,
          position: p.position,
          title: p.title,
          guidance: p.guidance,
          start: day(p.startsOn),
          due: day(p.dueOn),
        })),
      ];
    }),
  );
}

/**
 * The cycles, their parts and the improvement communities' data, up to `count` cycles; only the
 * batches missing from an earlier run are written. Returns the cycles written now.
 */
export async function generateInquiryCycles(url: string, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create schema if not exists bench');
    await client.query(
      'create table if not exists bench.inquiry_batches (batch int primary key, cycles int not null, at timestamptz not null default now())',
    );
    const batches = Math.ceil(count / BATCH);
    const { rows: done } = await client.query<{ batch: number }>('select batch from bench.inquiry_batches');
    const missing = Array.from({ length: batches }, (_, b) => b).filter(
      (b) => !done.some((d) => d.batch === b),
    );
    if (!missing.length) return 0;
    const started = Date.now();
    await client.query(`set work_mem = '256MB'`);
    // The communities cycles start in: lesson-study teams, PLCs and improvement communities with a team's worth of members.
    await client.query(`create temp table ic_communities as
      select row_number() over (order by c.id) as k, c.id, c.kind, c.owner_kind, c.owner_id, c.district_id, c.subjects
        from communities c
       where c.kind in ('lesson_study', 'plc', 'improvement_community') and c.archived_at is null
         and (select count(*) from community_members m where m.community_id = c.id and m.status = 'active') >= 3`);
    await client.query('create unique index on ic_communities (k)');
    const {
      rows: [{ n: communities }],
    } = await client.query<{ n: number }>('select count(*)::int as n from ic_communities');
    if (!communities) throw new Error('no community has three active members to start a cycle');
    await improvementData(client);
    const plans = planStates();
    const phases = templatePhases();
    let written = 0;
    for (const batch of missing) {
      const from = batch * BATCH + 1;
      const to = Math.min(count, (batch + 1) * BATCH);
      await client.query('begin');
      try {
        written += await writeBatch(client, from, to, communities, plans, phases);
        await client.query('insert into bench.inquiry_batches (batch, cycles) values ($1, $2)', [
          batch,
          to - from + 1,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      console.log(`inquiry cycles: batch ${batch + 1} of ${batches} (${to.toLocaleString('en-US')} cycles)`);
    }
    for (const table of [
      'inquiry_cycles',
      'inquiry_cycle_members',
      'inquiry_cycle_phases',
      'inquiry_observation_notes',
      'improvement_values',
      'improvement_pdsa_cycles',
    ])
      await client.query(`vacuum analyze ${table}`);
    console.log(
      `generated ${written.toLocaleString('en-US')} inquiry cycles in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return written;
  } finally {
    await client.end();
  }
}

/**
 * Every improvement community among the cycles' communities gets an aim, a driver diagram and three
 * measures with values; the first network ones get a measure of 200 values. Communities that have an
 * aim already keep theirs.
 */
async function improvementData(client: pg.Client): Promise<void> {
  await client.query('begin');
  try {
    await client.query(
      `create temp table ic_new_aims on commit drop as
       select c.id as community_id, gen_random_uuid() as aim_id, c.k
         from ic_communities c
        where c.kind = 'improvement_community'
          and not exists (select 1 from improvement_aims a where a.community_id = c.id)`,
    );
    const {
      rows: [{ n }],
    } = await client.query<{ n: number }>('select count(*)::int as n from ic_new_aims');
    if (!n) {
      await client.query('commit');
      return;
    }
    await client.query(
      `insert into improvement_aims (id, community_id, what, how_much, by_when, for_whom)
       select aim_id, community_id,
              'Students explain their reasoning in writing in every unit',
              'from ' || (30 + k % 20) || '% to ' || (60 + k % 25) || '%', (current_date + (200 + k % 200)::int),
              'Students in grades ' || (3 + k % 6) || ' to ' || (5 + k % 6)
         from ic_new_aims`,
    );
    // Two primary drivers, two secondary under each, two change ideas under each secondary.
    await client.query(
      `create temp table ic_drivers on commit drop as
       select a.aim_id, p.i as p, s.j as s, ci.l as ci, gen_random_uuid() as primary_id
         from ic_new_aims a cross join generate_series(1, 2) p(i) cross join generate_series(1, 2) s(j)
        cross join generate_series(1, 2) ci(l)`,
    );
    await client.query(`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
      select gen_random_uuid(), aim_id, null, 'primary',
             (array['Classroom discourse routines', 'Feedback students act on'])[p], p
        from ic_drivers where s = 1 and ci = 1`);
    await client.query(`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
      select gen_random_uuid(), d.aim_id, pd.id, 'secondary',
             (array['Talk moves', 'Written explanations', 'Timely feedback', 'Self-assessment'])[(d.p - 1) * 2 + d.s],
             10 + (d.p - 1) * 2 + d.s
        from ic_drivers d join improvement_drivers pd on pd.aim_id = d.aim_id and pd.kind = 'primary' and pd.position = d.p
       where d.ci = 1`);
    await client.query(`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
      select gen_random_uuid(), d.aim_id, sd.id, 'change_idea',
             (array['Turn and talk before writing', 'Sentence starters for claims', 'Exit ticket with one why',
                    'Peer feedback protocol', 'Feedback within 48 hours', 'Revision Fridays',
                    'Success criteria checklists', 'Learning journals'])[((d.p - 1) * 2 + d.s - 1) * 2 + d.ci],
             100 + ((d.p - 1) * 2 + d.s - 1) * 2 + d.ci
        from ic_drivers d
        join improvement_drivers sd on sd.aim_id = d.aim_id and sd.kind = 'secondary' and sd.position = 10 + (d.p - 1) * 2 + d.s`);
    await client.query(`insert into improvement_measures (id, community_id, kind, name, definition, unit, frequency, created_at)
      select gen_random_uuid(), a.community_id, m.kind, m.name, m.definition, '%', 'weekly', now() - interval '400 days'
        from ic_new_aims a
       cross join (values
         ('outcome', 'Explanations scored 3 or 4', 'Share of the week''s written explanations scored 3 or 4 on the common rubric.'),
         ('process', 'Lessons with a turn-and-talk', 'Share of observed lessons with at least one turn-and-talk before writing.'),
         ('balancing', 'Minutes of independent practice', 'Average minutes of independent practice per lesson.')
       ) m(kind, name, definition)`);
    // Up to three school teams per community: the schools of its first members.
    await client.query(
      `create temp table ic_teams on commit drop as
       select a.community_id, t.school_id, t.r
         from ic_new_aims a
         cross join lateral (
           select p.school_id, row_number() over (order by p.school_id) as r
             from (select distinct p.school_id from community_members m join profiles p on p.user_id = m.user_id
                    where m.community_id = a.community_id and m.status = 'active' and p.school_id is not null
                    limit 3) p) t`,
    );
    await client.query(`insert into improvement_values (id, measure_id, school_id, period, value, student_count, created_at)
      select gen_random_uuid(), m.id, t.school_id, (date_trunc('week', now())::date - 7 * (${WEEKS} - w)),
             round((40 + 10 * sin(w / 3.0 + t.r) + (abs(hashtext(m.id::text || w)) % 15) + case when w > 14 then 8 else 0 end)::numeric, 1),
             case when (abs(hashtext(t.school_id::text || w)) % 12) = 0 then 8 else 18 + abs(hashtext(m.id::text || t.r || w)) % 40 end,
             now() - interval '1 day' * 7 * (${WEEKS} - w)
        from ic_teams t join improvement_measures m on m.community_id = t.community_id
       cross join generate_series(1, ${WEEKS}) w`);
    // The run-chart read's measures: 200 weeks of one school team, in the first network improvement communities.
    await client.query(
      `create temp table ic_chart_measures on commit drop as
       select gen_random_uuid() as id, t.community_id, t.school_id
         from ic_teams t join ic_new_aims a on a.community_id = t.community_id
         join ic_communities c on c.id = t.community_id
        where t.r = 1 and c.owner_kind = 'network'
        order by a.k limit ${CHART_MEASURES}`,
    );
    await client.query(
      `insert into improvement_measures (id, community_id, kind, name, definition, unit, frequency, created_at)
       select id, community_id, 'outcome', $1, 'Share of students whose written explanation names the evidence for the claim.',
              '%', 'weekly', now() - interval '1500 days'
         from ic_chart_measures`,
      [BENCH_MEASURE],
    );
    await client.query(`insert into improvement_values (id, measure_id, school_id, period, value, student_count, created_at)
      select gen_random_uuid(), m.id, m.school_id, (date_trunc('week', now())::date - 7 * (${CHART_POINTS} - w)),
             round((35 + 12 * sin(w / 5.0) + (abs(hashtext(m.id::text || w)) % 20) + case when w > 120 then 10 else 0 end)::numeric, 1),
             20 + abs(hashtext(m.id::text || w)) % 30, now() - interval '1 day' * 7 * (${CHART_POINTS} - w)
        from ic_chart_measures m cross join generate_series(1, ${CHART_POINTS}) w`);
    // Each team's first baseline, over its first 10 (or 12) weeks, frozen; and a re-baseline after a
    // process change on the 200-week charts.
    await client.query(`insert into improvement_baselines (id, measure_id, school_id, from_period, length, reason, note)
      select gen_random_uuid(), v.measure_id, v.school_id, min(v.period), case when count(*) > 100 then 12 else 10 end, 'initial', ''
        from improvement_values v
        join improvement_measures m on m.id = v.measure_id
        join ic_new_aims a on a.community_id = m.community_id
       group by v.measure_id, v.school_id`);
    await client.query(`insert into improvement_baselines (id, measure_id, school_id, from_period, length, reason, note)
      select gen_random_uuid(), m.id, m.school_id, (date_trunc('week', now())::date - 7 * (${CHART_POINTS} - 121)), 12,
             'process_change', 'Started Revision Fridays in every class.'
        from ic_chart_measures m`);
    await client.query(`update improvement_baselines b set median = x.median, frozen_at = now()
      from (select b2.id, percentile_cont(0.5) within group (order by f.value) as median
              from improvement_baselines b2
              join improvement_measures m on m.id = b2.measure_id
              join ic_new_aims a on a.community_id = m.community_id
             cross join lateral (select v.value from improvement_values v
                                  where v.measure_id = b2.measure_id and v.school_id = b2.school_id
                                    and v.period >= b2.from_period order by v.period limit b2.length) f
             group by b2.id) x
     where b.id = x.id`);
    await client.query('commit');
    console.log(`improvement data: ${n.toLocaleString('en-US')} improvement communities`);
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** Cycles `from`..`to` (numbers, so a batch always writes the same ones) with all their parts. */
async function writeBatch(
  client: pg.Client,
  from: number,
  to: number,
  communities: number,
  plans: Buffer[],
  phases: ReturnType<typeof templatePhases>,
): Promise<number> {
  await client.query('drop table if exists ic_batch');
  // Each cycle: its community, its team (three to five of its active members; the first facilitates),
  // when it started (over the last two years), and whether it is done or at which phase it is.
  await client.query(
    `create temp table ic_batch as
     select n, gen_random_uuid() as id, c.id as community_id, c.kind as community_kind,
            case when c.owner_kind = 'network' then c.owner_id end as network_id, c.district_id, c.subjects,
            case when c.kind = 'improvement_community' then 'pdsa' else 'lesson_study' end as kind,
            team.ids as members,
            (current_date - (n * 7919 % 730))::date as starts_on,
            now() - make_interval(days => (n * 7919 % 730)::int, secs => (n % 86400)::double precision) as created_at,
            n % 5 < 3 and (n * 7919 % 730) > 100 as completed
       from generate_series($1::int, $2::int) n
       join ic_communities c on c.k = 1 + (n::bigint * 104729) % $3
       cross join lateral (
         select array_agg(m.user_id order by m.role = 'facilitator' desc, hashtext(m.user_id::text || n)) as ids
           from (select m.user_id, m.role from community_members m
                  where m.community_id = c.id and m.status = 'active'
                  order by m.role = 'facilitator' desc, hashtext(m.user_id::text || n) limit 3 + n % 3) m) team`,
    [from, to, communities],
  );
  await client.query(
    `alter table ic_batch add column phases jsonb, add column phase_count int, add column phase_index int`,
  );
  await client.query(
    `update ic_batch set phases = $1::jsonb -> kind, phase_count = jsonb_array_length($1::jsonb -> kind)`,
    [JSON.stringify(phases)],
  );
  await client.query(
    `update ic_batch set phase_index = case when completed then phase_count - 1
       else least(phase_count - 1, ((current_date - starts_on) * phase_count / 70))::int end`,
  );
  // A PDSA cycle's aim, change idea, measure and school team.
  await client.query(`alter table ic_batch add column aim_id uuid, add column change_idea_id uuid,
    add column change_idea_label text, add column measure_id uuid, add column school_id uuid`);
  await client.query(`update ic_batch b set aim_id = x.aim_id, change_idea_id = x.id, change_idea_label = x.text
      from (select b2.n, a.id as aim_id, d.id, d.text
              from ic_batch b2 join improvement_aims a on a.community_id = b2.community_id
             cross join lateral (select d.id, d.text from improvement_drivers d where d.aim_id = a.id and d.kind = 'change_idea'
                                  order by d.position offset (b2.n % 8) limit 1) d
             where b2.kind = 'pdsa') x
     where x.n = b.n`);
  await client.query(`update ic_batch b
       set measure_id = (select m.id from improvement_measures m where m.community_id = b.community_id
                          order by m.name = '${BENCH_MEASURE}' desc, hashtext(m.id::text || b.n) limit 1),
           school_id = (select p.school_id from profiles p where p.user_id = b.members[1])
     where b.kind = 'pdsa'`);
  // On the 200-week charts, the PDSA cycles are the chart's school team's.
  await client.query(`update ic_batch b set school_id = v.school_id
      from improvement_measures m, lateral (select school_id from improvement_values where measure_id = m.id limit 1) v
     where b.measure_id = m.id and m.name = '${BENCH_MEASURE}'`);

  const { rowCount } = await client.query(
    `insert into inquiry_cycles (id, kind, title, community_id, network_id, district_id, facilitator_id, template_base,
                                 status, current_phase, subjects, starts_on, ends_on, aim_id, aim_label, change_idea_id,
                                 change_idea_label, decision, member_count, created_by, created_at, updated_at)
     select b.id, b.kind,
            case when b.kind = 'pdsa' then 'PDSA ' || (1 + b.n % 3) || ': ' || coalesce(b.change_idea_label, 'a change idea')
                 else (array['Fractions on a number line', 'Fair tests in science', 'Reading primary sources',
                             'Area of irregular shapes', 'Inferences about characters', 'Proportional reasoning',
                             'Persuasive openings', 'Energy in food chains'])[1 + b.n % 8] || ' lesson study ' || b.n end,
            b.community_id, b.network_id, b.district_id, b.members[1],
            case when b.kind = 'pdsa' then 'pdsa_90_day' else 'classic_lesson_study' end,
            case when b.completed then 'completed' else 'active' end,
            b.phases -> b.phase_index ->> 'key', b.subjects, b.starts_on,
            b.starts_on + ((b.phases -> (b.phase_count - 1) ->> 'due')::int),
            case when b.kind = 'pdsa' then b.aim_id end,
            case when b.kind = 'pdsa' then 'Students explain their reasoning in writing in every unit' end,
            b.change_idea_id, b.change_idea_label,
            case when b.kind = 'pdsa' and b.completed then (array['adopt', 'adapt', 'abandon'])[1 + b.n % 3] end,
            cardinality(b.members), b.members[1], b.created_at, b.created_at
       from ic_batch b where cardinality(b.members) >= 3`,
  );
  await client.query(`insert into inquiry_cycle_members (cycle_id, user_id, role, added_by, created_at)
    select b.id, m.user_id, case when m.i = 1 then 'facilitator' else 'member' end, b.members[1], b.created_at
      from ic_batch b cross join lateral unnest(b.members) with ordinality m(user_id, i)
     where cardinality(b.members) >= 3`);
  await client.query(`insert into inquiry_cycle_phases (cycle_id, key, position, title, guidance, starts_on, due_on, completed_at)
    select b.id, p ->> 'key', (p ->> 'position')::int, p ->> 'title', p ->> 'guidance',
           b.starts_on + (p ->> 'start')::int, b.starts_on + (p ->> 'due')::int,
           case when b.completed or (p ->> 'position')::int < b.phase_index
                then (b.starts_on + (p ->> 'due')::int)::timestamptz end
      from ic_batch b cross join lateral jsonb_array_elements(b.phases) p
     where cardinality(b.members) >= 3`);

  // A lesson study's Study, plan, case students, research lesson, observers, notes and reflection.
  const lesson = `from ic_batch b where b.kind = 'lesson_study' and cardinality(b.members) >= 3`;
  await client.query(`insert into inquiry_studies (cycle_id, theme, long_term_goal, progression, updated_by, updated_at)
    select b.id, 'Students who reason from evidence and listen to each other',
           'Students explain their thinking and change their minds on evidence, not on who spoke loudest.',
           'Part-whole fractions in grade 3, fractions as numbers on the line in grade 4, comparing in grade 5.',
           b.members[1], b.created_at ${lesson}`);
  await client.query(
    `with p as (insert into inquiry_plans (id, cycle_id, version, last_seq, bytes, created_by, created_at, updated_at)
       select gen_random_uuid(), b.id, 1, 1, length(($1::bytea[])[1 + b.n % 8]), b.members[1], b.created_at, b.created_at
       ${lesson} returning id, cycle_id)
     insert into inquiry_plan_updates (plan_id, seq, update, author_id, created_at)
     select p.id, 1, ($1::bytea[])[1 + b.n % 8], b.members[1], b.created_at from p join ic_batch b on b.id = p.cycle_id`,
    [plans],
  );
  await client.query(`insert into inquiry_case_students (id, cycle_id, pseudonym, watch_for, created_by, created_at)
    select gen_random_uuid(), b.id, s.name, s.watch, b.members[1], b.created_at ${lesson.replace('from ic_batch b', "from ic_batch b cross join (values ('Student A', 'Starts from the picture; does she connect it to the symbols?'), ('Student B', 'Computes first; does he explain why?'), ('Student C', 'Quiet in groups; what does her work show?')) s(name, watch)")}`);
  // The research lesson, its observers and their notes, once a cycle has reached Teach and observe.
  const taught = `${lesson} and b.phase_index >= 2`;
  await client.query(`insert into inquiry_research_lessons (cycle_id, starts_at, ends_at, mode, place, updated_by)
    select b.id, (b.starts_on + 43)::timestamptz + interval '9 hours', (b.starts_on + 43)::timestamptz + interval '10 hours',
           case when b.n % 7 = 0 then 'online' else 'in_person' end, 'Room ' || (100 + b.n % 200), b.members[1] ${taught}`);
  await client.query(`insert into inquiry_observer_assignments (id, cycle_id, observer_id, focus_kind, focus)
    select gen_random_uuid(), b.id, b.members[1 + i], 'case_student', 'Student ' || chr(64 + i)
      ${taught.replace('from ic_batch b', 'from ic_batch b cross join generate_series(1, 2) i')}`);
  await client.query(`insert into inquiry_observation_notes (id, cycle_id, author_id, observed_at, body, focus, points_to_notice, created_at)
    select gen_random_uuid(), b.id, b.members[2 + i % 2], (b.starts_on + 43)::timestamptz + interval '9 hours' + i * interval '6 minutes',
           (array['Student A drew the number line first and placed 3/4 by folding it.',
                  'Student B said the bigger denominator is always smaller, then checked with a drawing.',
                  'Two groups compared by common denominators; one by benchmarks to 1/2.',
                  'Student C wrote a full explanation but did not speak in the group.',
                  'The key question made three students change their answer.',
                  'Most students used the sentence starter for their claim.',
                  'Student A explained to Student B why 2/3 is closer to 1.',
                  'The summing up ran short; half the class did not write a reflection.'])[1 + i],
           'Student ' || chr(65 + i % 3), array['Who changes their mind, and on what evidence?'],
           (b.starts_on + 43)::timestamptz + interval '9 hours' + i * interval '6 minutes'
      ${taught.replace('from ic_batch b', 'from ic_batch b cross join generate_series(0, 7) i')}`);
  const reflected = `${lesson} and b.phase_index >= 3`;
  await client.query(`insert into inquiry_reflection_roles (cycle_id, user_id, role)
    select b.id, m.user_id, case when m.i = 1 then 'teacher' when m.i = 3 then 'commentator' else 'observer' end
      from ic_batch b cross join lateral unnest(b.members) with ordinality m(user_id, i)
     where b.kind = 'lesson_study' and cardinality(b.members) >= 3 and b.phase_index >= 3`);
  await client.query(`insert into inquiry_reflection_remarks (id, cycle_id, author_id, role, body, created_at)
    select gen_random_uuid(), b.id, b.members[r.i], r.role, r.body, (b.starts_on + 44)::timestamptz + r.i * interval '10 minutes'
      ${reflected.replace('from ic_batch b', "from ic_batch b cross join (values (1, 'teacher', 'I expected the number line to help more than it did.'), (2, 'observer', 'Student A changed her mind after seeing a classmate''s drawing.'), (3, 'commentator', 'The key question did the work: keep it and shorten the launch.')) r(i, role, body)")}`);

  // A PDSA cycle's plan, do, study and act, on its measure and school team's chart.
  await client.query(`insert into improvement_pdsa_cycles (cycle_id, school_id, measure_id, prediction, who, what, test_date,
                                                          data_plan, what_happened, surprises, study, act_notes, updated_by, updated_at)
    select b.id, b.school_id, b.measure_id,
           'More than half the class will write a claim with a reason.', 'Two grade 5 teachers', coalesce(b.change_idea_label, ''),
           case when b.phase_index >= 1 then b.starts_on + 6 end,
           'Score every exit ticket on the common rubric.',
           case when b.phase_index >= 1 then 'Ran it in four lessons; one was cut short by an assembly.' else '' end,
           case when b.phase_index >= 2 then 'Students who rarely write wrote the most.' else '' end,
           case when b.phase_index >= 2 then 'Up from 41% to 55%, above the prediction.' else '' end,
           case when b.completed then 'Keep it and try it in grade 4.' else '' end,
           b.members[1], b.created_at
      from ic_batch b where b.kind = 'pdsa' and cardinality(b.members) >= 3`);
  // Ramps: a PDSA cycle follows the one before it on the same change idea in its community.
  await client.query(`update inquiry_cycles c set previous_cycle_id = prev.id
      from ic_batch b
      cross join lateral (select p.id from inquiry_cycles p
                           where p.community_id = b.community_id and p.change_idea_id = b.change_idea_id
                             and p.created_at < b.created_at and p.id <> b.id
                           order by p.created_at desc limit 1) prev
     where c.id = b.id and b.kind = 'pdsa' and b.n % 3 <> 0`);
  return rowCount ?? 0;
}

/** What the three reads are asked with: people and the cycles, measures and network they read. */
export interface InquiryReaders {
  /** Members of cycles, each with one of their cycles. */
  cycleReaders: Array<{ cookie: string; cycleId: string }>;
  /** Members of the communities of the 200-value measures, each with one of them. */
  chartReaders: Array<{ cookie: string; measureId: string }>;
  /** People of the network who take part in some of its cycles. */
  networkReaders: string[];
  networkId: string | null;
}

/** Signs in `count` readers of each kind (fewer when the data holds fewer). */
export async function signInInquiryReaders(url: string, count: number): Promise<InquiryReaders> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: cycles } = await client.query<{ user_id: string; cycle_id: string }>(
      `select m.user_id, m.cycle_id from inquiry_cycle_members m join users u on u.id = m.user_id and u.status = 'active'
        where m.cycle_id in (select id from inquiry_cycles order by hashtext(id::text) limit $1)
          and m.role = 'member'
        order by hashtext(m.cycle_id::text || m.user_id::text) limit $1`,
      [count],
    );
    const { rows: charts } = await client.query<{ user_id: string; measure_id: string }>(
      `select x.user_id, x.measure_id from (
         select m.user_id, im.id as measure_id,
                row_number() over (partition by im.id order by hashtext(m.user_id::text)) as r
           from improvement_measures im
           join community_members m on m.community_id = im.community_id and m.status = 'active'
           join users u on u.id = m.user_id and u.status = 'active'
          where im.name = $2) x
        where x.r <= 10 order by hashtext(x.user_id::text || x.measure_id::text) limit $1`,
      [count, BENCH_MEASURE],
    );
    const {
      rows: [network],
    } = await client.query<{ id: string }>(
      `select network_id as id from inquiry_cycles where network_id is not null
        group by network_id order by count(*) desc limit 1`,
    );
    const { rows: networkPeople } = network
      ? await client.query<{ user_id: string }>(
          `select distinct m.user_id from inquiry_cycle_members m
             join inquiry_cycles c on c.id = m.cycle_id and c.network_id = $1
             join users u on u.id = m.user_id and u.status = 'active'
            order by m.user_id limit $2`,
          [network.id, count],
        )
      : { rows: [] };
    const cycleReaders = [];
    for (const row of cycles)
      cycleReaders.push({ cookie: await signIn(client, row.user_id), cycleId: row.cycle_id });
    const chartReaders = [];
    for (const row of charts)
      chartReaders.push({ cookie: await signIn(client, row.user_id), measureId: row.measure_id });
    const networkReaders = [];
    for (const row of networkPeople) networkReaders.push(await signIn(client, row.user_id));
    return { cycleReaders, chartReaders, networkReaders, networkId: network?.id ?? null };
  } finally {
    await client.end();
  }
}

/** How much the database holds. */
async function printCounts(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = await client.query(
      `select (select count(*) from inquiry_cycles) as cycles, (select count(*) from inquiry_cycle_members) as members,
              (select count(*) from inquiry_observation_notes) as notes, (select count(*) from improvement_values) as values`,
    );
    console.log(counts.rows[0]);
  } finally {
    await client.end();
  }
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL to a generated network (see the top of this file)');
  await generateInquiryCycles(url, Number(process.env.BENCH_INQUIRY_CYCLES ?? 50_000));
  await printCounts(url);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
