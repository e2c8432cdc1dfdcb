import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Storage } from '#server/platform/storage.ts';

/**
 * The demo's video coaching (issue 16): a Cedar Hollow teacher's coaching cycle on student discourse
 * with the instructional coach of Pine Ridge, another district. Her short lesson video (a test
 * pattern with a tone, made with ffmpeg as the demo is seeded, in both sizes with a poster frame and
 * captions) carries the coach's time-stamped, tagged comments and her replies; the post-conference
 * agreed three follow-up actions, one done. Her district's video policy keeps videos two years.
 * Written once.
 */

const LESSON_SECONDS = 24;
export const TITLE = 'Fractions on a number line — period 3';

const require = createRequire(import.meta.url);

export function ffmpeg(args: string[]): Promise<void> {
  const binary = require.resolve('@ffmpeg-installer/linux-x64/ffmpeg');
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-nostdin', '-y', '-loglevel', 'error', '-threads', '1', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`)),
    );
  });
}

/** ffmpeg's output options for a demo rendition: H.264/AAC MP4 with fast start at `size` (`1280:720`). */
export const mp4 = (size: string) => [
  '-vf',
  `scale=${size}`,
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-crf',
  '32',
  '-pix_fmt',
  'yuv420p',
  '-c:a',
  'aac',
  '-b:a',
  '64k',
  '-movflags',
  '+faststart',
  '-shortest',
];

/** The lesson's renditions: H.264/AAC MP4 with fast start at two sizes, and a poster frame. */
async function makeLesson(): Promise<Record<'720p' | '360p' | 'poster', Buffer>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-demo-video-'));
  try {
    const source = [
      '-f',
      'lavfi',
      '-i',
      `testsrc2=duration=${LESSON_SECONDS}:size=1280x720:rate=24`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=330:beep_factor=2:duration=${LESSON_SECONDS}`,
    ];
    await ffmpeg([...source, ...mp4('1280:720'), path.join(dir, '720p.mp4')]);
    await ffmpeg([...source, ...mp4('640:360'), path.join(dir, '360p.mp4')]);
    await ffmpeg([
      '-ss',
      '3',
      '-i',
      path.join(dir, '720p.mp4'),
      '-frames:v',
      '1',
      '-q:v',
      '4',
      path.join(dir, 'poster.jpg'),
    ]);
    return {
      '720p': await readFile(path.join(dir, '720p.mp4')),
      '360p': await readFile(path.join(dir, '360p.mp4')),
      poster: await readFile(path.join(dir, 'poster.jpg')),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CUES = [
  { start: 0, end: 4, text: 'Today we are placing fractions on a number line.' },
  { start: 4, end: 9, text: 'Turn to your partner: where does three quarters go, and how do you know?' },
  { start: 9, end: 15, text: 'Maya says it is between one half and one. Who agrees, and why?' },
  { start: 15, end: 20, text: 'Let us hear from this table: what did you notice about the quarters?' },
  { start: 20, end: 24, text: 'Write one sentence in your journal about what you noticed.' },
];

const vtt = () =>
  `WEBVTT\n\n${CUES.map((c, i) => `${i + 1}\n00:00:${String(c.start).padStart(2, '0')}.000 --> 00:00:${String(c.end).padStart(2, '0')}.000\n${c.text}`).join('\n\n')}\n`;

/** Seeds the demo's video coaching once; nothing without a storage for the video's files. */
export async function seedVideoCoachingDemo(
  db: Db,
  storage: Storage | undefined,
  districtName: string,
): Promise<void> {
  if (!storage) return;
  const { rows: done } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from videos where title = ${TITLE}`,
  );
  if (done[0].n > 0) return;
  // The district's first teacher (a demo account) and the coach of the second district.
  const { rows: people } = await db.execute<{
    role: string;
    id: string;
    district_id: string;
    name: string;
  }>(sql`
    (select 'teacher' as role, u.id, u.district_id, u.name
       from users u join organizations d on d.id = u.district_id
       join memberships m on m.user_id = u.id and m.organization_id = d.id and m.role = 'teacher'
      where d.name = ${districtName} and u.email not like 'network.admin@%'
      order by u.id limit 1)
    union all
    (select 'coach', u.id, u.district_id, u.name
       from users u join memberships m on m.user_id = u.id and m.role = 'coach'
       join organizations d on d.id = m.organization_id and d.kind = 'district'
      where d.name <> ${districtName}
      order by d.name = 'Pine Ridge Unified' desc, u.id limit 1)`);
  const teacher = people.find((p) => p.role === 'teacher');
  const coach = people.find((p) => p.role === 'coach');
  if (!teacher || !coach) return;

  const files = await makeLesson();
  const videoId = uuidv7();
  const keys = {
    '720p': `videos/${videoId}/720p.mp4`,
    '360p': `videos/${videoId}/360p.mp4`,
    poster: `videos/${videoId}/poster.jpg`,
  } as const;
  for (const kind of ['720p', '360p', 'poster'] as const) await storage.put(keys[kind], files[kind]);

  const cycleId = uuidv7();
  const observationId = uuidv7();
  const day = (offset: number) => {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const ago = (days: number, minutes = 0) =>
    new Date(Date.now() - days * 86_400_000 + minutes * 60_000).toISOString();

  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into district_video_policies (district_id, video_allowed, share_across_districts, retention_days, updated_at)
      values (${teacher.district_id}, true, true, 730, now())
      on conflict (district_id) do nothing`);
    await tx.execute(sql`
      insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds, source_bytes,
                          consent_confirmed_at, consent_text, created_at, updated_at)
      values (${videoId}, ${teacher.id}, ${teacher.district_id}, ${TITLE}, 'ready', 100, ${LESSON_SECONDS},
              ${files['720p'].length}, ${ago(9)},
              'I confirm that this recording follows my district’s consent rules for the students and adults it shows, and that I will keep it private unless I choose to share it.',
              ${ago(9)}, ${ago(9)})`);
    for (const [kind, width, height] of [
      ['720p', 1280, 720],
      ['360p', 640, 360],
      ['poster', 1280, 720],
    ] as const)
      await tx.execute(sql`
        insert into video_renditions (id, video_id, kind, storage_key, byte_size, width, height)
        values (${uuidv7()}, ${videoId}, ${kind}, ${keys[kind]}, ${files[kind].length}, ${width}, ${height})`);
    await tx.execute(sql`
      insert into video_captions (video_id, language, vtt, cues, source, updated_by)
      values (${videoId}, 'en', ${vtt()}, ${JSON.stringify(CUES)}::jsonb, 'upload', ${teacher.id})`);

    // The cycle: invited coach, both conferences, the video observation, two follow-up actions.
    await tx.execute(sql`
      insert into coaching_cycles (id, teacher_id, district_id, title, focus_kind, focus_label, phase, created_at, updated_at)
      values (${cycleId}, ${teacher.id}, ${teacher.district_id}, 'Getting every table talking about fractions',
              'text', 'Student discourse', 'follow_up', ${ago(14)}, ${ago(2)})`);
    await tx.execute(sql`
      insert into coaching_cycle_members (cycle_id, user_id, role, invited_by, created_at)
      values (${cycleId}, ${teacher.id}, 'teacher', null, ${ago(14)}),
             (${cycleId}, ${coach.id}, 'coach', ${teacher.id}, ${ago(14)})`);
    await tx.execute(sql`
      insert into coaching_conferences (id, cycle_id, kind, held_on, minutes, goal, look_fors, notes, updated_by)
      values (gen_random_uuid(), ${cycleId}, 'pre', ${day(-12)}, 30,
              'More students explain their reasoning to each other, not only to me.',
              'Who talks after a turn-and-talk prompt; how long I wait; whether students build on each other.',
              'We agreed I would record period 3 and share it before we meet.', ${teacher.id}),
             (gen_random_uuid(), ${cycleId}, 'post', ${day(-2)}, 40, '', '',
              'The partner talk at 0:04 worked; the whole-class share at 0:15 went to the same three students. Try talk moves and a longer wait.',
              ${coach.id})`);
    await tx.execute(sql`
      insert into coaching_observations (id, cycle_id, observer_id, kind, title, video_id, started_at, minutes, completed_at)
      values (${observationId}, ${cycleId}, ${coach.id}, 'video', ${TITLE}, ${videoId}, ${ago(6)}, 25, ${ago(6, 25)})`);
    await tx.execute(sql`
      insert into coaching_actions (id, cycle_id, title, owner_id, due_on, done_at, created_by)
      values (gen_random_uuid(), ${cycleId}, 'Use the “who agrees, and why?” talk move in every whole-class share', ${teacher.id}, ${day(7)}, null, ${coach.id}),
             (gen_random_uuid(), ${cycleId}, 'Count to five before calling on anyone, and note who answers', ${teacher.id}, ${day(-1)}, ${ago(1)}, ${coach.id}),
             (gen_random_uuid(), ${cycleId}, 'Send two articles on accountable talk', ${coach.id}, ${day(3)}, null, ${teacher.id})`);

    // The coach may watch and comment on the whole lesson through the cycle.
    await tx.execute(sql`
      insert into video_grants (id, video_id, user_id, may_comment, source, granted_by, created_at)
      values (${uuidv7()}, ${videoId}, ${coach.id}, true, ${`coaching:${cycleId}`}, ${teacher.id}, ${ago(9)})`);
    const comments = [
      {
        by: coach,
        at: 4.5,
        tag: 'Student discourse',
        body: 'What did you notice when you gave them the partner prompt here? Nearly every pair turned to talk within two seconds.',
      },
      {
        by: coach,
        at: 11,
        tag: 'Student discourse',
        body: 'What might happen if you asked Maya’s table to say who they agree with before you confirm the answer?',
      },
      {
        by: coach,
        at: 16.5,
        tag: 'Student discourse',
        body: 'I wonder why the same three students answered in the whole-class share. How did the others respond when you called on this table?',
      },
    ];
    let parent: string | null = null;
    for (const [i, c] of comments.entries()) {
      const id = uuidv7();
      if (i === 2) parent = id;
      await tx.execute(sql`
        insert into video_comments (id, video_id, author_id, parent_id, at_seconds, tag_kind, tag_id, tag_label, body, created_at, updated_at)
        values (${id}, ${videoId}, ${c.by.id}, null, ${c.at}, 'focus', 'focus', ${c.tag}, ${c.body}, ${ago(6, i * 5)}, ${ago(6, i * 5)})`);
    }
    await tx.execute(sql`
      insert into video_comments (id, video_id, author_id, parent_id, at_seconds, tag_kind, tag_id, tag_label, body, created_at, updated_at)
      values (${uuidv7()}, ${videoId}, ${teacher.id}, ${parent}, 16.5, null, null, null,
              'They were the ones who finished the journal first. Next time I will ask a table that has not spoken yet.',
              ${ago(5)}, ${ago(5)})`);
  });
}
