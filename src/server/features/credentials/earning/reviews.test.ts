import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type ReviewQueueItem, ReviewQueueResponse } from '#shared/contracts/submissions.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildUser } from '#server/test/builders.ts';
import {
  buildEarningWorld,
  credentialOf,
  notificationsOf,
  paths,
  save,
  startAndSubmit,
  statementsOf,
} from './test-world.ts';

const t = setupTestApp();
const db = () => t.database.db;

const passing = (feedback = 'The plan adapts to what students said.') => ({
  scores: [
    { criterionId: 'plan', level: 2, feedback },
    { criterionId: 'impact', level: 1, feedback: 'What in the evidence shows the change lasted?' },
  ],
  feedback: 'Clear evidence of practice.',
  decision: 'earned' as const,
});
const failing = (feedback = 'What might you try next to show impact on students?') => ({
  scores: [
    { criterionId: 'plan', level: 1, feedback: '' },
    { criterionId: 'impact', level: 0, feedback: 'What might you collect from students?' },
  ],
  feedback,
  decision: 'revise' as const,
});

const queueIds = async (userId: string, query = '') =>
  (await (await signedIn(t, userId)).get(`/api/reviews${query}`))
    .json()
    .data.map((q: { submissionId: string }) => q.submissionId);

async function setSubmittedAt(submissionId: string, at: string) {
  await db().execute(
    sql`update submissions set submitted_at = ${at}::timestamptz where id = ${submissionId}`,
  );
}

describe('the review queue', () => {
  it('writes every queue page as the response schema says, with times as toISOString gives them, each item once', async () => {
    const w = await buildEarningWorld(db());
    const { credential: a } = await credentialOf(db(), w);
    const { credential: b } = await credentialOf(db(), w);
    const ids = [
      await startAndSubmit(await signedIn(t, w.teacher.id), a.id),
      await startAndSubmit(await signedIn(t, w.colleague.id), b.id),
      await startAndSubmit(await signedIn(t, w.teammate.id), a.id),
    ];
    // Two share a time to the microsecond: the id settles their order and the cursor skips neither.
    await setSubmittedAt(ids[0], '2026-03-01T10:00:00.123456Z');
    await setSubmittedAt(ids[1], '2026-03-01T10:00:00.123456Z');
    await setSubmittedAt(ids[2], '2026-02-01T10:00:00.5Z');
    const reviewer = await signedIn(t, w.assessor.id);
    const seen: ReviewQueueItem[] = [];
    let cursor: string | null = null;
    do {
      const response = await reviewer.get(`/api/reviews?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const page = ReviewQueueResponse.parse(response.json());
      expect(page.credentials.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    const [sameTimeFirst, sameTimeSecond] = [ids[0], ids[1]].sort();
    expect(seen.map((q) => q.submissionId)).toEqual([ids[2], sameTimeFirst, sameTimeSecond]);
    expect(seen[0]).toEqual({
      submissionId: ids[2],
      credential: { id: a.id, title: a.title },
      status: 'submitted',
      round: 1,
      submittedAt: '2026-02-01T10:00:00.500Z',
      members: [{ id: w.teammate.id, name: expect.any(String) }],
      teamSize: 1,
      waitingSeconds: expect.any(Number),
      role: 'first',
    });
    expect(seen[1].submittedAt).toBe('2026-03-01T10:00:00.123Z');
    expect(seen[0].waitingSeconds).toBeGreaterThan(seen[1].waitingSeconds);
    // Someone who assesses nothing: an empty page, no cursor, nothing to filter by.
    expect((await (await signedIn(t, w.colleague.id)).get('/api/reviews')).json()).toEqual({
      data: [],
      nextCursor: null,
      credentials: [],
    });
  });

  it('shows an assessor submitted work oldest first, filtered by credential, never their own', async () => {
    const w = await buildEarningWorld(db());
    const { credential: a } = await credentialOf(db(), w);
    const { credential: b } = await credentialOf(db(), w);
    const { credential: notMine } = await credentialOf(db(), w, {
      assessors: [{ userId: w.lead.id, lead: true }],
    });
    const newer = await startAndSubmit(await signedIn(t, w.teacher.id), a.id);
    const older = await startAndSubmit(await signedIn(t, w.colleague.id), b.id);
    await startAndSubmit(await signedIn(t, w.teammate.id), notMine.id);
    const own = await startAndSubmit(await signedIn(t, w.assessor.id), a.id);
    await setSubmittedAt(newer, '2026-03-02T10:00:00Z');
    await setSubmittedAt(older, '2026-03-01T10:00:00Z');
    await setSubmittedAt(own, '2026-02-01T10:00:00Z');

    const response = await (await signedIn(t, w.assessor.id)).get('/api/reviews');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data.map((q: { submissionId: string }) => q.submissionId)).toEqual([older, newer]);
    expect(body.data[1]).toMatchObject({
      credential: { id: a.id, title: a.title },
      status: 'submitted',
      round: 1,
      teamSize: 1,
      members: [{ id: w.teacher.id, name: 'Tess Teacher' }],
      role: 'first',
    });
    expect(body.data[1].waitingSeconds).toBeGreaterThan(0);
    expect(body.credentials.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
    // The second assessor sees the assessor's own submission; the assessor never does.
    expect(await queueIds(w.second.id)).toContain(own);
    expect(await queueIds(w.assessor.id, `?credentialId=${a.id}`)).toEqual([newer]);
    const first = (await (await signedIn(t, w.assessor.id)).get('/api/reviews?limit=1')).json();
    expect(first.data).toHaveLength(1);
    const rest = await queueIds(w.assessor.id, `?limit=1&cursor=${first.nextCursor}`);
    expect(rest).toEqual([newer]);
    // Someone who assesses nothing has an empty queue.
    expect(await queueIds(w.colleague.id)).toEqual([]);
    expect((await agent(t).get('/api/reviews')).statusCode).toBe(401);
  });

  it('pages exactly through a queue whose oldest work all waits in one of many credentials', async () => {
    // A page of 3 over 4 credentials takes the 2 oldest of each first: the oldest credential holds
    // the whole first page and more, so it must be walked again down to the bound (decision 043).
    const w = await buildEarningWorld(db());
    const credentials = [];
    for (let i = 0; i < 4; i++) credentials.push((await credentialOf(db(), w)).credential);
    const [a, ...others] = credentials;
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      const teacher = await buildUser(db(), { districtId: w.district.id });
      const id = await startAndSubmit(await signedIn(t, teacher.id), a.id);
      await setSubmittedAt(id, `2026-01-0${i + 1}T10:00:00Z`);
      expected.push(id);
    }
    for (const [i, credential] of others.entries()) {
      const teacher = await buildUser(db(), { districtId: w.district.id });
      const id = await startAndSubmit(await signedIn(t, teacher.id), credential.id);
      await setSubmittedAt(id, `2026-02-0${i + 1}T10:00:00Z`);
      expected.push(id);
    }
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = ReviewQueueResponse.parse(
        (
          await (
            await signedIn(t, w.assessor.id)
          ).get(`/api/reviews?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        ).json(),
      );
      pages.push(page.data.map((q) => q.submissionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([expected.slice(0, 3), expected.slice(3, 6), expected.slice(6)]);
    // Pages of ten and of one: the quota then takes 4 and 2 of each credential.
    expect(await queueIds(w.assessor.id, '?limit=10')).toEqual(expected);
    const first = (await (await signedIn(t, w.assessor.id)).get('/api/reviews?limit=1')).json();
    expect(first.data.map((q: { submissionId: string }) => q.submissionId)).toEqual([expected[0]]);
  });

  it('drops a round once it has the reviews it needs, and shows escalated ones only to leads', async () => {
    const w = await buildEarningWorld(db());
    const { credential: single } = await credentialOf(db(), w);
    const { credential: double } = await credentialOf(db(), w, { secondAssessor: true });
    const one = await startAndSubmit(await signedIn(t, w.teacher.id), single.id);
    const two = await startAndSubmit(await signedIn(t, w.colleague.id), double.id);

    expect((await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${one}`, failing())).statusCode).toBe(
      201,
    );
    expect(await queueIds(w.second.id)).not.toContain(one);

    expect((await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${two}`, failing())).statusCode).toBe(
      201,
    );
    expect(await queueIds(w.assessor.id)).not.toContain(two);
    const secondQueue = (await (await signedIn(t, w.second.id)).get('/api/reviews')).json().data;
    expect(secondQueue).toEqual([expect.objectContaining({ submissionId: two, role: 'second' })]);

    expect((await (await signedIn(t, w.second.id)).post(`/api/reviews/${two}`, passing())).statusCode).toBe(
      201,
    );
    expect(await queueIds(w.second.id)).toEqual([]);
    expect(await queueIds(w.assessor.id)).toEqual([]);
    const leadQueue = (await (await signedIn(t, w.lead.id)).get('/api/reviews')).json().data;
    expect(leadQueue).toEqual([
      expect.objectContaining({ submissionId: two, status: 'escalated', role: 'lead' }),
    ]);
  });
});

describe('reviewing', () => {
  it('lets only assessors of the credential review, never their own, once per round', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const id = await startAndSubmit(await signedIn(t, w.teacher.id), credential.id);
    const own = await startAndSubmit(await signedIn(t, w.second.id), credential.id, [w.colleague.id]);

    const admin = await (await signedIn(t, w.admin.id)).post(`/api/reviews/${id}`, failing());
    expect(admin.statusCode).toBe(403);
    expect((await (await signedIn(t, w.colleague.id)).post(`/api/reviews/${id}`, failing())).statusCode).toBe(
      403,
    );
    const self = await (await signedIn(t, w.second.id)).post(`/api/reviews/${own}`, failing());
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toMatch(/own/);
    expect((await (await signedIn(t, w.second.id)).get(`/api/reviews/${own}`)).statusCode).toBe(403);

    const assessor = await signedIn(t, w.assessor.id);
    expect((await assessor.post(`/api/reviews/${id}`, failing())).statusCode).toBe(201);
    const twice = await assessor.post(`/api/reviews/${id}`, failing());
    expect(twice.statusCode).toBe(409);
    const { rows } = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from submission_reviews where submission_id = ${id}`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('needs every criterion scored, passing scores for earned, and feedback for revise', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const id = await startAndSubmit(await signedIn(t, w.teacher.id), credential.id);
    const assessor = await signedIn(t, w.assessor.id);

    const missing = await assessor.post(`/api/reviews/${id}`, {
      ...failing(),
      scores: failing().scores.slice(0, 1),
    });
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toEqual(['/body/scores']);
    const unknown = await assessor.post(`/api/reviews/${id}`, {
      ...failing(),
      scores: [...failing().scores, { criterionId: 'style', level: 1, feedback: '' }],
    });
    expect(paths(unknown)).toEqual(['/body/scores']);
    const tooHigh = await assessor.post(`/api/reviews/${id}`, {
      ...passing(),
      scores: [{ criterionId: 'plan', level: 3, feedback: '' }, passing().scores[1]],
    });
    expect(paths(tooHigh)).toEqual(['/body/scores']);
    const notPassing = await assessor.post(`/api/reviews/${id}`, { ...failing(), decision: 'earned' });
    expect(notPassing.statusCode).toBe(400);
    expect(paths(notPassing)).toEqual(['/body/decision']);
    const silent = await assessor.post(`/api/reviews/${id}`, failing('  '));
    expect(paths(silent)).toEqual(['/body/feedback']);
    const { rows } = await db().execute<{ status: string; n: number }>(sql`
      select status, (select count(*)::int from submission_reviews where submission_id = s.id) as n
        from submissions s where id = ${id}`);
    expect(rows[0]).toEqual({ status: 'submitted', n: 0 });
  });

  it('sends work back for revision and keeps both rounds and their reviews on resubmission', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w);
    const teacher = await signedIn(t, w.teacher.id);
    const id = await startAndSubmit(teacher, credential.id);
    const revised = await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, failing());
    expect(revised.statusCode).toBe(201);
    expect(revised.json().data).toMatchObject({
      status: 'revise',
      review: { role: 'first', decision: 'revise' },
    });
    const told = await notificationsOf(t, 'credential_reviewed', id);
    expect(told.map((n) => n.user_id)).toEqual([w.teacher.id]);

    const mine = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(mine.status).toBe('revise');
    expect(mine.abilities.editEvidence).toBe(true);
    expect(mine.rounds[0].reviews).toEqual([
      expect.objectContaining({
        assessor: { id: w.assessor.id, name: 'Ada Assessor' },
        feedback: failing().feedback,
      }),
    ]);

    await save(teacher, id, [{ promptId: 'reflect', text: 'Revised: I collected exit tickets.' }]);
    const resubmitted = await teacher.post(`/api/submissions/${id}/submit`);
    expect(resubmitted.json().data).toMatchObject({ status: 'submitted', round: 2 });
    expect(await queueIds(w.assessor.id)).toEqual([id]);

    const second = await (await signedIn(t, w.assessor.id)).post(
      `/api/reviews/${id}`,
      failing('Still thin.'),
    );
    expect(second.json().data.review.round).toBe(2);
    const history = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(history.rounds.map((r: { round: number }) => r.round)).toEqual([1, 2]);
    expect(history.rounds[0].evidence[0].text).toBe('We tried think-pair-share; talk doubled.');
    expect(history.rounds[1].evidence[0].text).toBe('Revised: I collected exit tickets.');
    expect(history.rounds.map((r: { reviews: unknown[] }) => r.reviews.length)).toEqual([1, 1]);

    const reviewed = await statementsOf(t, 'reviewed', credential.id);
    expect(reviewed).toHaveLength(2);
    expect(reviewed[0].actor_id).toBe(w.assessor.id);
    expect(reviewed[0].body.result).toMatchObject({
      response: 'revise',
      success: false,
      extensions: { 'https://trellis.dev/xapi/extensions/scores': failing().scores },
    });
  });

  it('keeps a second review blind, and settles a disagreement by a lead after escalating', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { secondAssessor: true });
    const teacher = await signedIn(t, w.teacher.id);
    const id = await startAndSubmit(teacher, credential.id);
    const first = await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, failing());
    expect(first.json().data).toMatchObject({ status: 'submitted', review: { role: 'first' } });

    const blind = (await (await signedIn(t, w.second.id)).get(`/api/reviews/${id}`)).json().data;
    expect(blind.rounds[0].reviews).toEqual([]);
    expect(blind.abilities.review).toBe(true);
    expect((await teacher.get(`/api/submissions/${id}`)).json().data.rounds[0].reviews).toEqual([]);
    // Nor does the teacher's own data export hold a review of the open round.
    const exportedReviews = async () =>
      ((await teacher.get('/api/me/data-export')).json().tables.submission_reviews?.rows ?? []).length;
    expect(await exportedReviews()).toBe(0);
    const firstSees = (await (await signedIn(t, w.assessor.id)).get(`/api/reviews/${id}`)).json().data;
    expect(firstSees.rounds[0].reviews).toHaveLength(1);
    expect(firstSees.abilities.review).toBe(false);

    const disagree = await (await signedIn(t, w.second.id)).post(`/api/reviews/${id}`, passing());
    expect(disagree.json().data).toMatchObject({ status: 'escalated', review: { role: 'second' } });
    const leadsTold = await notificationsOf(t, 'credential_escalated', id);
    expect(leadsTold.map((n) => n.user_id)).toEqual([w.lead.id]);
    expect((await teacher.get(`/api/submissions/${id}`)).json().data.rounds[0].reviews).toEqual([]);

    const notLead = await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, passing());
    expect(notLead.statusCode).toBe(409);
    const leadSees = (await (await signedIn(t, w.lead.id)).get(`/api/reviews/${id}`)).json().data;
    expect(leadSees.rounds[0].reviews.map((r: { role: string }) => r.role)).toEqual(['first', 'second']);

    const settled = await (await signedIn(t, w.lead.id)).post(
      `/api/reviews/${id}`,
      failing('Lead: show impact.'),
    );
    expect(settled.json().data).toMatchObject({ status: 'revise', review: { role: 'lead' } });
    const decided = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(decided.rounds[0].reviews.map((r: { role: string }) => r.role)).toEqual([
      'first',
      'second',
      'lead',
    ]);
    expect(decided.decidedAt).not.toBeNull();
    expect(await exportedReviews()).toBe(3);
    expect((await statementsOf(t, 'reviewed', credential.id)).map((s) => s.actor_id)).toEqual([
      w.assessor.id,
      w.second.id,
      w.lead.id,
    ]);
  });

  it('refuses a non-lead assessor who has not reviewed an escalated round', async () => {
    const w = await buildEarningWorld(db());
    const third = w.colleague;
    const { credential } = await credentialOf(db(), w, {
      secondAssessor: true,
      assessors: [
        { userId: w.assessor.id },
        { userId: w.second.id },
        { userId: third.id },
        { userId: w.lead.id, lead: true },
      ],
    });
    const id = await startAndSubmit(await signedIn(t, w.teacher.id), credential.id);
    await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, failing());
    await (await signedIn(t, w.second.id)).post(`/api/reviews/${id}`, passing());
    const response = await (await signedIn(t, third.id)).post(`/api/reviews/${id}`, passing());
    expect(response.statusCode).toBe(403);
    expect(await queueIds(third.id)).toEqual([]);
  });

  it('decides with two agreeing assessors without a lead', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { secondAssessor: true });
    const id = await startAndSubmit(await signedIn(t, w.teacher.id), credential.id);
    await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, failing());
    const agreed = await (await signedIn(t, w.second.id)).post(
      `/api/reviews/${id}`,
      failing('Agree: impact.'),
    );
    expect(agreed.json().data.status).toBe('revise');
    expect(await notificationsOf(t, 'credential_escalated', id)).toEqual([]);
    expect((await notificationsOf(t, 'credential_reviewed', id)).map((n) => n.user_id)).toEqual([
      w.teacher.id,
    ]);
  });

  it('awards the credential to every member when earned', async () => {
    const w = await buildEarningWorld(db());
    const { credential } = await credentialOf(db(), w, { maxTeamSize: 2 });
    const teacher = await signedIn(t, w.teacher.id);
    const id = await startAndSubmit(teacher, credential.id, [w.teammate.id]);
    const earned = await (await signedIn(t, w.assessor.id)).post(`/api/reviews/${id}`, passing());
    expect(earned.statusCode).toBe(201);
    expect(earned.json().data.status).toBe('earned');
    const { rows } = await db().execute<{ recipient_id: string; issued_by: string }>(sql`
      select recipient_id, issued_by from awards where submission_id = ${id} order by recipient_id`);
    expect(rows.map((r) => r.recipient_id).sort()).toEqual([w.teacher.id, w.teammate.id].sort());
    expect(rows.every((r) => r.issued_by === w.assessor.id)).toBe(true);
    const mine = (await teacher.get(`/api/submissions/${id}`)).json().data;
    expect(mine).toMatchObject({ status: 'earned', abilities: { withdraw: false, editEvidence: false } });
    expect(mine.awardId).toEqual(expect.any(String));
    const progress = (await teacher.get(`/api/micro-credentials/${credential.id}/my-progress`)).json().data;
    expect(progress.award).toEqual({ id: mine.awardId });
  });
});
