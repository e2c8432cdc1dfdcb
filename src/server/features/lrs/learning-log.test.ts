import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '#server/test/builders.ts';
import { lrsClient, setupLrs } from './test-lrs.ts';

const world = setupLrs();

describe('statements whose actor is a Trellis account reach the learning log', () => {
  it('logs completed learning of a matched person in the same transaction, and voiding the statement voids the entry', async () => {
    const client = await lrsClient(world);
    const db = world.t.database.db;
    const teacher = await buildUser(db, { districtId: client.districtId });
    const id = crypto.randomUUID();
    const response = await client.call('PUT', '/statements', {
      query: { statementId: id },
      body: {
        actor: { mbox: `mailto:${teacher.email}` },
        verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
        object: {
          id: 'https://lms.example.org/courses/formative-assessment',
          definition: { name: { 'en-US': 'Formative assessment' } },
        },
        result: { completion: true, duration: 'PT2H' },
        timestamp: '2026-04-02T15:00:00Z',
      },
    });
    expect(response.status).toBe(204);
    const entries = async () =>
      (
        await db.execute<{
          title: string;
          duration_minutes: number;
          source: string;
          voided: boolean;
          user_id: string;
        }>(
          sql`select title, duration_minutes, source, voided_at is not null as voided, user_id from learning_entries where statement_id = ${id}`,
        )
      ).rows;
    expect(await entries()).toEqual([
      {
        title: 'Formative assessment',
        duration_minutes: 120,
        source: 'xapi',
        voided: false,
        user_id: teacher.id,
      },
    ]);
    // The statement row names the person it matched.
    const { rows } = await db.execute<{ actor_id: string }>(
      sql`select actor_id from statements where xapi_id = ${id}`,
    );
    expect(rows[0].actor_id).toBe(teacher.id);

    await client.call('POST', '/statements', {
      body: {
        actor: { mbox: 'mailto:lms-admin@example.org' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id },
      },
    });
    expect((await entries())[0].voided).toBe(true);
  });

  it('matches no one of another district', async () => {
    const client = await lrsClient(world);
    const other = await lrsClient(world);
    const teacher = await buildUser(world.t.database.db, { districtId: other.districtId });
    const [id] = await (
      await client.call('POST', '/statements', {
        body: {
          actor: { mbox: `mailto:${teacher.email}` },
          verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
          object: { id: 'https://lms.example.org/courses/x' },
        },
      })
    ).json();
    const { rows } = await world.t.database.db.execute(
      sql`select 1 from learning_entries where statement_id = ${id}`,
    );
    expect(rows).toEqual([]);
  });
});
