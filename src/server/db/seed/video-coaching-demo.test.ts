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
        from videos v join video_grants g on g.video_id = v.id join users u on u.id = g.user_id`);
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

    // A second start changes nothing.
    expect(await seedDemo(db, t.app.storage)).toBeNull();
    const { rows: again } = await db.execute(sql`select 1 from videos`);
    expect(again).toHaveLength(1);
  });
});
