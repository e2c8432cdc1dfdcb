import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations } from '#server/db/schema.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser, uniqueWord } from '#server/test/builders.ts';

const t = setupTestApp();

describe('inviting many people pasted from a spreadsheet or a mail program', () => {
  it('stores the names without the quotation marks that only quoted them', async () => {
    const district = await buildDistrict(t.database.db);
    const admin = await buildUser(t.database.db, { districtId: district.id, role: 'district_admin' });
    const browser = await signedIn(t, admin.id);
    const word = uniqueWord();
    const ana = `ana.${word}@example.test`;
    const ben = `ben.${word}@example.test`;
    const cal = `cal.${word}@example.test`;
    const response = await browser.post('/api/invitations/bulk', {
      role: 'teacher',
      rows: [`"Ruiz, Ana" <${ana}>`, `${ben},"Ode, Ben"`, `"Cal ""CJ"" Jones",${cal}`],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.counts.invited).toBe(3);
    const stored = await t.database.db
      .select({ email: invitations.email, name: invitations.name })
      .from(invitations)
      .where(inArray(invitations.email, [ana, ben, cal]));
    expect(Object.fromEntries(stored.map((r) => [r.email, r.name]))).toEqual({
      [ana]: 'Ruiz, Ana',
      [ben]: 'Ode, Ben',
      [cal]: 'Cal "CJ" Jones',
    });
  });
});
