import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';

const MINUTE = 60_000;

/** Who says what, minutes ago, in a demo conversation: 0 is the demo teacher, 1… the others. */
type Line = [speaker: number, minutesAgo: number, text: string];

const MENTORING: Line[] = [
  [
    0,
    60 * 50,
    'Hi! I saw on your profile that you are open to mentoring. I am in my second year teaching math and would love to ask about **number talks**.',
  ],
  [
    1,
    60 * 49,
    'Happy to help. Number talks changed my mornings: ten minutes, one problem, every strategy on the board. What grade do you teach?',
  ],
  [0, 60 * 47, 'Grades 6 and 7. My students freeze when I ask for a second strategy.'],
  [
    1,
    60 * 26,
    'That is normal at first. Try a _dot image_ before numbers: nobody can be wrong about how they counted dots. I can share the sequence I use.',
  ],
  [
    1,
    35,
    'Here is the sequence, in our network library under "Dot talks, weeks 1–4". Shall we talk on Thursday after school?',
  ],
];

const TEAM: Line[] = [
  [1, 60 * 30, 'Welcome to our lesson-study team thread! Our research lesson is on comparing fractions.'],
  [2, 60 * 29, 'I can teach it on the 14th, period 3. Who can observe?'],
  [0, 60 * 28, 'I can observe in person. I will bring the student-thinking observation sheet.'],
  [1, 90, 'Great. Please each add one question you want the observers to look for.'],
];

async function insertConversation(tx: Tx, people: string[], lines: Line[], readBy: number[]): Promise<void> {
  const id = uuidv7();
  const now = Date.now();
  const last = new Date(now - Math.min(...lines.map((l) => l[1])) * MINUTE).toISOString();
  await tx.execute(sql`insert into conversations (id, created_by, last_message_at, created_at)
    values (${id}, ${people[0]}, ${last}, ${new Date(now - lines[0][1] * MINUTE).toISOString()})`);
  for (const [speaker, minutesAgo, text] of lines) {
    const rendered = renderMarkdown(text);
    await tx.execute(sql`
      insert into messages (id, conversation_id, sender_id, sender_district_id, body_md, body_html, body_text, created_at)
      select ${uuidv7()}, ${id}, u.id, u.district_id, ${text}, ${rendered.html}, ${rendered.text},
             ${new Date(now - minutesAgo * MINUTE).toISOString()}
        from users u where u.id = ${people[speaker]}`);
  }
  // Everyone has read up to their own last message, some to the end; the rest is unread.
  for (const [index, userId] of people.entries()) {
    const own = lines.filter((l) => l[0] === index).map((l) => l[1]);
    const readAt = readBy.includes(index)
      ? Math.min(...lines.map((l) => l[1]))
      : Math.min(...own, lines[0][1]);
    const unread = lines.filter((l) => l[1] < readAt && l[0] !== index).length;
    await tx.execute(sql`
      insert into conversation_participants (conversation_id, user_id, last_message_at, last_read_at, unread_count, joined_at)
      values (${id}, ${userId}, ${last}, ${new Date(now - readAt * MINUTE).toISOString()}, ${unread},
              ${new Date(now - lines[0][1] * MINUTE).toISOString()})`);
  }
}

/**
 * Direct messages for the demo district's first teachers: a mentoring conversation with a teacher
 * of another district in the network, its newest message unread, and a lesson-study group. Written
 * once; a demo that already has conversations keeps them.
 */
export async function seedMessagesDemo(db: Db, districtName: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows: any } = await tx.execute(sql`select 1 from conversations limit 1`);
    if (any.length) return;
    const { rows: district } = await tx.execute<{ id: string }>(sql`
      select id from organizations where kind = 'district' and name = ${districtName} limit 1`);
    if (!district[0]) return;
    const teachersOf = async (where: ReturnType<typeof sql>, limit: number) =>
      (
        await tx.execute<{ id: string }>(sql`
          select u.id from users u
            join memberships m on m.user_id = u.id and m.organization_id = u.district_id and m.role = 'teacher'
           where u.status = 'active' and ${where}
           order by u.id limit ${limit}`)
      ).rows.map((r) => r.id);
    const home = await teachersOf(sql`u.district_id = ${district[0].id}`, 3);
    const mentors = await teachersOf(
      sql`u.district_id <> ${district[0].id} and u.district_id in (
        select b.district_id from network_districts a join network_districts b on b.network_id = a.network_id
         where a.district_id = ${district[0].id})`,
      3,
    );
    if (home.length < 3 || mentors.length < 3) return;
    await tx.execute(
      sql`update profiles set open_to_mentoring = true where user_id = any(${sql.param(mentors)}::uuid[])`,
    );
    for (const [i, teacher] of home.entries())
      await insertConversation(tx, [teacher, mentors[i]], MENTORING, []);
    await insertConversation(tx, [home[0], mentors[1], home[1]], TEAM, [1]);
  });
}
