import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agent, setupTestApp } from '#server/test/app.ts';
import { VideoResponse } from '#shared/contracts/video.ts';
import { sweepVideos } from './jobs.ts';
import {
  buildVideoWorld,
  createUpload as createVideoUpload,
  idOf,
  makeClip,
  patch,
  TUS,
  uploadReady as uploadVideo,
} from './test-support.ts';
import { parseWebVtt } from './webvtt.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/** A two-second test pattern with a tone, made by the same ffmpeg Trellis uses. */
let clip: Buffer;
beforeAll(() => {
  clip = makeClip(mkdtempSync(path.join(os.tmpdir(), 'trellis-video-')));
});

/** Uploads here say what type the file is, as the upload page does. */
const createUpload = (who: Agent, bytes: number, fields: Record<string, string> = {}) =>
  createVideoUpload(who, bytes, { filetype: 'video/mp4', ...fields });
const uploadReady = (who: Agent, file = clip) => uploadVideo(t, who, file, { filetype: 'video/mp4' });
const world = () => buildVideoWorld(t);

async function play(who: Agent, id: string) {
  const response = await who.post(`/api/videos/${id}/playback`);
  return response;
}

describe('uploading a lesson video', () => {
  it('resumes an interrupted upload where it stopped and converts it to two sizes and a poster', async () => {
    const w = await world();
    const created = await createUpload(w.asTeacher, clip.length);
    expect(created.statusCode).toBe(201);
    const id = idOf(created.headers.location as string);
    const half = Math.floor(clip.length / 2);
    expect((await patch(w.asTeacher, id, 0, clip.subarray(0, half))).statusCode).toBe(204);
    // The connection dropped; the page asks where the upload got to, and carries on from there.
    const head = await w.asTeacher.request({ method: 'HEAD', url: `/api/video-uploads/${id}`, headers: TUS });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['upload-offset'])).toBe(half);
    const page = await w.asTeacher.get(`/api/videos/${id}`);
    expect(page.json().data.status).toBe('uploading');
    expect((await patch(w.asTeacher, id, half, clip.subarray(half))).statusCode).toBe(204);
    expect((await w.asTeacher.get(`/api/videos/${id}`)).json().data.status).toBe('processing');
    await t.app.jobs.drain({ names: ['video.transcode'] });
    const ready = await w.asTeacher.get(`/api/videos/${id}`);
    expect(ready.statusCode).toBe(200);
    expect(ready.json().data).toMatchObject({ status: 'ready', progress: 100, title: 'Fractions lesson' });
    expect(ready.json().abilities).toMatchObject({ manage: true, comment: true });
    const { rows } = await t.database.db.execute<{ kind: string; height: number }>(
      sql`select kind, height from video_renditions where video_id = ${id} order by kind`,
    );
    expect(rows.map((r) => r.kind)).toEqual(['360p', '720p', 'poster']);
  });

  it('refuses an upload without consent, and anyone not signed in', async () => {
    const w = await world();
    const refused = await createUpload(w.asTeacher, clip.length, { consent: 'no' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/consent/);
    const anonymous = await agent(t).request({
      method: 'POST',
      url: '/api/video-uploads',
      headers: { ...TUS, 'upload-length': '10', origin: t.config.PUBLIC_URL },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a renamed HTML page by its content and leaves nothing behind', async () => {
    const w = await world();
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>'.padEnd(2000, ' '));
    const created = await createUpload(w.asTeacher, html.length);
    const id = idOf(created.headers.location as string);
    const sent = await patch(w.asTeacher, id, 0, html);
    expect(sent.statusCode).toBe(415);
    expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect(existsSync(path.join(t.config.dataDir, 'files', 'video-uploads', id))).toBe(false);
    expect(existsSync(path.join(t.config.dataDir, 'files', 'video-uploads', `${id}.json`))).toBe(false);
  });

  it('removes an upload abandoned for a day', async () => {
    const w = await world();
    const created = await createUpload(w.asTeacher, clip.length);
    const id = idOf(created.headers.location as string);
    await patch(w.asTeacher, id, 0, clip.subarray(0, 100));
    await t.database.db.execute(
      sql`update videos set updated_at = now() - interval '25 hours' where id = ${id}`,
    );
    await sweepVideos(t.app);
    expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect(existsSync(path.join(t.config.dataDir, 'files', 'video-uploads', id))).toBe(false);
  });

  it('fails a conversion visibly when the file cannot be converted', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    // The original goes missing under the job: every attempt fails, and the video says so.
    await t.database.db.execute(
      sql`update videos set status = 'processing', source_key = 'videos/gone/source' where id = ${id}`,
    );
    await t.database.db.execute(sql`delete from video_renditions where video_id = ${id}`);
    await t.database.db.execute(sql`select 1`);
    const { enqueue } = await import('#server/platform/jobs.ts');
    const { transcodeJob } = await import('./jobs.ts');
    await enqueue(t.database.db, transcodeJob, { districtId: w.north.id, videoId: id });
    await t.app.jobs.drain({ names: ['video.transcode'], ignoreDelays: true });
    const video = (await w.asTeacher.get(`/api/videos/${id}`)).json().data;
    expect(video.status).toBe('failed');
    expect(video.statusDetail).toMatch(/could not convert/);
  });
});

describe('watching', () => {
  it('serves byte ranges (206) through a playback URL, 416 beyond the end, with no-sniff and a disposition', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const started = await play(w.asTeacher, id);
    expect(started.statusCode).toBe(200);
    const source = started.json().data.sources[0];
    expect(source.kind).toBe('720p');
    const ranged = await w.asTeacher.request({
      method: 'GET',
      url: source.url,
      headers: { range: 'bytes=0-99' },
    });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    expect(ranged.rawPayload.length).toBe(100);
    expect(ranged.headers['x-content-type-options']).toBe('nosniff');
    expect(ranged.headers['content-disposition']).toMatch(/^inline/);
    expect(ranged.headers['content-type']).toBe('video/mp4');
    // Fast start: the moov box comes before the media data.
    const whole = await w.asTeacher.request({ method: 'GET', url: source.url });
    expect(whole.statusCode).toBe(200);
    const bytes = whole.rawPayload;
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    const beyond = await w.asTeacher.request({
      method: 'GET',
      url: source.url,
      headers: { range: `bytes=${bytes.length + 10}-` },
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
  });

  it('gives a colleague who was not invited 404 on the video, its comments, its playback and its file', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const url = (await play(w.asTeacher, id)).json().data.sources[0].url;
    expect((await w.asColleague.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect((await w.asColleague.get(`/api/videos/${id}/comments`)).statusCode).toBe(404);
    expect((await play(w.asColleague, id)).statusCode).toBe(404);
    expect((await w.asColleague.get(url)).statusCode).toBe(404);
    expect((await agent(t).get(url)).statusCode).toBe(404);
    expect((await w.asColleague.get(`/api/videos/${MISSING}`)).statusCode).toBe(404);
    const list = (await w.asColleague.get('/api/videos')).json().data;
    expect(list.map((v: { id: string }) => v.id)).not.toContain(id);
  });

  it('stops a URL that worked once the share is revoked, and shows the owner who watched', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const shared = await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    expect(shared.statusCode).toBe(201);
    const url = (await play(w.asCoach, id)).json().data.sources[0].url;
    expect(
      (await w.asCoach.request({ method: 'GET', url, headers: { range: 'bytes=0-9' } })).statusCode,
    ).toBe(206);
    const list = (await w.asCoach.get('/api/videos?whose=shared')).json().data;
    expect(list.map((v: { id: string }) => v.id)).toContain(id);
    const views = (await w.asTeacher.get(`/api/videos/${id}/views`)).json().data;
    expect(views.map((v: { viewer: { id: string } }) => v.viewer.id)).toContain(w.coach.id);
    expect((await w.asCoach.get(`/api/videos/${id}/views`)).statusCode).toBe(403);
    const revoked = await w.asTeacher.delete(`/api/videos/${id}/grants/${shared.json().data.id}`);
    expect(revoked.statusCode).toBe(204);
    expect(
      (await w.asCoach.request({ method: 'GET', url, headers: { range: 'bytes=10-19' } })).statusCode,
    ).toBe(404);
    expect((await w.asCoach.get(`/api/videos/${id}`)).statusCode).toBe(404);
  });

  it('keeps a video within its district when the district says so', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, share_across_districts) values (${w.north.id}, false)`);
    const refused = await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/userId');
    expect((await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.colleague.id })).statusCode).toBe(
      201,
    );
  });
});

describe('the share picker', () => {
  it('offers only people the owner may share with now, by the rule the share itself holds', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const { buildDistrict, buildUser } = await import('#server/test/builders.ts');
    const far = await buildDistrict(t.database.db);
    const outsider = await buildUser(t.database.db, {
      districtId: far.id,
      name: `Cole Outside ${w.coach.name}`,
    });
    const offered = async (q: string) => {
      const response = await w.asTeacher.get(`/api/videos/${id}/share-candidates?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.map((p: { id: string }) => p.id);
    };
    const coachName = w.coach.name.split(' ')[1];
    expect(await offered(coachName)).toEqual([w.coach.id]);
    expect(await offered(coachName)).not.toContain(outsider.id);
    expect(await offered(w.teacher.name.split(' ')[1])).toEqual([]);
    expect((await w.asColleague.get(`/api/videos/${id}/share-candidates?q=a`)).statusCode).toBe(404);
    expect((await w.asTeacher.get(`/api/videos/${id}/share-candidates?q=`)).statusCode).toBe(400);

    // The district keeps videos within it: the coach of another district is no longer offered, nor taken.
    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, share_across_districts) values (${w.north.id}, false)`);
    expect(await offered(coachName)).toEqual([]);
    expect(await offered(w.peer.name.split(' ')[1])).toEqual([w.peer.id]);
    const refused = await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/userId');
    expect((await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.peer.id })).statusCode).toBe(201);

    // Video turned off: no one is offered.
    await t.database.db.execute(sql`
      update district_video_policies set video_allowed = false where district_id = ${w.north.id}`);
    expect(await offered(w.colleague.name.split(' ')[1])).toEqual([]);
  });
});

describe('comments', () => {
  it('takes time-stamped tagged comments from an invited coach, replies from the teacher, and none from others', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    const first = await w.asCoach.post(`/api/videos/${id}/comments`, {
      atSeconds: 1.5,
      body: 'What did you notice when the pairs started talking?',
      tag: { kind: 'focus', id: 'discourse', label: 'Student discourse' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      atSeconds: 1.5,
      tag: { kind: 'focus', label: 'Student discourse' },
    });
    await w.asCoach.post(`/api/videos/${id}/comments`, {
      atSeconds: 0.5,
      body: 'A strong opening question.',
    });
    const reply = await w.asTeacher.post(`/api/videos/${id}/comments`, {
      atSeconds: 0,
      body: 'They had just finished the warm-up.',
      parentId: first.json().data.id,
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().data.atSeconds).toBe(1.5);
    const whole = (await w.asTeacher.get(`/api/videos/${id}`)).json();
    // The page is sent as JSON text: it must still be what its schema says.
    expect(() => VideoResponse.parse(whole)).not.toThrow();
    const page = whole.data;
    expect(page.comments.map((c: { atSeconds: number }) => c.atSeconds)).toEqual([0.5, 1.5, 1.5]);
    expect(page.comments[1]).toMatchObject({ mine: false, author: { id: w.coach.id }, parentId: null });
    const late = await w.asCoach.post(`/api/videos/${id}/comments`, { atSeconds: 99, body: 'Later' });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].path).toBe('/body/atSeconds');
    const empty = await w.asCoach.post(`/api/videos/${id}/comments`, { atSeconds: 1, body: '' });
    expect(empty.statusCode).toBe(400);
    expect(
      (await w.asColleague.post(`/api/videos/${id}/comments`, { atSeconds: 1, body: 'Hi' })).statusCode,
    ).toBe(404);
    expect((await w.asTeacher.get('/api/video-comment-stems')).json().data).toContain(
      'What might happen if…',
    );
  });

  it('shows a community only its clip, without comments when hidden, and lets no member comment', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const { buildCommunity } = await import('#server/test/community-builders.ts');
    const community = await buildCommunity(t.database.db, {
      createdBy: w.teacher.id,
      districtId: w.north.id,
      ownerKind: 'district',
      ownerId: w.north.id,
      members: [{ userId: w.teacher.id, role: 'facilitator' }, { userId: w.colleague.id }],
    });
    await w.asTeacher.post(`/api/videos/${id}/comments`, { atSeconds: 0.2, body: 'Before the clip' });
    const shared = await w.asTeacher.post(`/api/videos/${id}/grants`, {
      communityId: community.id,
      clip: { start: 0.5, end: 1.5 },
      hideComments: true,
    });
    expect(shared.statusCode).toBe(201);
    await t.app.jobs.drain({ names: ['video.clip'] });
    const page = await w.asColleague.get(`/api/videos/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().data).toMatchObject({
      clip: { start: 0.5, end: 1.5 },
      durationSeconds: 1,
      comments: [],
    });
    expect(page.json().abilities).toMatchObject({ manage: false, comment: false, seeComments: false });
    const sources = (await play(w.asColleague, id)).json().data.sources;
    expect(sources.map((s: { kind: string }) => s.kind)).toEqual(['clip']);
    const served = await w.asColleague.get(sources[0].url);
    expect(served.statusCode).toBe(200);
    const full = (await play(w.asTeacher, id)).json().data.sources[0].url;
    const fullBytes = (await w.asTeacher.get(full)).rawPayload.length;
    expect(served.rawPayload.length).toBeLessThan(fullBytes);
    const whole = sources[0].url.replace(/\/clip$/, '/720p');
    expect((await w.asColleague.get(whole)).statusCode).toBe(404);
    expect(
      (await w.asColleague.post(`/api/videos/${id}/comments`, { atSeconds: 0.1, body: 'x' })).statusCode,
    ).toBe(403);
  });
});

describe('the video page', () => {
  it('reads in one statement a clip viewer’s comments and cues within the clip, shifted, and ends with the district’s policy', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const vtt =
      'WEBVTT\n\n00:00:00.000 --> 00:00:00.400\nBefore.\n\n00:00:00.600 --> 00:00:01.200\nInside.\n\n00:00:01.600 --> 00:00:02.000\nAfter.\n';
    expect((await w.asTeacher.put(`/api/videos/${id}/captions`, { vtt })).statusCode).toBe(200);
    for (const atSeconds of [0.2, 0.75, 1.25, 1.8])
      await w.asTeacher.post(`/api/videos/${id}/comments`, { atSeconds, body: `At ${atSeconds}` });
    const shared = await w.asTeacher.post(`/api/videos/${id}/grants`, {
      userId: w.coach.id,
      clip: { start: 0.5, end: 1.5 },
    });
    expect(shared.statusCode).toBe(201);
    await t.app.jobs.drain({ names: ['video.clip'] });

    const pool = t.database.pool;
    const texts: string[] = [];
    const query = pool.query.bind(pool);
    pool.query = ((config: unknown, ...rest: unknown[]) => {
      const text = typeof config === 'string' ? config : (config as { text?: string }).text;
      if (text && /\bvideo/.test(text)) texts.push(text);
      return (query as (...a: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    let response: Awaited<ReturnType<Agent['get']>>;
    try {
      response = await w.asCoach.get(`/api/videos/${id}`);
    } finally {
      pool.query = query;
    }
    expect(response.statusCode).toBe(200);
    expect(texts).toHaveLength(1);
    const whole = response.json();
    expect(() => VideoResponse.parse(whole)).not.toThrow();
    expect(
      whole.data.comments.map((c: { atSeconds: number; mine: boolean }) => [c.atSeconds, c.mine]),
    ).toEqual([
      [0.25, false],
      [0.75, false],
    ]);
    const cues = whole.data.captions.cues;
    expect(cues.map((c: { text: string }) => c.text)).toEqual(['Inside.']);
    expect(cues[0].start).toBeCloseTo(0.1);
    expect(cues[0].end).toBeCloseTo(0.7);
    expect(whole.abilities).toMatchObject({ manage: false, comment: true, seeComments: true });
    const own = (await w.asTeacher.get(`/api/videos/${id}`)).json();
    expect(own.data.comments).toHaveLength(4);
    expect(own.data.comments.every((c: { mine: boolean }) => c.mine)).toBe(true);

    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, share_across_districts) values (${w.north.id}, false)`);
    expect((await w.asCoach.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect((await w.asColleague.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(200);
  });
});

describe('a clip still being cut', () => {
  it('gives its viewer no playback session and no viewing until the clip is ready, then the clip alone', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const shared = await w.asTeacher.post(`/api/videos/${id}/grants`, {
      userId: w.coach.id,
      clip: { start: 0.5, end: 1.5 },
    });
    expect(shared.statusCode).toBe(201);
    const waiting = await play(w.asCoach, id);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.json().data).toMatchObject({ sources: [], poster: null, captions: null });
    const viewers = async () =>
      (await w.asTeacher.get(`/api/videos/${id}/views`))
        .json()
        .data.map((v: { viewer: { id: string } }) => v.viewer.id);
    expect(await viewers()).not.toContain(w.coach.id);
    await t.app.jobs.drain({ names: ['video.clip'] });
    const ready = (await play(w.asCoach, id)).json().data;
    expect(ready.sources.map((s: { kind: string }) => s.kind)).toEqual(['clip']);
    expect((await w.asCoach.get(ready.sources[0].url)).statusCode).toBe(200);
    expect((await viewers()).filter((v: string) => v === w.coach.id)).toHaveLength(1);
  });
});

describe('captions', () => {
  it('checks WebVTT, names the line that is wrong, and offers the transcript to viewers', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const bad = await w.asTeacher.put(`/api/videos/${id}/captions`, {
      vtt: 'WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: '/body/vtt' });
    expect(bad.json().errors[0].message).toMatch(/line 3/);
    const vtt =
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\n<v Ms. T>Good morning, everyone.\n\n00:00:01.000 --> 00:00:02.000\nLet us look at fractions.\n';
    const saved = await w.asTeacher.put(`/api/videos/${id}/captions`, { vtt });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.cues).toEqual([
      { start: 0, end: 1, text: 'Good morning, everyone.' },
      { start: 1, end: 2, text: 'Let us look at fractions.' },
    ]);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    expect((await w.asCoach.put(`/api/videos/${id}/captions`, { vtt })).statusCode).toBe(403);
    const page = (await w.asCoach.get(`/api/videos/${id}`)).json().data;
    expect(page.captions.cues[1].text).toBe('Let us look at fractions.');
    const track = (await play(w.asCoach, id)).json().data.captions;
    const served = await w.asCoach.get(track);
    expect(served.headers['content-type']).toMatch(/^text\/vtt/);
    expect(served.body).toMatch(/^WEBVTT/);
  });

  it('parses the forms WebVTT allows and refuses the rest', () => {
    expect(
      parseWebVtt('WEBVTT - lesson\n\nNOTE a note\n\n01:02.500 --> 01:03.000 align:start\nHi &amp; bye').ok,
    ).toBe(true);
    expect(parseWebVtt('1\n00:00:01.000 --> 00:00:02.000\nHi')).toMatchObject({ ok: false, line: 1 });
    expect(parseWebVtt('WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nHi')).toMatchObject({ ok: false, line: 3 });
    expect(parseWebVtt('WEBVTT\n\n')).toMatchObject({ ok: false });
  });
});

describe('deleting a video', () => {
  it('removes its files, renditions, captions and comments', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    await w.asTeacher.post(`/api/videos/${id}/comments`, { atSeconds: 1, body: 'Mine' });
    await w.asTeacher.put(`/api/videos/${id}/captions`, {
      vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi',
    });
    const folder = path.join(t.config.dataDir, 'files', 'videos', id);
    expect(existsSync(path.join(folder, '720p.mp4'))).toBe(true);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    expect((await w.asCoach.delete(`/api/videos/${id}`)).statusCode).toBe(403);
    expect((await w.asTeacher.delete(`/api/videos/${id}`)).statusCode).toBe(204);
    expect(existsSync(path.join(folder, '720p.mp4'))).toBe(false);
    expect(existsSync(path.join(folder, 'source'))).toBe(false);
    const { rows } = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*) from video_comments where video_id = ${id})
           + (select count(*) from video_captions where video_id = ${id})
           + (select count(*) from video_renditions where video_id = ${id})
           + (select count(*) from videos where id = ${id}) as n`);
    expect(Number(rows[0].n)).toBe(0);
    expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(404);
  });

  it('lets the teacher trim the video, converted again', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const bad = await w.asTeacher.patch(`/api/videos/${id}`, { trim: { start: 1, end: 0.5 } });
    expect(bad.statusCode).toBe(400);
    const trimmed = await w.asTeacher.patch(`/api/videos/${id}`, {
      title: 'Opening',
      trim: { start: 0, end: 1.2 },
    });
    expect(trimmed.statusCode).toBe(200);
    expect(trimmed.json().data).toMatchObject({ status: 'processing', title: 'Opening' });
    await t.app.jobs.drain({ names: ['video.transcode'] });
    const ready = (await w.asTeacher.get(`/api/videos/${id}`)).json().data;
    expect(ready).toMatchObject({ status: 'ready', trim: { start: 0, end: 1.2 } });
    expect(ready.durationSeconds).toBeCloseTo(1.2);
  });
});
