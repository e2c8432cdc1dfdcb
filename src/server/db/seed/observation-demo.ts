import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Storage } from '#server/platform/storage.ts';

/**
 * The demo lesson study's Teach and observe phase: the research lesson taught last week in a room of
 * the facilitator's school, observers on two case students and a group, and the notes they took on
 * their phones, tagged to the plan's points to notice, with a photo of one student's bar model.
 * Written once, for the lesson study the inquiry demo made.
 */

const OBSERVED = 'https://trellis.dev/xapi/verbs/observed';

/** A student's bar model for 3/4 of 12, drawn as the photo of student work. */
async function barModelPhoto(): Promise<{ data: Buffer; width: number; height: number }> {
  const cells = Array.from(
    { length: 4 },
    (_, i) =>
      `<rect x="${60 + i * 120}" y="90" width="120" height="80" fill="${i < 3 ? '#f4c542' : '#fff'}" stroke="#223" stroke-width="4"/>` +
      `<text x="${120 + i * 120}" y="140" font-size="30" text-anchor="middle" font-family="sans-serif">3</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="320">
    <rect width="600" height="320" fill="#fdfcf5"/>
    <text x="60" y="60" font-size="28" font-family="sans-serif">3/4 of 12 = ?</text>
    ${cells}
    <text x="60" y="240" font-size="28" font-family="sans-serif">3 + 3 + 3 = 9</text>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .jpeg({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function seedObservationDemo(
  db: Db,
  storage: Storage | undefined,
  cycleId: string,
): Promise<void> {
  const { rows: done } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from inquiry_observation_notes where cycle_id = ${cycleId}`,
  );
  if (done[0].n > 0) return;
  const { rows: cycleRows } = await db.execute<{
    title: string;
    community_id: string;
    facilitator_id: string;
  }>(sql`select title, community_id, facilitator_id from inquiry_cycles where id = ${cycleId}`);
  const cycle = cycleRows[0];
  if (!cycle) return;
  const { rows: team } = await db.execute<{
    id: string;
    name: string;
    district_id: string;
    school_id: string | null;
  }>(sql`
    select u.id, u.name, u.district_id,
           (select m.organization_id from memberships m join organizations o on o.id = m.organization_id
             where m.user_id = u.id and o.kind = 'school' limit 1) as school_id
      from inquiry_cycle_members cm join users u on u.id = cm.user_id
     where cm.cycle_id = ${cycleId}
     order by (u.id = ${cycle.facilitator_id}) desc, u.id`);
  if (team.length < 2) return;
  const facilitator = team[0];
  // Those the reflection names as observers when it has roles (the teacher who taught does not
  // observe her own lesson); otherwise everyone on the team but the facilitator.
  const { rows: named } = await db.execute<{ user_id: string }>(sql`
    select user_id from inquiry_reflection_roles where cycle_id = ${cycleId} and role = 'observer'`);
  const roles = new Set(named.map((row) => row.user_id));
  const observers = roles.size > 0 ? team.filter((m) => roles.has(m.id)) : team.slice(1);
  if (observers.length === 0) return;

  // Last week, at ten, for fifty minutes.
  const startsAt = new Date();
  startsAt.setUTCDate(startsAt.getUTCDate() - 7);
  startsAt.setUTCHours(15, 0, 0, 0);
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
  await db.execute(sql`
    insert into inquiry_research_lessons (cycle_id, starts_at, ends_at, mode, place, updated_by)
    values (${cycleId}, ${startsAt}, ${at(50)}, 'in_person', 'Room 12, grade 5', ${facilitator.id})
    on conflict (cycle_id) do nothing`);

  const focus = [
    { kind: 'case_student', focus: 'Student A' },
    { kind: 'case_student', focus: 'Student B' },
    { kind: 'group', focus: 'Table 3' },
  ];
  for (const [i, observer] of observers.entries()) {
    const f = focus[i % focus.length];
    await db.execute(sql`
      insert into inquiry_observer_assignments (id, cycle_id, observer_id, focus_kind, focus)
      values (${uuidv7()}, ${cycleId}, ${observer.id}, ${f.kind}, ${f.focus}) on conflict do nothing`);
  }

  const noticeRepresent = 'How students represent “3/4 of” a set';
  const noticeTalk = 'Whether students explain their reasoning to a partner';
  const notes = [
    [
      0,
      6,
      'Student A',
      'Read the task twice, then drew 12 circles in a row before doing anything else.',
      [noticeRepresent],
    ],
    [
      0,
      14,
      'Student A',
      'Circled groups of 4 at first (“because it says 4”), then crossed them out and made 4 groups of 3.',
      [noticeRepresent],
    ],
    [
      1 % observers.length,
      9,
      'Student B',
      'Wrote 12 ÷ 4 = 3 straight away but could not say what the 3 stood for.',
      [noticeRepresent],
    ],
    [
      2 % observers.length,
      21,
      'Table 3',
      'Partner asked “why did you colour three boxes?” — answer: “because the top number is 3”. Both nodded.',
      [noticeTalk],
    ],
    [
      0,
      33,
      'Student A',
      'Explained her bar model to Student B unprompted: “each box is one fourth, so it’s 3 in each”.',
      [noticeRepresent, noticeTalk],
    ],
  ] as const;
  const photoNote = { id: '', author: observers[0] };
  for (const [who, minute, about, body, points] of notes) {
    const author = observers[who];
    const id = uuidv7();
    if (minute === 33) photoNote.id = id;
    await db.execute(sql`
      insert into inquiry_observation_notes (id, cycle_id, author_id, observed_at, body, focus, points_to_notice)
      values (${id}, ${cycleId}, ${author.id}, ${at(minute)}, ${body}, ${about}, ${sql.param([...points])}::text[])`);
  }
  if (storage && photoNote.id) {
    const photo = await barModelPhoto();
    const photoId = uuidv7();
    const key = `observations/${cycleId}/${photoId}.jpg`;
    await storage.put(key, photo.data);
    await db.execute(sql`
      insert into inquiry_observation_photos (id, cycle_id, author_id, note_id, storage_key, width, height, byte_size, taken_at)
      values (${photoId}, ${cycleId}, ${photoNote.author.id}, ${photoNote.id}, ${key}, ${photo.width}, ${photo.height},
              ${photo.data.length}, ${at(34)})`);
  }
  // Each observer observed the lesson: in their learning log as an hour.
  const writers = new Set(notes.map(([who]) => who));
  await db.transaction(async (tx) => {
    for (const who of writers) {
      const observer = observers[who];
      await recordActivity(tx, {
        actor: {
          userId: observer.id,
          name: observer.name,
          districtId: observer.district_id,
          schoolId: observer.school_id,
        },
        verb: OBSERVED,
        object: { type: 'research_lesson', id: cycleId, name: cycle.title },
        context: { communityId: cycle.community_id },
      });
    }
  });
}
