/**
 * Lesson videos and their time-stamped comments at state scale (issue 16): 100,000 videos with
 * 1,000,000 comments in the state network, written in SQL district by district. Metadata rows only:
 * the video page reads rows (the video, its renditions, its comments with their authors, its
 * captions), never the files, so no file is written.
 *
 * One video in a hundred is a well-discussed lesson with 200 comments (the page the bench reads);
 * the others have 8 or 9. A third of comments are replies by the teacher; most are tagged to a focus,
 * a rubric row or a free tag. Each well-discussed video is shared with another teacher of the network, who wrote two thirds of its comments.
 * Only what is missing is written: a later run counts the bench's videos and adds the rest.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench_state npx tsx tests/bench/video.ts
 */
import pg from 'pg';
import { signIn } from './measure.ts';

/** Marks the bench's videos, so a later run finds them and writes only what is missing. */
const BENCH_TITLE = 'Bench lesson';
/**
 * A video's id from its number, as SQL: an md5 shaped as a version-4 uuid, so requests naming it pass
 * the API's uuid check and a later run finds the same video.
 */
const videoIdOf = (n: string) => {
  const h = `md5('bench-video-' || ${n})`;
  return `(substr(${h}, 1, 12) || '4' || substr(${h}, 14, 3) || '8' || substr(${h}, 18, 15))::uuid`;
};

/** Comments on a well-discussed video: the page the bench reads. */
export const HEAVY_COMMENTS = 200;
/** Every this many videos, one is well discussed. */
const HEAVY_EVERY = 100;

export interface VideoShape {
  videos: number;
  comments: number;
}

/** The shape, or a small one for the CI check. */
export const videoShape = (small: boolean): VideoShape =>
  small ? { videos: 2_000, comments: 20_000 } : { videos: 100_000, comments: 1_000_000 };

/**
 * Writes the bench's videos and comments that are not there yet, spread over every district's
 * active staff in proportion to its size. Returns the videos and comments written.
 */
export async function generateVideoComments(
  url: string,
  shape: VideoShape,
): Promise<{ videos: number; comments: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    // Videos of an earlier generation whose ids were not shaped as uuids the API accepts go first
    // (their renditions, grants and comments with them), so they are written again below.
    await client.query(`delete from videos where title like $1 and substr(id::text, 15, 1) <> '4'`, [
      `${BENCH_TITLE} %`,
    ]);
    const { rows: have } = await client.query<{ n: string }>(
      `select count(*) as n from videos where title like $1`,
      [`${BENCH_TITLE} %`],
    );
    const existing = Number(have[0].n);
    if (existing >= shape.videos) return { videos: 0, comments: 0, seconds: 0 };
    const heavyEvery = HEAVY_EVERY;
    // Comments on the other videos, so the total comes to the shape's (8 or 9 each at full size).
    const heavy = Math.floor(shape.videos / heavyEvery);
    const light = shape.videos - heavy;
    const lightTotal = shape.comments - heavy * HEAVY_COMMENTS;
    const lightBase = Math.floor(lightTotal / light);
    const lightExtra = lightTotal - lightBase * light;

    // The staff who own the videos: one video each, in a fixed order, numbered from 1.
    await client.query(`create temporary table bench_video_owners as
      select row_number() over (order by hashtext(u.id::text), u.id) as k, u.id as owner_id, u.district_id
        from users u where u.status = 'active' and u.district_id is not null`);
    const { rows: people } = await client.query<{ n: string }>(
      `select count(*) as n from bench_video_owners`,
    );
    const staff = Number(people[0].n);
    if (staff === 0) throw new Error('no active staff to own the bench videos: generate the network first');

    let videos = 0;
    let comments = 0;
    const batch = 10_000;
    for (let from = existing + 1; from <= shape.videos; from += batch) {
      const to = Math.min(shape.videos, from + batch - 1);
      await client.query('begin');
      const inserted = await client.query(
        `insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds, source_bytes,
                             consent_confirmed_at, consent_text, created_at, updated_at)
         select ${videoIdOf('n')}, o.owner_id, o.district_id,
                $1 || ' ' || n, 'ready', 100, 1200 + (n % 37) * 60, 400000000,
                now() - make_interval(days => (n % 700)::int), 'Bench consent',
                now() - make_interval(days => (n % 700)::int), now() - make_interval(days => (n % 700)::int)
           from generate_series($2::int, $3::int) as n
           join bench_video_owners o on o.k = 1 + (n - 1) % $4`,
        [BENCH_TITLE, from, to, staff],
      );
      videos += inserted.rowCount ?? 0;
      await client.query(
        `insert into video_renditions (id, video_id, kind, storage_key, byte_size, width, height)
         select gen_random_uuid(), ${videoIdOf('n')}, k.kind, 'videos/bench/' || n || '/' || k.kind, k.bytes, k.w, k.h
           from generate_series($1::int, $2::int) as n
          cross join (values ('720p', 300000000, 1280, 720), ('360p', 90000000, 640, 360),
                             ('poster', 60000, 1280, 720)) as k(kind, bytes, w, h)`,
        [from, to],
      );
      // A well-discussed video is shared with the teacher who wrote most of its comments.
      await client.query(
        `insert into video_grants (id, video_id, user_id, source, granted_by)
         select gen_random_uuid(), ${videoIdOf('n')}, c.owner_id, 'share', o.owner_id
           from generate_series($1::int, $2::int) as n
           join bench_video_owners o on o.k = 1 + (n - 1) % $3
           join bench_video_owners c on c.k = 1 + (n * 7919) % $3
          where n % $4 = 0 and c.owner_id <> o.owner_id`,
        [from, to, staff, heavyEvery],
      );
      const written = await client.query(
        `insert into video_comments (id, video_id, author_id, parent_id, at_seconds, tag_kind, tag_id, tag_label,
                                     body, created_at, updated_at)
         select gen_random_uuid(), ${videoIdOf('n')},
                case when i % 3 = 0 then o.owner_id else c.owner_id end,
                null,
                ((i * 13.7)::numeric % (1200 + (n % 37) * 60))::real,
                case i % 4 when 0 then 'focus' when 1 then 'rubric_row' when 2 then 'free' end,
                case i % 4 when 0 then 'focus' when 1 then '2b' when 2 then 'questioning' end,
                case i % 4 when 0 then 'Student discourse' when 1 then '2b Establishing a culture for learning'
                           when 2 then 'questioning' end,
                case i % 3 when 0 then 'Here I was trying to let the quieter table lead the discussion.'
                           when 1 then 'What did you notice when the students at the back started talking to each other?'
                           else 'What might happen if you waited three more seconds before calling on someone?' end,
                now() - make_interval(days => (n % 700)::int, secs => i),
                now() - make_interval(days => (n % 700)::int, secs => i)
           from generate_series($1::int, $2::int) as n
           join bench_video_owners o on o.k = 1 + (n - 1) % $3
           join bench_video_owners c on c.k = 1 + (n * 7919) % $3
          cross join lateral generate_series(1,
                case when n % $4 = 0 then $5::int
                     when n % $4 <> 0 and (n - n / $4) <= $7 then $6::int + 1
                     else $6::int end) as i`,
        [from, to, staff, heavyEvery, HEAVY_COMMENTS, lightBase, lightExtra],
      );
      comments += written.rowCount ?? 0;
      await client.query('commit');
    }
    await client.query('drop table bench_video_owners');
    await client.query('vacuum analyze videos, video_renditions, video_grants, video_comments');
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    console.log(
      `generated ${videos.toLocaleString('en-US')} videos with ${comments.toLocaleString('en-US')} comments in ${seconds} s`,
    );
    return { videos, comments, seconds };
  } finally {
    await client.end();
  }
}

/**
 * Sessions of the owners of `count` well-discussed videos (each with 200 comments), with the path of
 * each one's video page: the requests go round them, so each is another teacher's page.
 */
export async function signInVideoOwners(
  url: string,
  count: number,
): Promise<Array<{ cookie: string; path: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The well-discussed videos are every hundredth the generator wrote, their ids made from their number.
    const { rows } = await client.query<{ id: string; owner_id: string }>(
      `select v.id, v.owner_id from generate_series(1, $1::int) as i
         join videos v on v.id = ${videoIdOf('(i * $2)')}
        order by i`,
      [count, HEAVY_EVERY],
    );
    const owners: Array<{ cookie: string; path: string }> = [];
    for (const row of rows)
      owners.push({ cookie: await signIn(client, row.owner_id), path: `/api/videos/${row.id}` });
    return owners;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names the database to fill');
  const result = await generateVideoComments(url, videoShape(process.env.BENCH_SMALL === '1'));
  console.log(JSON.stringify(result));
}
