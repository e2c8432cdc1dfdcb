import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo’s video coaching', () => {
  it('shows a teacher her lesson video, playable, with a coach of another district’s time-stamped comments, once', {
    timeout: 180_000,
  }, async () => {
    const db = t.database.db;
    expect(await seedDemo(db, t.app.storage)).not.toBeNull();
    const { rows } = await db.execute<{
      id: string;
      owner_id: string;
      coach: string;
      coach_district: string;
      district_id: string;
    }>(sql`
      select v.id, v.owner_id, v.district_id, g.user_id as coach, u.district_id as coach_district
        from videos v join video_grants g on g.video_id = v.id join users u on u.id = g.user_id
       where g.user_id is not null`);
    expect(rows).toHaveLength(1);
    const video = rows[0];
    expect(video.coach_district).not.toBe(video.district_id);

    const teacher = await signedIn(t, video.owner_id);
    const page = (await teacher.get(`/api/videos/${video.id}`)).json();
    expect(page.data.status).toBe('ready');
    expect(page.data.comments.filter((c: { tag: unknown }) => c.tag)).toHaveLength(3);
    expect(page.data.captions.cues.length).toBeGreaterThan(3);
    const playback = await teacher.post(`/api/videos/${video.id}/playback`, {});
    expect(playback.statusCode).toBe(200);
    const url = new URL(playback.json().data.sources[0].url, 'http://localhost').pathname;
    const range = await teacher.request({ method: 'GET', url, headers: { range: 'bytes=0-99' } });
    expect(range.statusCode).toBe(206);

    const coach = await signedIn(t, video.coach);
    expect((await coach.get(`/api/videos/${video.id}`)).statusCode).toBe(200);
    const { rows: actions } = await db.execute<{ done: boolean }>(sql`
      select done_at is not null as done from coaching_actions a join coaching_cycles c on c.id = a.cycle_id
       where c.teacher_id = ${video.owner_id}`);
    expect(actions.map((a) => a.done).sort()).toEqual([false, false, true]);

    // The teacher shared a moment of it with her community: another member plays the clip alone.
    const { rows: library } = await db.execute<{ community_id: string; member: string }>(sql`
      select c.community_id, m.user_id as member
        from community_video_clips c
        join community_members m on m.community_id = c.community_id and m.status = 'active'
       where c.video_id = ${video.id} and c.revoked_at is null and m.user_id <> ${video.owner_id}
       limit 1`);
    expect(library).toHaveLength(1);
    const member = await signedIn(t, library[0].member);
    const clips = (await member.get(`/api/communities/${library[0].community_id}/video-clips`)).json().data;
    expect(clips).toHaveLength(1);
    const seen = (await member.get(`/api/videos/${video.id}`)).json();
    expect(seen.data).toMatchObject({ clip: { start: 4, end: 9 }, durationSeconds: 5, comments: [] });
    const sources = (await member.post(`/api/videos/${video.id}/playback`, {})).json().data.sources;
    expect(sources.map((s: { kind: string }) => s.kind)).toEqual(['clip']);
    const clipUrl = new URL(sources[0].url, 'http://localhost').pathname;
    const clipRange = await member.request({ method: 'GET', url: clipUrl, headers: { range: 'bytes=0-99' } });
    expect(clipRange.statusCode).toBe(206);

    // A second start changes nothing.
    expect(await seedDemo(db, t.app.storage)).toBeNull();
    const { rows: again } = await db.execute(sql`select 1 from videos`);
    expect(again).toHaveLength(1);
    const { rows: shared } = await db.execute(sql`select 1 from community_video_clips`);
    expect(shared).toHaveLength(1);
  });
});
