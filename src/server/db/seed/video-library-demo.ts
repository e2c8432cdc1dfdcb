import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Storage } from '#server/platform/storage.ts';
import { ffmpeg, mp4, TITLE } from './video-coaching-demo.ts';

/**
 * The demo's community video library (issue 16, decision 078): the teacher of the video coaching
 * demo shares the partner-talk moment of her lesson (0:04–0:09) as an exemplar with a community she
 * belongs to (the one with the most members of other districts; in the demo, her district's
 * fractions lesson study), its comments hidden. The clip is cut here as the
 * `video.clip` job cuts it, so its members play those five seconds and never the whole lesson.
 * Written once; a demo seeded before the library existed gains it.
 */

const CLIP = { start: 4, end: 9 };
const CLIP_TITLE = 'Partner talk that gets every pair speaking';

export async function seedVideoLibraryDemo(db: Db, storage: Storage | undefined): Promise<void> {
  if (!storage) return;
  const { rows: done } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from community_video_clips where title = ${CLIP_TITLE}`,
  );
  if (done[0].n > 0) return;
  // The lesson, and the teacher's community with the most members of other districts.
  const { rows } = await db.execute<{
    video_id: string;
    owner_id: string;
    key: string;
    community_id: string | null;
  }>(sql`
    select v.id as video_id, v.owner_id, r.storage_key as key,
           (select m.community_id from community_members m join communities c on c.id = m.community_id
             where m.user_id = v.owner_id and m.status = 'active'
             order by (select count(*) from community_members o join users u on u.id = o.user_id
                        where o.community_id = c.id and o.status = 'active' and u.district_id <> v.district_id) desc,
                      c.created_at, c.id
             limit 1) as community_id
      from videos v join video_renditions r on r.video_id = v.id and r.kind = '720p'
     where v.title = ${TITLE}
     order by v.created_at limit 1`);
  const lesson = rows[0];
  if (!lesson?.community_id) return;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-demo-clip-'));
  let clip: Buffer;
  try {
    const lessonFile = await storage.get(lesson.key);
    if (!lessonFile) return;
    await pipeline(lessonFile.stream, createWriteStream(path.join(dir, 'lesson.mp4')));
    await ffmpeg([
      '-ss',
      String(CLIP.start),
      '-i',
      path.join(dir, 'lesson.mp4'),
      '-t',
      String(CLIP.end - CLIP.start),
      ...mp4('1280:720'),
      path.join(dir, 'clip.mp4'),
    ]);
    clip = await readFile(path.join(dir, 'clip.mp4'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Named by its range, as the video feature names a clip's file.
  const key = `videos/${lesson.video_id}/clip-${CLIP.start * 1000}-${CLIP.end * 1000}.mp4`;
  await storage.put(key, clip);

  const clipId = uuidv7();
  const grantId = uuidv7();
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into video_grants (id, video_id, community_id, clip_start, clip_end, hide_comments, may_comment, source, granted_by)
      values (${grantId}, ${lesson.video_id}, ${lesson.community_id}, ${CLIP.start}, ${CLIP.end}, true, false,
              ${`library:${clipId}`}, ${lesson.owner_id})`);
    await tx.execute(sql`
      insert into video_renditions (id, video_id, kind, grant_id, storage_key, byte_size, width, height)
      values (${uuidv7()}, ${lesson.video_id}, 'clip', ${grantId}, ${key}, ${clip.length}, 1280, 720)`);
    await tx.execute(sql`
      insert into community_video_clips (id, video_id, community_id, shared_by, title, note, clip_start, clip_end,
                                         hide_comments, grant_id)
      values (${clipId}, ${lesson.video_id}, ${lesson.community_id}, ${lesson.owner_id}, ${CLIP_TITLE},
              'Watch how quickly the pairs turn to each other after the prompt, and what the prompt asks them to explain.',
              ${CLIP.start}, ${CLIP.end}, true, ${grantId})`);
  });
}
