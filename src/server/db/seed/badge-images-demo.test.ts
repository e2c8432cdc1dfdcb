import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildFramework } from '#server/test/credential-builders.ts';
import { badgeInitials, seedBadgeImagesDemo } from './badge-images-demo.ts';
import { seedCredentialsDemo } from './credentials-demo.ts';

const t = setupTestApp();

describe('demo badge images', () => {
  it('names a badge by the initials of its title’s main words', () => {
    expect(badgeInitials('Leading a peer coaching cycle')).toBe('LPC');
    expect(badgeInitials('Using evidence of student learning to plan')).toBe('UES');
  });

  it('gives every demo credential a PNG badge its pages serve, once', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const assessor = await buildUser(db, { districtId: district.id });
    const codes = [1, 2, 3, 4, 5].flatMap((d) => [1, 2, 3].map((c) => `TLP.${d}.${c}`));
    const { competencies } = await buildFramework(db, {
      ownerOrgId: district.id,
      competencies: codes.map((code) => ({ code, statement: `Statement ${code}` })),
    });
    const ids = await seedCredentialsDemo(db, {
      issuerOrgId: district.id,
      createdBy: admin.id,
      assessorIds: [assessor.id],
      leadAssessorId: assessor.id,
      competencyIds: Object.fromEntries(competencies.map((c) => [c.code, c.id])),
    });
    const credentialIds = Object.values(ids);
    expect(await seedBadgeImagesDemo(db, t.app.storage, credentialIds)).toBe(credentialIds.length);
    expect(await seedBadgeImagesDemo(db, t.app.storage, credentialIds)).toBe(0);

    const me = await signedIn(t, admin.id);
    for (const id of credentialIds) {
      const detail = (await me.get(`/api/micro-credentials/${id}`)).json().data;
      expect(detail.imageUrl).toEqual(expect.any(String));
      const image = await agent(t).get(new URL(detail.imageUrl, 'http://trellis.test').pathname);
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      const meta = await sharp(image.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 256, height: 256 });
    }
  });
});
