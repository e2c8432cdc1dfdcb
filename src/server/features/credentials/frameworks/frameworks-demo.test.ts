import { describe, expect, it } from 'vitest';
import { seedFrameworksDemo } from '#server/db/seed/frameworks-demo.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

describe('the demo framework', () => {
  it('writes five domains of three competencies each, and returns their ids by code', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const seeded = await seedFrameworksDemo(db, { ownerOrgId: district.id, createdBy: admin.id });
    expect(Object.keys(seeded.competencyIds)).toHaveLength(20);

    const detail = (await (await signedIn(t, admin.id)).get(`/api/frameworks/${seeded.frameworkId}`)).json()
      .data;
    expect(detail.title).toBe('Teacher Leadership and Professional Practice');
    const top = detail.competencies.filter((c: { parentId: string | null }) => c.parentId === null);
    expect(top.map((c: { code: string }) => c.code)).toEqual(['TLP.1', 'TLP.2', 'TLP.3', 'TLP.4', 'TLP.5']);
    const underCoaching = detail.competencies.filter(
      (c: { parentId: string | null }) => c.parentId === seeded.competencyIds['TLP.2'],
    );
    expect(underCoaching.map((c: { id: string; code: string }) => [c.code, c.id])).toEqual([
      ['TLP.2.1', seeded.competencyIds['TLP.2.1']],
      ['TLP.2.2', seeded.competencyIds['TLP.2.2']],
      ['TLP.2.3', seeded.competencyIds['TLP.2.3']],
    ]);

    const again = await seedFrameworksDemo(db, { ownerOrgId: district.id, createdBy: admin.id });
    expect(again).toEqual(seeded);
  });

  it('is published, so the demo credentials’ alignments answer anyone', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const seeded = await seedFrameworksDemo(db, { ownerOrgId: district.id, createdBy: admin.id });
    expect((await agent(t).get(`/api/public/frameworks/${seeded.frameworkId}/case`)).statusCode).toBe(200);
    const item = await agent(t).get(`/api/public/competencies/${seeded.competencyIds['TLP.2.1']}`);
    expect(item.statusCode).toBe(200);
  });
});
