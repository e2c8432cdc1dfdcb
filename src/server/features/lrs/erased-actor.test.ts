import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import { lrsClient, setupLrs } from './test-lrs.ts';

/**
 * A statement about a person who has since been erased is held with the Former member as its actor
 * (decision 058). A tool that sends it again gets the answer it got the first time, and the erased
 * person's identifier does not come back.
 */
const world = setupLrs();
const db = () => world.t.database.db;
const uuid = () => crypto.randomUUID();
const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });

describe('a statement whose actor was erased', () => {
  it('is the same statement when sent again, a no-op by PUT and POST, and still a 409 when it differs', async () => {
    const lrs = await lrsClient(world);
    const maya = await buildUser(db(), { districtId: lrs.districtId });
    const id = uuid();
    const sent = {
      actor: { objectType: 'Agent', name: maya.name, mbox: `mailto:${maya.email}` },
      verb: verb('completed'),
      object: { objectType: 'Activity', id: `http://example.org/courses/${uuid()}` },
      result: { completion: true, duration: 'PT2H' },
      timestamp: '2026-03-01T10:00:00Z',
    };
    expect((await lrs.call('PUT', '/statements', { query: { statementId: id }, body: sent })).status).toBe(
      204,
    );

    await db().execute(sql`update users set status = 'deactivated' where id = ${maya.id}`);
    const admin = await signedIn(world.t, lrs.adminId);
    expect((await admin.post(`/api/staff/${maya.id}/erasure`, { confirm: maya.email })).statusCode).toBe(200);

    // The tool replays its queue.
    expect((await lrs.call('PUT', '/statements', { query: { statementId: id }, body: sent })).status).toBe(
      204,
    );
    const posted = await lrs.json('POST', '/statements', { body: [{ ...sent, id }] });
    expect(posted.response.status).toBe(200);
    expect(posted.body).toEqual([id]);

    // Nothing changed: one statement, naming the Former member, and no agent query finds Maya.
    const { body: held } = await lrs.json('GET', '/statements', { query: { statementId: id } });
    expect(held.actor.name).toBe('Former member');
    expect(JSON.stringify(held)).not.toContain(maya.email);
    const { rows } = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from statements where district_id = ${lrs.districtId} and xapi_id = ${id}`,
    );
    expect(rows[0].n).toBe(1);
    const { body: byAgent } = await lrs.json('GET', '/statements', {
      query: { agent: JSON.stringify({ mbox: `mailto:${maya.email}` }) },
    });
    expect(byAgent.statements).toEqual([]);

    // Another statement under the same id is still a conflict.
    const other = { ...sent, result: { completion: false } };
    expect((await lrs.call('PUT', '/statements', { query: { statementId: id }, body: other })).status).toBe(
      409,
    );
    expect((await lrs.call('POST', '/statements', { body: { ...other, id } })).status).toBe(409);
  });
});
