import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RubricSchema } from '#shared/rubric.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildFramework } from '#server/test/credential-builders.ts';
import { DEMO_CREDENTIAL_TITLES, seedCredentialsDemo } from './credentials-demo.ts';

const t = setupTestApp();

describe('demo micro-credentials', () => {
  it('seeds five published micro-credentials and a stack of three, aligned and complete, once', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const lead = await buildUser(db, { districtId: district.id });
    const assessor = await buildUser(db, { districtId: district.id });
    const codes = [1, 2, 3, 4, 5].flatMap((d) => [1, 2, 3].map((c) => `TLP.${d}.${c}`));
    const { competencies } = await buildFramework(db, {
      ownerOrgId: district.id,
      competencies: codes.map((code) => ({ code, statement: `Statement ${code}` })),
    });
    const competencyIds = Object.fromEntries(competencies.map((c) => [c.code, c.id]));
    const args = {
      issuerOrgId: district.id,
      createdBy: admin.id,
      assessorIds: [assessor.id],
      leadAssessorId: lead.id,
      competencyIds,
    };
    const ids = await seedCredentialsDemo(db, args);
    expect(Object.keys(ids)).toHaveLength(6);
    expect(await seedCredentialsDemo(db, args)).toEqual(ids);

    const me = await signedIn(t, admin.id);
    const list = (await me.get('/api/micro-credentials?status=published&limit=50')).json().data;
    expect(list.map((c: { title: string }) => c.title).sort()).toEqual([...DEMO_CREDENTIAL_TITLES].sort());
    for (const item of list) {
      const detail = (await me.get(`/api/micro-credentials/${item.id}`)).json().data;
      if (detail.kind === 'stack') {
        expect(detail.members).toHaveLength(3);
        continue;
      }
      expect(detail.competencies.length).toBeGreaterThan(0);
      expect(detail.current.evidencePrompts.length).toBeGreaterThan(0);
      expect(RubricSchema.safeParse(detail.current.rubric).success).toBe(true);
      expect(detail.assessors.some((a: { id: string; lead: boolean }) => a.id === lead.id && a.lead)).toBe(
        true,
      );
    }
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from micro_credential_versions where credential_id = any(${sql.param(Object.values(ids))}::uuid[])`,
    );
    expect(rows[0].n).toBe(6);
  });
});
