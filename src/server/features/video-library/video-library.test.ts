import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { applyVideoRetention } from './index.ts';

const t = setupTestApp();
const db = () => t.database.db;

/** A ready lesson video of `ownerId`, 60 seconds long, with its renditions' rows and files. */
async function buildVideo(ownerId: string, districtId: string, options: { daysOld?: number } = {}) {
  const id = uuidv7();
  const created = new Date(Date.now() - (options.daysOld ?? 0) * 86_400_000).toISOString();
  await db().execute(sql`
    insert into videos (id, owner_id, district_id, title, status, progress, duration_seconds,
                        consent_confirmed_at, consent_text, created_at, updated_at)
    values (${id}, ${ownerId}, ${districtId}, 'Period 3 fractions', 'ready', 100, 60, ${created}, 'Consent', ${created}, ${created})`);
  for (const kind of ['720p', '360p', 'poster'] as const) {
    const key = `videos/${id}/${kind}`;
    await t.app.storage.put(key, Buffer.from(`${kind} of ${id}`));
    await db().execute(sql`
      insert into video_renditions (id, video_id, kind, storage_key, byte_size, width, height)
      values (${uuidv7()}, ${id}, ${kind}, ${key}, 10, 640, 360)`);
  }
  return id;
}

/** A district with an administrator, a teacher and a colleague in a community, a member elsewhere, and a stranger. */
async function buildWorld() {
  const district = await buildDistrict(db());
  const other = await buildDistrict(db());
  const net = await buildNetwork(db(), [district.id, other.id]);
  const admin = await buildUser(db(), { districtId: district.id, role: 'district_admin' });
  const ana = await buildUser(db(), { districtId: district.id, name: 'Ana Quill' });
  const ben = await buildUser(db(), { districtId: district.id, name: 'Ben Orr' });
  const cal = await buildUser(db(), { districtId: other.id, name: 'Cal Reyes' });
  const dee = await buildUser(db(), { districtId: district.id, name: 'Dee Stone' });
  const community = await buildCommunity(db(), {
    districtId: district.id,
    createdBy: ana.id,
    joinPolicy: 'open',
    members: [{ userId: ana.id }, { userId: ben.id, role: 'facilitator' }],
  });
  const network = await buildCommunity(db(), {
    districtId: null,
    ownerKind: 'network',
    ownerId: net.id,
    createdBy: cal.id,
    joinPolicy: 'open',
    members: [{ userId: ana.id }, { userId: cal.id }],
  });
  const video = await buildVideo(ana.id, district.id);
  return { district, other, admin, ana, ben, cal, dee, community, network, video };
}

/** What the clip job makes for a clip's grant: its file and rendition row (the job itself runs in the background). */
async function cutClip(clipId: string) {
  const { rows } = await db().execute<{ grant_id: string; video_id: string; s: number; e: number }>(sql`
    select grant_id, video_id, clip_start as s, clip_end as e from community_video_clips where id = ${clipId}`);
  const key = `videos/${rows[0].video_id}/clip-${Math.round(rows[0].s * 1000)}-${Math.round(rows[0].e * 1000)}.mp4`;
  await t.app.storage.put(key, Buffer.from('clip bytes'));
  await db().execute(sql`
    insert into video_renditions (id, video_id, kind, grant_id, storage_key, byte_size, width, height)
    values (${uuidv7()}, ${rows[0].video_id}, 'clip', ${rows[0].grant_id}, ${key}, 10, 640, 360)`);
}

const clipBody = (videoId: string, extra: Record<string, unknown> = {}) => ({
  videoId,
  title: 'Turn and talk',
  note: 'Watch how quickly the pairs start.',
  clip: { start: 4, end: 9 },
  ...extra,
});

describe('the district video policy', () => {
  it('is read and set by district administrators alone, audited, with errors naming the field', async () => {
    const w = await buildWorld();
    expect((await agent(t).get('/api/district/video-policy')).statusCode).toBe(401);
    const ana = await signedIn(t, w.ana.id);
    expect((await ana.get('/api/district/video-policy')).statusCode).toBe(403);
    expect(
      (
        await ana.put('/api/district/video-policy', {
          videoAllowed: false,
          shareAcrossDistricts: false,
          retentionDays: null,
        })
      ).statusCode,
    ).toBe(403);

    const admin = await signedIn(t, w.admin.id);
    const first = await admin.get('/api/district/video-policy');
    expect(first.statusCode).toBe(200);
    expect(first.json().data).toMatchObject({
      videoAllowed: true,
      shareAcrossDistricts: true,
      retentionDays: null,
    });
    expect(first.json().abilities).toEqual({ edit: true });

    const bad = await admin.put('/api/district/video-policy', {
      videoAllowed: true,
      shareAcrossDistricts: true,
      retentionDays: 3,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].path).toBe('/body/retentionDays');

    const saved = await admin.put('/api/district/video-policy', {
      videoAllowed: true,
      shareAcrossDistricts: false,
      retentionDays: 365,
      consentText: 'Every family signed the district’s recording form.',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toMatchObject({
      shareAcrossDistricts: false,
      retentionDays: 365,
      consentText: 'Every family signed the district’s recording form.',
    });
    const { rows } = await db().execute<{ action: string }>(sql`
      select action from audit_events where district_id = ${w.district.id} and action = 'video_policy.changed'`);
    expect(rows).toHaveLength(1);
  });

  it('keeps a clip within the district when sharing across districts is off', async () => {
    const w = await buildWorld();
    const admin = await signedIn(t, w.admin.id);
    await admin.put('/api/district/video-policy', {
      videoAllowed: true,
      shareAcrossDistricts: false,
      retentionDays: null,
    });
    const ana = await signedIn(t, w.ana.id);
    const refused = await ana.post(`/api/communities/${w.network.id}/video-clips`, clipBody(w.video));
    expect(refused.statusCode).toBe(403);
    const within = await ana.post(`/api/communities/${w.community.id}/video-clips`, clipBody(w.video));
    expect(within.statusCode).toBe(201);
  });

  it('deletes videos older than the district keeps them, files and clips with them, and no others', async () => {
    const w = await buildWorld();
    const old = await buildVideo(w.ana.id, w.district.id, { daysOld: 400 });
    const elsewhere = await buildVideo(w.cal.id, w.other.id, { daysOld: 400 });
    const admin = await signedIn(t, w.admin.id);
    await admin.put('/api/district/video-policy', {
      videoAllowed: true,
      shareAcrossDistricts: true,
      retentionDays: 365,
    });
    const ana = await signedIn(t, w.ana.id);
    expect((await ana.post(`/api/communities/${w.community.id}/video-clips`, clipBody(old))).statusCode).toBe(
      201,
    );

    expect(await applyVideoRetention({ db: db(), config: t.config })).toBe(1);
    const { rows } = await db().execute<{ id: string }>(sql`
      select id from videos where id in (${old}, ${w.video}, ${elsewhere}) order by id`);
    expect(rows.map((r) => r.id).sort()).toEqual([w.video, elsewhere].sort());
    expect(await t.app.storage.get(`videos/${old}/720p`)).toBeNull();
    const library = await ana.get(`/api/communities/${w.community.id}/video-clips`);
    expect(library.json().data).toEqual([]);
  });
});

describe('a community video library', () => {
  it('lets a member share a clip of her own lesson, comments hidden unless she chooses, and members play only the clip', async () => {
    const w = await buildWorld();
    const ana = await signedIn(t, w.ana.id);
    const shared = await ana.post(`/api/communities/${w.community.id}/video-clips`, clipBody(w.video));
    expect(shared.statusCode).toBe(201);
    expect(shared.json().data).toMatchObject({
      title: 'Turn and talk',
      clip: { start: 4, end: 9 },
      hideComments: true,
      sharedBy: { id: w.ana.id, name: 'Ana Quill' },
    });

    const ben = await signedIn(t, w.ben.id);
    const library = await ben.get(`/api/communities/${w.community.id}/video-clips`);
    expect(library.statusCode).toBe(200);
    expect(library.json().data).toHaveLength(1);
    expect(library.json().data[0].abilities).toEqual({ revoke: true });
    const page = await ben.get(`/api/videos/${w.video}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().data.clip).toEqual({ start: 4, end: 9 });
    expect(page.json().abilities).toMatchObject({ seeComments: false, manage: false, comment: false });
  });

  it('refuses the whole lesson unless chosen, a range outside the video, and another teacher’s video', async () => {
    const w = await buildWorld();
    const ana = await signedIn(t, w.ana.id);
    const noRange = await ana.post(
      `/api/communities/${w.community.id}/video-clips`,
      clipBody(w.video, { clip: null }),
    );
    expect(noRange.statusCode).toBe(400);
    expect(noRange.json().errors[0].path).toBe('/body/clip');
    const outside = await ana.post(
      `/api/communities/${w.community.id}/video-clips`,
      clipBody(w.video, { clip: { start: 10, end: 90 } }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].path).toBe('/body/clip/end');
    const whole = await ana.post(
      `/api/communities/${w.community.id}/video-clips`,
      clipBody(w.video, { clip: null, wholeVideo: true }),
    );
    expect(whole.statusCode).toBe(201);
    expect(whole.json().data.clip).toBeNull();

    const ben = await signedIn(t, w.ben.id);
    const notHers = await ben.post(`/api/communities/${w.community.id}/video-clips`, clipBody(w.video));
    expect(notHers.statusCode).toBe(400);
    expect(notHers.json().errors[0].path).toBe('/body/videoId');
  });

  it('is for members: a reader who has not joined is told to join, others get 404', async () => {
    const w = await buildWorld();
    const dee = await signedIn(t, w.dee.id);
    expect((await dee.get(`/api/communities/${w.community.id}/video-clips`)).statusCode).toBe(403);
    const outsider = await buildUser(db(), { districtId: (await buildDistrict(db())).id });
    const stranger = await signedIn(t, outsider.id);
    expect((await stranger.get(`/api/communities/${w.community.id}/video-clips`)).statusCode).toBe(404);
    expect((await agent(t).get(`/api/communities/${w.community.id}/video-clips`)).statusCode).toBe(401);
    const ana = await signedIn(t, w.ana.id);
    await ana.post(`/api/communities/${w.community.id}/video-clips`, clipBody(w.video));
    expect((await dee.get(`/api/videos/${w.video}`)).statusCode).toBe(404);
  });

  it('stops playback at once when the clip is taken back, by its teacher or a facilitator only', async () => {
    const w = await buildWorld();
    const ana = await signedIn(t, w.ana.id);
    const network = await ana.post(`/api/communities/${w.network.id}/video-clips`, clipBody(w.video));
    expect(network.statusCode).toBe(201);
    await cutClip(network.json().data.id);
    const cal = await signedIn(t, w.cal.id);
    const playback = await cal.post(`/api/videos/${w.video}/playback`, {});
    expect(playback.statusCode).toBe(200);
    const url = new URL(playback.json().data.sources[0].url, 'http://localhost').pathname;
    expect((await cal.request({ method: 'GET', url, headers: { range: 'bytes=0-3' } })).statusCode).toBe(206);

    const clipId = network.json().data.id;
    const again = await ana.post(`/api/communities/${w.network.id}/video-clips`, clipBody(w.video));
    expect(again.statusCode).toBe(409);
    expect((await cal.delete(`/api/communities/${w.network.id}/video-clips/${clipId}`)).statusCode).toBe(403);
    expect((await ana.delete(`/api/communities/${w.network.id}/video-clips/${clipId}`)).statusCode).toBe(204);
    expect((await cal.request({ method: 'GET', url, headers: { range: 'bytes=0-3' } })).statusCode).toBe(404);
    expect((await cal.get(`/api/videos/${w.video}`)).statusCode).toBe(404);
    expect((await cal.get(`/api/communities/${w.network.id}/video-clips`)).json().data).toEqual([]);
  });
});
