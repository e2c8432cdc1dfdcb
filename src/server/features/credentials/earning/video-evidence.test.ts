import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildEarningWorld, buildAward, credentialOf, paths, save, start } from './test-world.ts';

const t = setupTestApp();
const db = () => t.database.db;

/** A ready 60-second lesson video of a teacher, with its renditions' rows. */
async function buildVideo(ownerId: string, districtId: string) {
  const id = uuidv7();
  await db().execute(sql`
    insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds, consent_confirmed_at, consent_text)
    values (${id}, ${ownerId}, ${districtId}, 'Period 3 discourse', 'ready', 100, 60, now(), 'Consent')`);
  for (const kind of ['720p', '360p', 'poster'] as const)
    await db().execute(sql`
      insert into video_renditions (id, video_id, kind, storage_key, byte_size, width, height)
      values (${uuidv7()}, ${id}, ${kind}, ${`videos/${id}/${kind}`}, 10, 640, 360)`);
  return id;
}

const clipAnswer = (videoId: string, extra: Record<string, unknown> = {}) => ({
  promptId: 'video',
  videoClip: { videoId, start: 5, end: 35, withComments: true },
  videoConsent: true,
  ...extra,
});
const reflection = {
  promptId: 'reflect',
  text: 'We tried talk moves; more students explained their thinking.',
};

describe('a clip of a lesson as classroom-video evidence', () => {
  it('needs the teacher’s consent, her own video and a range inside it, each refusal naming its field', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const tess = await signedIn(t, w.teacher.id);
    const { id } = await start(tess, credential.id);
    const video = await buildVideo(w.teacher.id, w.district.id);
    const othersVideo = await buildVideo(w.colleague.id, w.district.id);

    const noConsent = await save(tess, id, [reflection, clipAnswer(video, { videoConsent: false })]);
    expect(noConsent.statusCode).toBe(400);
    expect(paths(noConsent)).toEqual(['/body/evidence/1/videoConsent']);
    const notHers = await save(tess, id, [reflection, clipAnswer(othersVideo)]);
    expect(paths(notHers)).toEqual(['/body/evidence/1/videoClip/videoId']);
    const outside = await save(tess, id, [
      reflection,
      clipAnswer(video, { videoClip: { videoId: video, start: 30, end: 90, withComments: true } }),
    ]);
    expect(paths(outside)).toEqual(['/body/evidence/1/videoClip/end']);

    const saved = await save(tess, id, [reflection, clipAnswer(video, { private: false })]);
    expect(saved.statusCode).toBe(200);
    const detail = (await tess.get(`/api/submissions/${id}`)).json().data;
    const answer = detail.evidence.find((a: { promptId: string }) => a.promptId === 'video');
    // Always private: a classroom video may show students.
    expect(answer).toMatchObject({
      private: true,
      videoClip: { videoId: video, start: 5, end: 35, withComments: true },
      video: { title: 'Period 3 discourse', removed: false, shared: true },
    });
    expect(answer.videoClip.consentedAt).toMatch(/^\d{4}-/);
    // Saving it again as it is asks for no consent again.
    const again = await save(tess, id, [
      reflection,
      {
        promptId: 'video',
        videoClip: answer.videoClip && { videoId: video, start: 5, end: 35, withComments: true },
      },
    ]);
    expect(again.statusCode).toBe(200);
  });

  it('lets the assessors watch only the clip, with its comments as offered, and takes it back when removed', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const tess = await signedIn(t, w.teacher.id);
    const { id } = await start(tess, credential.id);
    const video = await buildVideo(w.teacher.id, w.district.id);
    const ada = await signedIn(t, w.assessor.id);
    expect((await ada.get(`/api/videos/${video}`)).statusCode).toBe(404);

    await save(tess, id, [
      reflection,
      clipAnswer(video, { videoClip: { videoId: video, start: 5, end: 35, withComments: false } }),
    ]);
    expect((await tess.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);

    const page = await ada.get(`/api/videos/${video}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().data.clip).toEqual({ start: 5, end: 35 });
    expect(page.json().abilities).toMatchObject({ seeComments: false, comment: false, manage: false });
    const review = (await ada.get(`/api/submissions/${id}`)).json().data;
    expect(review.evidence.find((a: { promptId: string }) => a.promptId === 'video').video).toEqual({
      title: 'Period 3 discourse',
      removed: false,
      shared: true,
    });
    // A colleague who is no assessor sees nothing of it.
    const cara = await signedIn(t, w.colleague.id);
    expect((await cara.get(`/api/videos/${video}`)).statusCode).toBe(404);
  });

  it('stays, shown as removed by its owner, when she deletes the video, and her award stays valid', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const tess = await signedIn(t, w.teacher.id);
    const { id } = await start(tess, credential.id);
    const video = await buildVideo(w.teacher.id, w.district.id);
    await save(tess, id, [reflection, clipAnswer(video)]);
    expect((await tess.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);
    const awardId = await buildAward(db(), {
      credentialId: credential.id,
      recipientId: w.teacher.id,
      issuerOrgId: w.district.id,
    });

    expect((await tess.delete(`/api/videos/${video}`)).statusCode).toBe(204);
    const ada = await signedIn(t, w.assessor.id);
    const detail = (await ada.get(`/api/submissions/${id}`)).json().data;
    const answer = detail.evidence.find((a: { promptId: string }) => a.promptId === 'video');
    expect(answer.video).toEqual({ title: null, removed: true, shared: false });
    expect(answer.videoClip).toMatchObject({ videoId: video, start: 5, end: 35 });
    const { rows } = await db().execute<{ revoked_at: string | null }>(sql`
      select revoked_at from awards where id = ${awardId}`);
    expect(rows[0].revoked_at).toBeNull();
  });
});
