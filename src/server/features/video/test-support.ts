import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type Agent, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { ffmpegPath } from './ffmpeg.ts';

/**
 * Shared setup for the lesson video tests: a test clip, tus upload requests, and a two-district
 * world of a teacher, an out-of-district coach, and two colleagues.
 */

/** Writes a two-second test pattern with a tone to dir/lesson.mp4, made by the same ffmpeg Trellis uses. */
export function makeClip(dir: string): Buffer {
  const file = path.join(dir, 'lesson.mp4');
  execFileSync(ffmpegPath, [
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=duration=2:size=320x240:rate=15',
    '-f',
    'lavfi',
    '-i',
    'sine=duration=2',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-shortest',
    '-y',
    file,
  ]);
  return readFileSync(file);
}

export const TUS = { 'tus-resumable': '1.0.0' };

export const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

export async function createUpload(who: Agent, bytes: number, fields: Record<string, string> = {}) {
  return who.request({
    method: 'POST',
    url: '/api/video-uploads',
    headers: {
      ...TUS,
      'upload-length': String(bytes),
      'upload-metadata': meta({
        title: 'Fractions lesson',
        filename: 'lesson.mp4',
        consent: 'yes',
        ...fields,
      }),
    },
  });
}

export const idOf = (location: unknown) => String(location).split('/').pop() as string;

export function patch(who: Agent, id: string, offset: number, body: Buffer) {
  return who.request({
    method: 'PATCH',
    url: `/api/video-uploads/${id}`,
    headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    payload: body,
  });
}

/** Uploads the file whole and works the transcode job: the video is ready. */
export async function uploadReady(
  t: TestContext,
  who: Agent,
  file: Buffer,
  fields: Record<string, string> = {},
): Promise<string> {
  const created = await createUpload(who, file.length, fields);
  expect(created.statusCode).toBe(201);
  const id = idOf(created.headers.location);
  expect((await patch(who, id, 0, file)).statusCode).toBe(204);
  await t.app.jobs.drain({ names: ['video.transcode'] });
  return id;
}

/** North and South in one network: Tess teaches in North, Cole coaches from South, Pat and Nosy are North colleagues. */
export async function buildVideoWorld(t: TestContext) {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  await buildNetwork(db, [north.id, south.id]);
  const teacher = await buildUser(db, { districtId: north.id, name: `Tess ${uniqueWord()}` });
  const coach = await buildUser(db, { districtId: south.id, name: `Cole ${uniqueWord()}` });
  const peer = await buildUser(db, { districtId: north.id, name: `Pat ${uniqueWord()}` });
  const colleague = await buildUser(db, { districtId: north.id, name: `Nosy ${uniqueWord()}` });
  return {
    north,
    south,
    teacher,
    coach,
    peer,
    colleague,
    asTeacher: await signedIn(t, teacher.id),
    asCoach: await signedIn(t, coach.id),
    asPeer: await signedIn(t, peer.id),
    asColleague: await signedIn(t, colleague.id),
  };
}
