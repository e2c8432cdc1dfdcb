import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';

/** The demo network's improvement community (communities-demo.ts). */
const COMMUNITY = 'Rural Science Improvement Community';
const DAY = 86_400_000;

const DRIVERS: Array<[string, Array<[string, string[]]>]> = [
  [
    'Students see investigations as their own',
    [
      [
        'Routines for asking testable questions',
        ['Question wall at the start of each unit', 'Notice-and-wonder openers'],
      ],
      ['Students choose variables and procedures', ['Procedure drafted by lab groups before the lab']],
    ],
  ],
  [
    'Teachers learn from each other’s labs',
    [['Shared bank of open-ended labs', ['Monthly lab swap across districts']]],
  ],
];

const MEASURES = [
  {
    kind: 'outcome',
    name: 'Student-planned lab reports',
    definition:
      'Of the week’s lab reports in grades 6–8 science, the percentage whose procedure the students wrote themselves (the teacher checks the lab sheet’s “our plan” box).',
    unit: '%',
  },
  {
    kind: 'process',
    name: 'Labs opened with a question wall',
    definition: 'Of the week’s labs, how many began with students posting questions on the question wall.',
    unit: 'labs',
  },
  {
    kind: 'balancing',
    name: 'Minutes of hands-on lab time',
    definition:
      'Minutes per week students spend doing labs, from the teacher’s plan book: planning must not eat lab time.',
    unit: 'minutes',
  },
] as const;

/** Twenty weeks of the outcome measure: a team that shifts after its change, and one that does not yet. */
const SHIFTING = [24, 28, 22, 27, 25, 30, 23, 26, 31, 36, 41, 38, 44, 46, 43, 48, 50, 47, 52, 55];
const STEADY = [29, 33, 27, 31, 35, 28, 30, 34, 26, 32, 30, 36, 29, 31, 33, 27, 34, 30, 28, 32];

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function insertPdsaCycle(
  tx: Tx,
  c: {
    communityId: string;
    networkId: string | null;
    title: string;
    team: string[];
    schoolId: string;
    measureId: string;
    changeIdea: { id: string; text: string };
    aim: { id: string; what: string };
    startsOn: string;
    testDate: string;
    status: 'active' | 'completed';
    currentPhase: 'plan' | 'do' | 'study' | 'act';
    decision: 'adopt' | 'adapt' | 'abandon' | null;
    previousCycleId: string | null;
    content: {
      prediction: string;
      who: string;
      what: string;
      dataPlan: string;
      whatHappened: string;
      surprises: string;
      study: string;
      actNotes: string;
    };
  },
): Promise<string> {
  const id = uuidv7();
  const start = Date.parse(`${c.startsOn}T00:00:00Z`);
  await tx.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, facilitator_id, template_base, status,
                                current_phase, subjects, starts_on, ends_on, aim_id, aim_label, change_idea_id,
                                change_idea_label, decision, previous_cycle_id, member_count, created_by, created_at)
    values (${id}, 'pdsa', ${c.title}, ${c.communityId}, ${c.networkId}, ${c.team[0]}, 'pdsa_90_day', ${c.status},
            ${c.currentPhase}, array['Science'], ${c.startsOn}, ${isoDay(start + 27 * DAY)}, ${c.aim.id}, ${c.aim.what},
            ${c.changeIdea.id}, ${c.changeIdea.text}, ${c.decision}, ${c.previousCycleId}, ${c.team.length},
            ${c.team[0]}, ${new Date(start).toISOString()})`);
  for (const [i, userId] of c.team.entries())
    await tx.execute(sql`insert into inquiry_cycle_members (cycle_id, user_id, role)
      values (${id}, ${userId}, ${i === 0 ? 'facilitator' : 'member'})`);
  const phases = [
    ['plan', 'Plan', 0, 6],
    ['do', 'Do', 7, 13],
    ['study', 'Study', 14, 20],
    ['act', 'Act', 21, 27],
  ] as const;
  for (const [position, [key, title, from, to]] of phases.entries())
    await tx.execute(sql`
      insert into inquiry_cycle_phases (cycle_id, key, position, title, starts_on, due_on, completed_at)
      values (${id}, ${key}, ${position}, ${title}, ${isoDay(start + from * DAY)}, ${isoDay(start + to * DAY)},
              ${c.status === 'completed' || position < phases.findIndex((p) => p[0] === c.currentPhase) ? new Date(start + to * DAY).toISOString() : null})`);
  const p = c.content;
  await tx.execute(sql`
    insert into improvement_pdsa_cycles (cycle_id, school_id, measure_id, prediction, who, what, test_date, data_plan,
                                         what_happened, surprises, study, act_notes, updated_by)
    values (${id}, ${c.schoolId}, ${c.measureId}, ${p.prediction}, ${p.who}, ${p.what}, ${c.testDate}, ${p.dataPlan},
            ${p.whatHappened}, ${p.surprises}, ${p.study}, ${p.actNotes}, ${c.team[0]})`);
  return id;
}

/**
 * Gives the demo improvement community an aim, a driver diagram, a family of measures, twenty weeks
 * of two school teams' data (from two districts: one shifting after its change, one not yet, one of
 * its weeks from fewer than 10 students) and a ramp of two linked PDSA cycles. Once only.
 */
export async function seedImprovementDemo(db: Db): Promise<boolean> {
  const { rows: found } = await db.execute<{ id: string; owner_id: string; owner_kind: string }>(sql`
    select c.id, c.owner_id, c.owner_kind from communities c
     where c.name = ${COMMUNITY} and c.kind = 'improvement_community'
       and not exists (select 1 from improvement_aims a where a.community_id = c.id)`);
  const community = found[0];
  if (!community) return false;
  // Two school teams from two districts, each with the members of that school taking part.
  const { rows: people } = await db.execute<{
    user_id: string;
    school_id: string;
    district_id: string;
    role: string;
  }>(sql`
    select m.user_id, ms.organization_id as school_id, o.district_id, m.role
      from community_members m
      join memberships ms on ms.user_id = m.user_id
      join organizations o on o.id = ms.organization_id and o.kind = 'school'
     where m.community_id = ${community.id} and m.status = 'active'
     order by m.role, m.joined_at, m.user_id`);
  const facilitator = people.find((p) => p.role === 'facilitator');
  if (!facilitator) return false;
  const first = facilitator.school_id;
  const second = people.find((p) => p.district_id !== facilitator.district_id)?.school_id;
  if (!second) return false;
  const teamOf = (school: string) => people.filter((p) => p.school_id === school).map((p) => p.user_id);

  await db.transaction(async (tx) => {
    const now = Date.now();
    // Mondays, the last one this week.
    const monday = now - ((new Date(now).getUTCDay() + 6) % 7) * DAY;
    const week = (i: number) => isoDay(monday - (19 - i) * 7 * DAY);
    const aimId = uuidv7();
    const aim = { id: aimId, what: 'Students plan their own science investigations' };
    await tx.execute(sql`
      insert into improvement_aims (id, community_id, what, how_much, by_when, for_whom, updated_by)
      values (${aimId}, ${community.id}, ${aim.what}, 'from 25% to 60% of lab reports', ${isoDay(now + 200 * DAY)},
              'grades 6–8 science students in every member school', ${facilitator.user_id})`);
    let position = 0;
    const ideas: Array<{ id: string; text: string }> = [];
    for (const [primary, secondaries] of DRIVERS) {
      const pid = uuidv7();
      await tx.execute(sql`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
        values (${pid}, ${aimId}, null, 'primary', ${primary}, ${position++})`);
      for (const [secondary, changeIdeas] of secondaries) {
        const sid = uuidv7();
        await tx.execute(sql`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
          values (${sid}, ${aimId}, ${pid}, 'secondary', ${secondary}, ${position++})`);
        for (const text of changeIdeas) {
          const id = uuidv7();
          ideas.push({ id, text });
          await tx.execute(sql`insert into improvement_drivers (id, aim_id, parent_id, kind, text, position)
            values (${id}, ${aimId}, ${sid}, 'change_idea', ${text}, ${position++})`);
        }
      }
    }
    const measureIds: string[] = [];
    for (const m of MEASURES) {
      const id = uuidv7();
      measureIds.push(id);
      await tx.execute(sql`
        insert into improvement_measures (id, community_id, kind, name, definition, unit, frequency, created_by)
        values (${id}, ${community.id}, ${m.kind}, ${m.name}, ${m.definition}, ${m.unit}, 'weekly', ${facilitator.user_id})`);
    }
    const outcome = measureIds[0];
    for (const [school, series] of [
      [first, SHIFTING],
      [second, STEADY],
    ] as const) {
      for (const [i, value] of series.entries())
        await tx.execute(sql`
          insert into improvement_values (id, measure_id, school_id, period, value, student_count, entered_by)
          values (${uuidv7()}, ${outcome}, ${school}, ${week(i)}, ${value},
                  ${school === second && i === 11 ? 8 : 22 + (i % 5)}, ${teamOf(school)[0]})`);
      await tx.execute(sql`
        insert into improvement_baselines (id, measure_id, school_id, from_period, length, median, frozen_at, reason, recorded_by)
        values (${uuidv7()}, ${outcome}, ${school}, ${week(0)}, 8, ${median(series.slice(0, 8))}, ${new Date(now).toISOString()},
                'initial', ${teamOf(school)[0]})`);
    }
    const wall = ideas[0];
    const firstCycle = await insertPdsaCycle(tx, {
      communityId: community.id,
      networkId: community.owner_kind === 'network' ? community.owner_id : null,
      title: 'Question wall in one grade 7 class',
      team: teamOf(first),
      schoolId: first,
      measureId: outcome,
      changeIdea: wall,
      aim,
      startsOn: week(7),
      testDate: week(8),
      status: 'completed',
      currentPhase: 'act',
      decision: 'adapt',
      previousCycleId: null,
      content: {
        prediction: 'Half of the lab groups will write a testable question and a procedure of their own.',
        who: 'One grade 7 class, period 2',
        what: 'Ten minutes of question posting on the wall before the density lab',
        dataPlan:
          'Count the lab reports whose procedure the group wrote; note which questions were testable.',
        whatHappened: '9 of 14 groups wrote their own procedure; 4 questions were not testable.',
        surprises: 'Students borrowed each other’s questions from the wall, which helped the quieter groups.',
        study:
          '64% against a prediction of 50%: better than predicted, but untestable questions slowed four groups.',
        actNotes: 'Adapt: add a “can we test it?” sort before groups choose, and try it in three classes.',
      },
    });
    await insertPdsaCycle(tx, {
      communityId: community.id,
      networkId: community.owner_kind === 'network' ? community.owner_id : null,
      title: 'Question wall with a testability sort, three classes',
      team: teamOf(first),
      schoolId: first,
      measureId: outcome,
      changeIdea: wall,
      aim,
      startsOn: week(11),
      testDate: week(12),
      status: 'active',
      currentPhase: 'study',
      decision: null,
      previousCycleId: firstCycle,
      content: {
        prediction: 'At least 60% of reports in all three classes will have a student-written procedure.',
        who: 'Grade 7, periods 2, 4 and 6',
        what: 'Question wall, then a two-minute “can we test it?” sort before choosing',
        dataPlan: 'The weekly count for the outcome measure, per class.',
        whatHappened: 'Periods 2 and 4 ran as planned; period 6 lost the sort to an assembly.',
        surprises: '',
        study: '',
        actNotes: '',
      },
    });
    // The other school's team adopted a change idea of its own: the network finds it in search.
    await insertPdsaCycle(tx, {
      communityId: community.id,
      networkId: community.owner_kind === 'network' ? community.owner_id : null,
      title: 'Notice-and-wonder openers before each lab',
      team: teamOf(second),
      schoolId: second,
      measureId: outcome,
      changeIdea: ideas[1],
      aim,
      startsOn: week(12),
      testDate: week(13),
      status: 'completed',
      currentPhase: 'act',
      decision: 'adopt',
      previousCycleId: null,
      content: {
        prediction: 'More groups will pose a question they can test when they start from what they notice.',
        who: 'Grade 6, two classes',
        what: 'Five minutes of “I notice, I wonder” on a demonstration before each lab',
        dataPlan: 'The weekly count for the outcome measure; questions sorted as testable or not.',
        whatHappened: 'Both classes ran it for three labs; students asked for it by the third.',
        surprises: 'The wonder lists became the lab’s question bank.',
        study: 'Testable questions rose from 4 to 9 of 12 groups; the outcome measure held steady.',
        actNotes: 'Adopt: every grade 6 class opens labs this way from next unit.',
      },
    });
  });
  return true;
}
