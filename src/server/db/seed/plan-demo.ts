import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import * as Y from 'yjs';
import type { Db } from '#server/db/client.ts';
import { addPlanRow, type PlanColumn, planText } from '#shared/lesson-plan.ts';

/**
 * The demo lesson study's research-lesson plan: a grade 5 lesson on a fraction of a set, written in
 * the four columns by the team (each part's words by a different member, as a team writes it), its
 * two case students by pseudonym and a first draft of the findings. Written once, for the lesson
 * study the inquiry demo made, before the observation demo tags its notes to the points to notice.
 */

type Part = Record<PlanColumn, string>;

const TITLE = 'What is 3/4 of 12? Fractions of a set with bar models';
const GOALS =
  'Students see a fraction of a set as equal groups: the denominator says how many groups, the numerator how many ' +
  'of them we take. Long term: students reason about fractions with a model before they reach for a rule.';

/** The points to notice match the observation demo's tags word for word. */
const PARTS: Part[] = [
  {
    activities: 'Warm-up: show 1/2 of 8 counters. "How do you know it is half?"',
    responses: 'Split into two equal rows of 4.\nSome count one by one and stop at 4.',
    support: 'Keep the counters on the board for the rest of the lesson.',
    notice: '',
  },
  {
    activities:
      'Pose the task: "Maya has 12 stickers and gives away 3/4 of them. How many does she give away?" ' +
      'Key question: what does the 4 tell us?',
    responses:
      'Draws 12 circles and groups them in 4s (reads the 4 as the group size).\n' +
      '12 ÷ 4 = 3 without saying what 3 is.\nBar of 4 equal parts with 3 in each, shades 3 parts: 9.',
    support:
      'Do not correct grouping in 4s yet: ask "how many groups did you make? how many should there be?"',
    notice: 'How students represent “3/4 of” a set',
  },
  {
    activities: 'Students work in pairs; each pair draws a model on the whiteboard.',
    responses: 'Pairs where one partner does all the drawing.\nSome pairs try 3 × 12.',
    support: 'Prompt: "Explain your drawing to your partner before you write a number."',
    notice: 'Whether students explain their reasoning to a partner',
  },
  {
    activities:
      'Compare and discuss: put up a circles model, a 12 ÷ 4 model and a bar model. "Where is the 3/4 in each?"',
    responses: 'Students see the bar and the circles show the same 4 groups of 3.',
    support: 'Order the solutions from the circles to the bar; name each after its authors.',
    notice: 'Which models students connect, and in what words',
  },
  {
    activities: 'Summing up: "3/4 of 12 is 9 because…" Students finish the sentence in their journals.',
    responses: 'Most write "3 groups of 3". Some still write "12 − 3".',
    support: 'Collect the journals for the post-lesson discussion.',
    notice: '',
  },
];

const CASE_STUDENTS = [
  {
    pseudonym: 'Student A',
    watchFor: 'Draws before computing; watch whether she moves from groups of 4 to 4 groups.',
  },
  {
    pseudonym: 'Student B',
    watchFor: 'Computes quickly (12 ÷ 4); watch whether he can say what each number stands for.',
  },
];

/** Writes the demo plan, its case students and a findings draft for the cycle, once. */
export async function seedPlanDemo(db: Db, cycleId: string): Promise<void> {
  const { rows: done } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from inquiry_plans where cycle_id = ${cycleId}`,
  );
  if (done[0].n > 0) return;
  const { rows: team } = await db.execute<{ id: string }>(sql`
    select cm.user_id as id from inquiry_cycle_members cm join inquiry_cycles c on c.id = cm.cycle_id
     where cm.cycle_id = ${cycleId} order by (cm.user_id = c.facilitator_id) desc, cm.user_id`);
  if (team.length === 0) return;
  const planId = uuidv7();
  await db.execute(sql`
    insert into inquiry_plans (id, cycle_id, version, last_seq, bytes, created_by)
    values (${planId}, ${cycleId}, 1, 0, 0, ${team[0].id})`);

  // One update per member's part, as the plan was written by several people.
  const doc = new Y.Doc();
  const updates: { update: Uint8Array; author: string }[] = [];
  let current = team[0].id;
  doc.on('update', (update: Uint8Array) => updates.push({ update, author: current }));
  doc.transact(() => {
    planText(doc, 'title').insert(0, TITLE);
    planText(doc, 'goals').insert(0, GOALS);
  });
  for (const [i, part] of PARTS.entries()) {
    current = team[i % team.length].id;
    doc.transact(() => addPlanRow(doc, uuidv7(), part));
  }
  for (const [i, u] of updates.entries())
    await db.execute(sql`
      insert into inquiry_plan_updates (plan_id, seq, update, author_id)
      values (${planId}, ${i + 1}, ${Buffer.from(u.update)}, ${u.author})`);
  await db.execute(sql`
    update inquiry_plans set last_seq = ${updates.length},
      bytes = ${updates.reduce((n, u) => n + u.update.byteLength, 0)} where id = ${planId}`);

  for (const s of CASE_STUDENTS)
    await db.execute(sql`
      insert into inquiry_case_students (id, cycle_id, pseudonym, watch_for, created_by)
      values (${uuidv7()}, ${cycleId}, ${s.pseudonym}, ${s.watchFor}, ${team[0].id})`);

  await db.execute(sql`
    insert into inquiry_findings (cycle_id, student_thinking, teaching, updated_by)
    values (${cycleId},
      ${'Several students read the denominator as the size of each group before they read it as the number of groups. Drawing first helped: Student A corrected herself once she counted her groups.'},
      ${'Asking "how many groups should there be?" did more than telling. Next time: start from the bar model.'},
      ${team[team.length - 1].id})
    on conflict (cycle_id) do nothing`);
}
