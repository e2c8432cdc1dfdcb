/**
 * The seams the learning log offers: learning kinds declared by features become entries in the
 * transaction that records their statement, and the LRS logs (and voids) reported learning.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildSchool, buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { durationMinutes, logReportedLearning, reportedKind, voidReportedLearning } from './index.ts';

const ctx = setupTestApp();

type EntryRow = {
  id: string;
  source: string;
  kind: string;
  title: string;
  duration_minutes: number | null;
  provider: string;
  statement_id: string | null;
  voided_at: string | null;
  merged_into_id: string | null;
  result: unknown;
};

const entriesOf = async (userId: string) =>
  (
    await ctx.database.db.execute<EntryRow>(
      sql`select * from learning_entries where user_id = ${userId} order by occurred_at, created_at`,
    )
  ).rows;

async function world() {
  const district = await buildDistrict(ctx.database.db);
  const school = await buildSchool(ctx.database.db, district.id);
  const owner = await buildUser(ctx.database.db, { districtId: district.id, schoolId: school.id });
  const teacher = await buildUser(ctx.database.db, { districtId: district.id, schoolId: school.id });
  const resource = await buildResource(ctx.database.db, {
    ownerId: owner.id,
    districtId: district.id,
    schoolId: school.id,
    audience: 'district',
    audienceId: district.id,
    title: 'Number lines for fractions',
  });
  return { district, school, owner, teacher, resource };
}

describe('learning recorded by Trellis', () => {
  it('logs a resource tried in class each time, in the transaction that records it', async () => {
    const { teacher, resource } = await world();
    const as = await signedIn(ctx, teacher.id);
    const body = { gradeBand: '3-5', subject: 'Mathematics', whatHappened: 'Students placed 3/4 well.' };
    expect((await as.post(`/api/resources/${resource.id}/tries`, body)).statusCode).toBe(201);
    expect((await as.post(`/api/resources/${resource.id}/tries`, body)).statusCode).toBe(201);
    const rows = await entriesOf(teacher.id);
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row).toMatchObject({
        source: 'trellis',
        kind: 'resource_tried',
        title: 'Number lines for fractions',
        duration_minutes: 60,
        provider: 'Trellis',
      });
    // Each entry names the statement it came from.
    const { rows: statements } = await ctx.database.db.execute<{ id: string }>(
      sql`select id from statements where actor_id = ${teacher.id} and object_id = ${resource.id}`,
    );
    expect(rows.map((r) => r.statement_id).sort()).toEqual(statements.map((s) => s.id).sort());
  });

  it('logs a review once however often it is edited, and nothing for a refused one', async () => {
    const { owner, teacher, resource } = await world();
    const as = await signedIn(ctx, teacher.id);
    const review = { alignment: 3, clarity: 4, evidence: 3, adaptability: 2, comment: 'Clear.' };
    expect((await as.put(`/api/resources/${resource.id}/reviews/mine`, review)).statusCode).toBeLessThan(300);
    expect(
      (await as.put(`/api/resources/${resource.id}/reviews/mine`, { ...review, clarity: 3 })).statusCode,
    ).toBeLessThan(300);
    const rows = await entriesOf(teacher.id);
    expect(rows.map((r) => [r.kind, r.duration_minutes])).toEqual([['resource_reviewed', 15]]);
    // The owner may not review their own resource: nothing is recorded, nothing is logged.
    const asOwner = await signedIn(ctx, owner.id);
    expect((await asOwner.put(`/api/resources/${resource.id}/reviews/mine`, review)).statusCode).toBe(403);
    expect(await entriesOf(owner.id)).toEqual([]);
  });
});

describe('learning reported over xAPI', () => {
  const statement = (over: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    actor: { mbox: 'mailto:teacher@example.org' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: {
      objectType: 'Activity',
      id: 'https://lms.example.org/courses/formative-assessment',
      definition: {
        name: { 'en-GB': 'Formative assessment', 'en-US': 'Formative Assessment 101' },
        type: 'http://adlnet.gov/expapi/activities/course',
      },
    },
    result: { completion: true, success: true, duration: 'PT1H30M', score: { scaled: 0.9 } },
    timestamp: '2026-11-04T15:00:00Z',
    ...over,
  });

  it('logs a completed course with its kind, title, duration, result and the sending tool', async () => {
    const { district, teacher } = await world();
    const s = statement();
    const id = await ctx.database.db.transaction((tx) =>
      logReportedLearning(tx, {
        statementId: s.id,
        userId: teacher.id,
        districtId: district.id,
        statement: s,
        provider: 'District LMS',
      }),
    );
    expect(id).toBeTruthy();
    const [row] = await entriesOf(teacher.id);
    expect(row).toMatchObject({
      id,
      source: 'xapi',
      kind: 'course',
      title: 'Formative Assessment 101',
      duration_minutes: 90,
      provider: 'District LMS',
      statement_id: s.id,
      result: { completion: true, success: true, score: { scaled: 0.9 } },
    });
    // Logging the same statement again logs nothing more.
    const again = await logReportedLearning(ctx.database.db, {
      statementId: s.id,
      userId: teacher.id,
      districtId: district.id,
      statement: s,
      provider: 'District LMS',
    });
    expect(again).toBeNull();
    expect(await entriesOf(teacher.id)).toHaveLength(1);
  });

  it('logs nothing for a step inside learning (launched, answered, progressed)', async () => {
    const { district, teacher } = await world();
    for (const verb of ['launched', 'answered', 'progressed']) {
      const s = statement({
        verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
        result: { response: 'b' },
      });
      expect(
        await logReportedLearning(ctx.database.db, {
          statementId: s.id,
          userId: teacher.id,
          districtId: district.id,
          statement: s,
          provider: 'Quiz tool',
        }),
      ).toBeNull();
    }
    expect(await entriesOf(teacher.id)).toEqual([]);
  });

  it('voids the entry of a voided statement and brings back what was merged into it', async () => {
    const { district, teacher } = await world();
    const s = statement();
    const reported = await logReportedLearning(ctx.database.db, {
      statementId: s.id,
      userId: teacher.id,
      districtId: district.id,
      statement: s,
      provider: 'District LMS',
    });
    const hand = uuidv7();
    await ctx.database.db.execute(sql`
      insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, merged_into_id)
      values (${hand}, ${teacher.id}, ${district.id}, 'self', 'course', 'Formative assessment course',
              '2026-11-04T15:00:00Z', ${reported})`);
    expect(await ctx.database.db.transaction((tx) => voidReportedLearning(tx, { statementId: s.id }))).toBe(
      true,
    );
    const rows = await entriesOf(teacher.id);
    expect(rows.find((r) => r.id === reported)?.voided_at).not.toBeNull();
    expect(rows.find((r) => r.id === hand)?.merged_into_id).toBeNull();
    expect(await voidReportedLearning(ctx.database.db, { statementId: s.id })).toBe(false);
  });

  it('reads kinds and durations as xAPI sends them', () => {
    expect(durationMinutes('PT45M30S')).toBe(46);
    expect(durationMinutes('P1DT2H')).toBe(26 * 60);
    expect(durationMinutes('PT0.5H')).toBe(30);
    expect(durationMinutes('P1M')).toBeNull();
    expect(durationMinutes('PT')).toBeNull();
    expect(durationMinutes('1 hour')).toBeNull();
    expect(reportedKind({ verb: { id: 'http://activitystrea.ms/schema/1.0/watch' } })).toBe('podcast_video');
    expect(
      reportedKind({ object: { definition: { type: 'http://id.tincanapi.com/activitytype/chat-channel' } } }),
    ).toBe('online_social');
    expect(reportedKind({ object: { definition: { type: 'https://example.org/types/unknown' } } })).toBe(
      'other',
    );
  });
});
