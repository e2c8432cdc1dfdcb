import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setupTestApp } from '#server/test/app.ts';
import { fromBase64, planRows, toBase64 } from '#shared/lesson-plan.ts';
import { lessonStudyWithPlan } from './test-support.ts';

const t = setupTestApp();

/** A lesson study whose facilitator Ana and member Ben have started its plan. */
async function lessonStudy() {
  const { cycleId, asAna, asBen } = await lessonStudyWithPlan(t, 'Ratio tables');
  return { cycleId, as: { ana: asAna, ben: asBen } };
}

describe('a plan update that would leave the plan unreadable', () => {
  it('is refused naming the field, and the plan still reads for the team', async () => {
    const { cycleId, as } = await lessonStudy();
    const path = `/api/inquiry/cycles/${cycleId}/plans/1`;
    const before = (await as.ben.get(path)).json().data;

    // A well-formed Yjs update, made on the plan as it stands, that puts a bare value among its rows.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fromBase64(before.state));
    const seen = Y.encodeStateVector(doc);
    planRows(doc).push(['not a row' as unknown as Y.Map<unknown>]);
    const update = toBase64(Y.encodeStateAsUpdate(doc, seen));

    const res = await as.ben.post(`${path}/updates`, { update });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors[0].path).toBe('/body/update');

    const after = await as.ana.get(path);
    expect(after.statusCode).toBe(200);
    expect(after.json().data.seq).toBe(before.seq);
    expect(after.json().data.content.rows).toHaveLength(before.content.rows.length);
  });
});
