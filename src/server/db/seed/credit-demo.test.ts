import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';

const t = setupTestApp();

describe('the demo district’s credit', () => {
  it('shows credit types, a licence with renewal progress, approved and pending hours and a queue, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db, t.app.storage, t.app.credentialIssuer)).not.toBeNull();
    const { rows } = await db.execute<{ user_id: string }>(sql`select user_id from licences limit 1`);
    expect(rows).toHaveLength(1);
    const teacher = await signedIn(t, rows[0].user_id);
    const [licence] = (await teacher.get('/api/credit/licences')).json().data;
    expect(licence.progress.approvedHours).toBeGreaterThan(0);
    expect(licence.progress.pendingHours).toBeGreaterThan(0);
    const claims = (await teacher.get('/api/credit/claims')).json().data as {
      status: string;
      source: string;
    }[];
    expect(claims.map((c) => c.status)).toEqual(expect.arrayContaining(['approved', 'pending']));
    expect(claims.some((c) => c.source === 'imported')).toBe(true);
    const types = (await teacher.get('/api/credit/types')).json().data as { name: string }[];
    expect(types.map((c) => c.name)).toEqual(['CEUs', 'Clock hours']);
    // The teacher's principal has the chat waiting in their queue.
    const { rows: principals } = await db.execute<{ approver_id: string }>(sql`
      select approver_id from credit_claims where user_id = ${rows[0].user_id} and status = 'approved'
         and approver_id is not null limit 1`);
    const principal = await signedIn(t, principals[0].approver_id);
    expect((await principal.get('/api/credit/approvals')).json().data.length).toBeGreaterThan(0);
    // Seeding again writes nothing twice.
    await seedDemo(db, t.app.storage, t.app.credentialIssuer);
    const { rows: counted } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from credit_types`,
    );
    expect(counted[0].n).toBe(2);
  });
});
