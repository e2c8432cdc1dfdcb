/**
 * Classroom-video evidence as an attacker (or a changed mind) tries it: a clip offered as evidence is
 * watched by the credential's assessors only while it is evidence that is under way or decided.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { type Agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildEarningWorld, credentialOf, save, start } from './test-world.ts';

const t = setupTestApp();
const db = () => t.database.db;

async function buildVideo(ownerId: string, districtId: string) {
  const id = uuidv7();
  await db().execute(sql`
    insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds, consent_confirmed_at, consent_text)
    values (${id}, ${ownerId}, ${districtId}, 'Period 3 discourse', 'ready', 100, 60, now(), 'Consent')`);
  return id;
}

/** The teacher offers a clip of her video (0:05–0:35, without comments) as the evidence, with consent. */
async function offerClip(tess: Agent, submissionId: string, videoId: string) {
  const saved = await save(tess, submissionId, [
    { promptId: 'reflect', text: 'We tried talk moves; more students explained their thinking.' },
    {
      promptId: 'video',
      videoClip: { videoId, start: 5, end: 35, withComments: false },
      videoConsent: true,
    },
  ]);
  expect(saved.statusCode).toBe(200);
}

const sharedWith = async (who: Agent) =>
  (await who.get('/api/videos?whose=shared')).json().data.map((v: { id: string }) => v.id);

/** The video is not theirs to see: not by id, not for playback, not in the list of shared videos. */
async function expectNothingOf(who: Agent, videoId: string) {
  expect((await who.get(`/api/videos/${videoId}`)).statusCode).toBe(404);
  expect((await who.post(`/api/videos/${videoId}/playback`)).statusCode).toBe(404);
  expect(await sharedWith(who)).not.toContain(videoId);
}

describe('classroom-video evidence', () => {
  it('stops the assessors watching the clip once the teacher withdraws the submission', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const tess = await signedIn(t, w.teacher.id);
    const ada = await signedIn(t, w.assessor.id);
    const { id } = await start(tess, credential.id);
    const video = await buildVideo(w.teacher.id, w.district.id);
    await offerClip(tess, id, video);
    expect((await tess.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);
    expect((await ada.get(`/api/videos/${video}`)).statusCode).toBe(200);
    expect((await tess.post(`/api/submissions/${id}/withdraw`)).statusCode).toBe(200);
    await expectNothingOf(ada, video);
    // The teacher keeps her video.
    expect((await tess.get(`/api/videos/${video}`)).statusCode).toBe(200);
  });

  it('keeps a draft’s clip from the assessors until the teacher submits it; her teammate sees it at once', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const tess = await signedIn(t, w.teacher.id);
    const tom = await signedIn(t, w.teammate.id);
    const ada = await signedIn(t, w.assessor.id);
    const { id } = await start(tess, credential.id, [w.teammate.id]);
    const video = await buildVideo(w.teacher.id, w.district.id);
    await offerClip(tess, id, video);
    // A draft: the assessors see nothing of it, by id or in their list.
    await expectNothingOf(ada, video);
    expect((await tom.get(`/api/videos/${video}`)).statusCode).toBe(200);
    expect((await tess.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);
    expect(await sharedWith(ada)).toContain(video);
    expect((await ada.get(`/api/videos/${video}`)).statusCode).toBe(200);
  });

  it('stops a removed assessor watching the clips of the credential’s submissions at once', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const tess = await signedIn(t, w.teacher.id);
    const ada = await signedIn(t, w.assessor.id);
    const ben = await signedIn(t, w.second.id);
    const { id } = await start(tess, credential.id);
    const video = await buildVideo(w.teacher.id, w.district.id);
    await offerClip(tess, id, video);
    expect((await tess.post(`/api/submissions/${id}/submit`)).statusCode).toBe(200);
    expect((await ada.get(`/api/videos/${video}`)).statusCode).toBe(200);
    const admin = await signedIn(t, w.admin.id);
    const changed = await admin.patch(`/api/micro-credentials/${credential.id}`, {
      assessors: [{ userId: w.second.id }, { userId: w.lead.id, lead: true }],
    });
    expect(changed.statusCode).toBe(200);
    await expectNothingOf(ada, video);
    // The assessors who stay keep watching it.
    expect((await ben.get(`/api/videos/${video}`)).statusCode).toBe(200);
  });
});
