import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

describe('a group conversation', () => {
  it('holds only people who may see each other, naming the one who may not', async () => {
    const db = t.database.db;
    const [x, y, z] = [await buildDistrict(db), await buildDistrict(db), await buildDistrict(db)];
    await buildNetwork(db, [x.id, y.id]);
    await buildNetwork(db, [x.id, z.id]);
    const a = await buildUser(db, { districtId: x.id });
    const b = await buildUser(db, { districtId: y.id });
    const c = await buildUser(db, { districtId: z.id });
    const apart = await (await signedIn(t, a.id)).post('/api/conversations', {
      participantIds: [b.id, c.id],
      body: 'Hello both',
    });
    expect(apart.statusCode).toBe(400);
    expect(apart.json().errors[0].path).toMatch(/^\/body\/participantIds\/[01]$/);
    const { rows } = await db.execute(sql`select 1 from conversation_participants where user_id = ${b.id}`);
    expect(rows).toEqual([]);
    const together = await (await signedIn(t, a.id)).post('/api/conversations', {
      participantIds: [b.id, (await buildUser(db, { districtId: x.id })).id],
      body: 'Hello both',
    });
    expect(together.statusCode).toBe(201);
  });
});
