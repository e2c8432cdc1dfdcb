import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildImprovementCommunity } from './test-support.ts';

const t = setupTestApp();

/** An improvement community of two school teams: Fay facilitates (Aspen), Gus at Aspen, Hal at Birch. */
async function buildWorld() {
  const { birch, fay, gus, hal, nic } = await buildImprovementCommunity(t.database.db);
  const as = {
    fay: await signedIn(t, fay.id),
    gus: await signedIn(t, gus.id),
    hal: await signedIn(t, hal.id),
  };
  const measure = await as.fay.post(`/api/communities/${nic.id}/improvement/measures`, {
    kind: 'outcome',
    name: 'Student-planned lab reports',
    definition: 'Lab reports whose procedure the students wrote, as a percentage of all lab reports.',
    unit: '%',
  });
  expect(measure.statusCode, measure.body).toBe(201);
  return { birch, as, measureId: measure.json().data.id as string };
}

const week = (i: number) => new Date(Date.UTC(2026, 8, 7 + 7 * i)).toISOString().slice(0, 10);

describe('a baseline over a value from fewer than 10 students', () => {
  it('shows its frozen median to its own team only; others read the median of the points they see', async () => {
    const w = await buildWorld();
    const values = `/api/improvement/measures/${w.measureId}/values`;
    const baseline = await w.as.hal.post(`/api/improvement/measures/${w.measureId}/baselines`, {
      schoolId: w.birch.id,
      fromPeriod: week(0),
      length: 3,
      reason: 'initial',
    });
    expect(baseline.statusCode, baseline.body).toBe(201);
    // 57 comes from 7 students: the frozen median of 57, 40 and 44 is 44.
    for (const [i, [value, studentCount]] of [
      [57, 7],
      [40, 24],
      [44, 24],
    ].entries()) {
      const r = await w.as.hal.put(values, { schoolId: w.birch.id, period: week(i), value, studentCount });
      expect(r.statusCode, r.body).toBe(200);
    }
    const chartOf = async (who: typeof w.as.hal) => {
      const res = await who.get(`/api/improvement/measures/${w.measureId}/charts`);
      expect(res.statusCode).toBe(200);
      return res.json().data.charts.find((c: { team: { id: string } }) => c.team.id === w.birch.id);
    };

    const own = await chartOf(w.as.hal);
    expect(own.segments[0]).toMatchObject({ median: 44, frozen: true });

    const other = await chartOf(w.as.gus);
    expect(other.withheld).toBe(1);
    expect(other.segments[0]).toMatchObject({ median: 42, frozen: false });
  });
});
