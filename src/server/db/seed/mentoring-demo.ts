import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { MEETING_OBJECT, MENTORED, RECEIVED_MENTORING } from '#server/features/mentoring/activity.ts';
import { recordActivity } from '#server/platform/activity.ts';

/**
 * The demo's mentoring (issue 18): experienced teachers across the network offer to mentor; a new
 * teacher of the first district is mentored by a teacher of Pine Ridge (another district, approved by
 * her district) and the two have met twice, which shows in both learning logs; a second new teacher
 * of the first district waits for a mentor, for its coordinator to match; a pair elsewhere has not
 * met in over a month (stalled). Written once.
 */
export async function seedMentoringDemo(db: Db, districtName: string): Promise<void> {
  const { rows: done } = await db.execute<{ n: number }>(sql`select count(*)::int as n from mentor_profiles`);
  if (done[0].n > 0) return;
  await db.transaction(async (tx) => {
    // Experienced teachers open to mentoring offer two places each.
    await tx.execute(sql`
      insert into mentor_profiles (user_id, district_id, capacity, accepting, meeting_modes, topics, availability)
      select u.id, u.district_id, 2, true,
             case when row_number() over (order by u.id) % 2 = 0 then '{online}'::text[] else '{either}'::text[] end,
             p.expertise[1:2], 'After school on Tuesdays and Thursdays'
        from users u join profiles p on p.user_id = u.id
        join memberships m on m.user_id = u.id and m.organization_id = u.district_id and m.role = 'teacher'
       where p.open_to_mentoring and u.status = 'active'`);
    const { rows: people } = await tx.execute<{
      role: string;
      id: string;
      name: string;
      district_id: string;
      school_id: string | null;
      subject: string;
      grade_band: string;
    }>(sql`
      (select 'mentee' as role, u.id, u.name, u.district_id, p.school_id, p.subjects[1] as subject, p.grade_bands[1] as grade_band
         from users u join profiles p on p.user_id = u.id join organizations d on d.id = u.district_id
         join memberships m on m.user_id = u.id and m.organization_id = d.id and m.role = 'teacher'
        where d.name = ${districtName} and not p.open_to_mentoring
        order by p.seeking_mentor desc, p.years_in_education, u.id limit 2)
      union all
      (select 'mentor', u.id, u.name, u.district_id, p.school_id, p.subjects[1], p.grade_bands[1]
         from mentor_profiles mp join users u on u.id = mp.user_id join profiles p on p.user_id = u.id
         join organizations d on d.id = u.district_id
        where d.name = 'Pine Ridge Unified' order by u.id limit 1)
      union all
      (select 'stalled_mentor', u.id, u.name, u.district_id, p.school_id, p.subjects[1], p.grade_bands[1]
         from mentor_profiles mp join users u on u.id = mp.user_id join profiles p on p.user_id = u.id
         join organizations d on d.id = u.district_id
        where d.name = 'Willow Creek Public Schools' order by u.id limit 1)
      union all
      (select 'stalled_mentee', u.id, u.name, u.district_id, p.school_id, p.subjects[1], p.grade_bands[1]
         from users u join profiles p on p.user_id = u.id join organizations d on d.id = u.district_id
        where d.name = 'Willow Creek Public Schools' and not p.open_to_mentoring
        order by p.seeking_mentor desc, p.years_in_education, u.id limit 1)`);
    const [nia, waiting] = people.filter((p) => p.role === 'mentee');
    const mentor = people.find((p) => p.role === 'mentor');
    if (!nia || !mentor) return;
    const { rows: admins } = await tx.execute<{ id: string }>(sql`
      select m.user_id as id from memberships m where m.organization_id = ${nia.district_id} and m.role = 'district_admin' limit 1`);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

    const pair = async (
      mentee: (typeof people)[number],
      mentorOf: (typeof people)[number],
      startedDaysAgo: number,
      approver: string | null,
    ) => {
      const requestId = uuidv7();
      const id = uuidv7();
      await tx.execute(sql`
        insert into mentoring_requests (id, mentee_id, district_id, subject, grade_band, topics, meeting_mode, note, status, created_at)
        values (${requestId}, ${mentee.id}, ${mentee.district_id}, ${mentee.subject ?? 'Science'}, ${mentee.grade_band ?? '6-8'},
                '{classroom management}', 'online', 'First year in my own classroom.', 'matched', ${ago(startedDaysAgo + 3)})`);
      await tx.execute(sql`
        insert into mentorships (id, request_id, mentee_id, mentor_id, mentee_district_id, mentor_district_id, status,
                                 score, reasons, proposed_by, confirmed_by, confirmed_at, approved_by, approved_at, created_at)
        values (${id}, ${requestId}, ${mentee.id}, ${mentorOf.id}, ${mentee.district_id}, ${mentorOf.district_id}, 'active',
                70, ${JSON.stringify([
                  { factor: 'subject', weight: 30, fit: 1, points: 30 },
                  { factor: 'meetingMode', weight: 10, fit: 1, points: 10 },
                  { factor: 'load', weight: 10, fit: 1, points: 10 },
                  { factor: 'topics', weight: 20, fit: 1, points: 20 },
                ])}::jsonb,
                ${approver}, ${approver}, ${ago(startedDaysAgo)}, ${approver}, ${ago(startedDaysAgo)}, ${ago(startedDaysAgo)})`);
      return id;
    };

    const approver = admins[0]?.id ?? null;
    const mentorshipId = await pair(nia, mentor, 21, approver);
    await tx.execute(sql`
      insert into mentorship_goals (id, mentorship_id, title, done_at, created_by)
      values (${uuidv7()}, ${mentorshipId}, 'Calm, quick starts to every lesson', ${ago(5)}, ${nia.id}),
             (${uuidv7()}, ${mentorshipId}, 'One parent call a week that is good news', null, ${nia.id})`);
    const meetings = [
      {
        offset: -14,
        minutes: 45,
        notes: 'Talked through the first ten minutes of class; try a do-now on the board.',
      },
      {
        offset: -4,
        minutes: 30,
        notes: 'The do-now works on Mondays; Fridays are still loud. Next: seating.',
      },
    ];
    for (const meeting of meetings) {
      const id = uuidv7();
      await tx.execute(sql`
        insert into mentorship_meetings (id, mentorship_id, held_on, minutes, notes, logged_by)
        values (${id}, ${mentorshipId}, ${day(meeting.offset)}, ${meeting.minutes}, ${meeting.notes}, ${mentor.id})`);
      const object = { type: MEETING_OBJECT, id, name: `Mentoring meeting on ${day(meeting.offset)}` };
      const result = { duration: `PT${meeting.minutes}M`, completion: true };
      for (const [person, verb] of [
        [mentor, MENTORED],
        [nia, RECEIVED_MENTORING],
      ] as const)
        await recordActivity(tx, {
          actor: {
            userId: person.id,
            name: person.name,
            districtId: person.district_id,
            schoolId: person.school_id,
          },
          verb,
          object,
          result,
        });
    }
    await tx.execute(sql`
      insert into mentorship_check_ins (id, mentorship_id, author_id, rating, body)
      values (${uuidv7()}, ${mentorshipId}, ${nia.id}, 4, 'Mornings feel calmer. I would like to see a lesson of yours.')`);

    if (waiting)
      await tx.execute(sql`
        insert into mentoring_requests (id, mentee_id, district_id, subject, grade_band, topics, meeting_mode, note)
        values (${uuidv7()}, ${waiting.id}, ${waiting.district_id}, ${waiting.subject ?? 'Mathematics'},
                ${waiting.grade_band ?? '3-5'}, '{formative assessment}', 'either',
                'I am the only teacher of my grade in the building.')`);

    const stalledMentor = people.find((p) => p.role === 'stalled_mentor');
    const stalledMentee = people.find((p) => p.role === 'stalled_mentee');
    if (stalledMentor && stalledMentee && stalledMentor.id !== stalledMentee.id)
      await pair(stalledMentee, stalledMentor, 45, null);
  });
}
