import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Storage } from '#server/platform/storage.ts';
import { seedObservationDemo } from './observation-demo.ts';
import { seedPlanDemo } from './plan-demo.ts';

/** The demo lesson-study team (communities-demo.ts). */
const COMMUNITY = 'Cedar Hollow Fractions Lesson Study';
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The classic lesson study's phases and lengths (inquiry/templates.ts), laid out in the demo's past. */
const PHASES = [
  ['study', 'Study', 21],
  ['plan', 'Plan', 21],
  ['teach', 'Teach and observe', 7],
  ['reflect', 'Reflect', 7],
  ['revise', 'Revise and share', 14],
] as const;

/**
 * A lesson study under way in the demo's lesson-study team: studied, planned and taught, now in its
 * Reflect phase, with the theme, goal, progression and reading written, the discussion's roles given
 * and the teacher's opening words; then the plan and the observation notes of their own parts. Once.
 */
export async function seedInquiryDemo(db: Db, storage?: Storage): Promise<void> {
  const { rows: communities } = await db.execute<{ id: string }>(
    sql`select id from communities where name = ${COMMUNITY} order by created_at limit 1`,
  );
  const communityId = communities[0]?.id;
  if (!communityId) return;
  const { rows: existing } = await db.execute<{ id: string }>(
    sql`select id from inquiry_cycles where community_id = ${communityId} and kind = 'lesson_study' limit 1`,
  );
  let cycleId = existing[0]?.id;
  if (!cycleId) {
    const { rows: team } = await db.execute<{ user_id: string; role: string; district_id: string }>(sql`
      select m.user_id, m.role, u.district_id from community_members m join users u on u.id = m.user_id
       where m.community_id = ${communityId} and m.status = 'active' and u.status = 'active'
       order by m.role = 'facilitator' desc, m.joined_at, m.user_id limit 4`);
    if (team.length < 2) return;
    cycleId = uuidv7();
    const facilitator = team[0];
    let start = Date.now() - 50 * DAY;
    const phases = PHASES.map(([key, title, days], position) => {
      const phase = {
        key,
        title,
        position,
        startsOn: isoDay(start),
        dueOn: isoDay(start + (days - 1) * DAY),
      };
      start += days * DAY;
      return phase;
    });
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into inquiry_cycles (id, kind, title, community_id, district_id, facilitator_id, template_base,
          current_phase, subjects, starts_on, ends_on, member_count, created_by)
        select ${cycleId}, 'lesson_study', 'Fractions on a number line: where is 3/4 of 12?', c.id, c.district_id,
          ${facilitator.user_id}, 'classic_lesson_study', 'reflect', c.subjects, ${phases[0].startsOn}::date,
          ${phases[4].dueOn}::date, ${team.length}, ${facilitator.user_id}
          from communities c where c.id = ${communityId}`);
      for (const p of phases)
        await tx.execute(sql`
          insert into inquiry_cycle_phases (cycle_id, key, position, title, starts_on, due_on, completed_at)
          values (${cycleId}, ${p.key}, ${p.position}, ${p.title}, ${p.startsOn}::date, ${p.dueOn}::date,
            ${p.position < 3 ? sql`now()` : null})`);
      for (const m of team)
        await tx.execute(sql`
          insert into inquiry_cycle_members (cycle_id, user_id, role, added_by)
          values (${cycleId}, ${m.user_id}, ${m === facilitator ? 'facilitator' : 'member'}, ${facilitator.user_id})`);
      await tx.execute(sql`
        insert into inquiry_studies (cycle_id, theme, long_term_goal, progression, updated_by)
        values (${cycleId},
          'How do students come to see a fraction as a number with its own place on the number line, not two whole numbers?',
          'Students who reason about quantities, explain their thinking to each other and keep at a problem when the first way does not work.',
          ${'Grade 3: unit fractions and fractions on a number line.\nGrade 4: equivalence and comparing fractions; fractions of a set.\nGrade 5: multiplying a whole number by a fraction — the research lesson sits here, with 3/4 of 12.\nGrade 6: ratios and rates build on it.'},
          ${team[1].user_id})`);
      for (const [title, url, note] of [
        [
          'Lesson study: a handbook of teacher-led instructional change',
          'https://lessonresearch.net/',
          'Read the chapter on the research lesson before planning.',
        ],
        [
          'Progressions for the Common Core: number and operations — fractions',
          'https://achievethecore.org/',
          'Grades 3–5, for the learning progression.',
        ],
      ])
        await tx.execute(sql`
          insert into inquiry_readings (id, cycle_id, url, title, note, added_by)
          values (${uuidv7()}, ${cycleId}, ${url}, ${title}, ${note}, ${facilitator.user_id})`);
      // The facilitator comments from outside the teaching; the second teacher taught; the rest observed.
      const roles = team.map((m, i) => ({
        userId: m.user_id,
        role: i === 0 ? 'commentator' : i === 1 ? 'teacher' : 'observer',
      }));
      for (const r of roles)
        await tx.execute(sql`
          insert into inquiry_reflection_roles (cycle_id, user_id, role) values (${cycleId}, ${r.userId}, ${r.role})`);
      await tx.execute(sql`
        insert into inquiry_reflection_remarks (id, cycle_id, author_id, role, body)
        values (${uuidv7()}, ${cycleId}, ${team[1].user_id}, 'teacher',
          ${'I meant to wait longer after “Where would 3/4 of 12 sit on this line?” — I stepped in at about a minute. The groups that drew the line first got further than the ones that started with the algorithm.'})`);
    });
  }
  await seedPlanDemo(db, cycleId);
  await seedObservationDemo(db, storage, cycleId);
}
