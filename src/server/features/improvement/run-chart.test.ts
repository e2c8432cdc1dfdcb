import { describe, expect, it } from 'vitest';
import {
  fewestCrossings,
  longestRunLimit,
  median,
  readRunChart,
  segmentRunChart,
  trendPoints,
} from './run-chart.ts';

// Every expected figure below was worked by hand from the published rules; the working is in the
// comments so a reader can check it without running anything.

describe('the limits of the Anhøj rules', () => {
  it('allows a longest run of round(log2(n) + 3)', () => {
    // log2(10) = 3.32 → 6.32 → 6; log2(12) = 3.58 → 6.58 → 7; log2(14) = 3.81 → 6.81 → 7; log2(20) = 4.32 → 7.32 → 7
    expect([10, 12, 14, 20].map(longestRunLimit)).toEqual([6, 7, 7, 7]);
  });

  it('asks for at least the 5th percentile of Binomial(n − 1, 0.5) crossings', () => {
    // n = 10: P(X ≤ 1) = 10/512 = 0.020, P(X ≤ 2) = 46/512 = 0.090 → 2
    // n = 12: P(X ≤ 2) = 67/2048 = 0.033, P(X ≤ 3) = 232/2048 = 0.113 → 3
    // n = 14: P(X ≤ 3) = 378/8192 = 0.046, P(X ≤ 4) = 1093/8192 = 0.133 → 4
    // n = 20: P(X ≤ 5) = 16664/524288 = 0.032, P(X ≤ 6) = 43796/524288 = 0.084 → 6
    expect([10, 12, 14, 20].map(fewestCrossings)).toEqual([2, 3, 4, 6]);
    // n = 5: P(X = 0) = 1/16 = 0.0625 ≥ 0.05 already, so no series of 5 can cross too rarely.
    expect(fewestCrossings(5)).toBe(0);
  });

  it('takes the middle of the sorted values, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 42, 38, 41, 39, 43, 37, 40])).toBe(40);
  });
});

describe('reading a run chart', () => {
  it('finds no signal in a random series', () => {
    // Median of 3 4 5 5 6 6 7 8 8 9 9 10 is (6 + 7) / 2 = 6.5.
    // Sides: − + − + − + + − + − + −: 12 useful, 11 runs, so 10 crossings; longest run 2.
    const values = [5, 8, 6, 9, 4, 7, 10, 3, 8, 6, 9, 5];
    const rules = readRunChart(values, median(values));
    expect(rules).toMatchObject({
      useful: 12,
      longestRun: 2,
      longestRunLimit: 7,
      crossings: 10,
      fewestCrossings: 3,
      unusuallyLongRun: false,
      tooFewCrossings: false,
      longRunPoints: [],
    });
  });

  it('flags a shift: a run longer than the limit after the change', () => {
    // Baseline 40 42 38 41 39 43 37 40 → median (40 + 40) / 2 = 40; both 40s sit on the line.
    // Useful: 42+ 38− 41+ 39− 43+ 37− then eight points above: n = 14, limit 7, longest run 8.
    // Crossings: 6 alternations; the limit for 14 is 4, so the crossings rule is quiet.
    const values = [40, 42, 38, 41, 39, 43, 37, 40, 45, 47, 44, 48, 46, 49, 45, 50];
    const rules = readRunChart(values, 40);
    expect(rules).toMatchObject({
      useful: 14,
      longestRun: 8,
      longestRunLimit: 7,
      unusuallyLongRun: true,
      crossings: 6,
      fewestCrossings: 4,
      tooFewCrossings: false,
      longRunPoints: [8, 9, 10, 11, 12, 13, 14, 15],
    });
  });

  it('flags too few crossings when no run is long', () => {
    // Centre 10. Runs of 4 above, 3 below, 4 above, 3 below, 3 above, 3 below: 20 useful points,
    // longest run 4 (limit 7), 5 crossings where at least 6 are expected.
    const values = [11, 12, 11, 13, 9, 8, 9, 12, 11, 12, 13, 8, 9, 7, 11, 12, 11, 9, 8, 9];
    const rules = readRunChart(values, 10);
    expect(rules).toMatchObject({
      useful: 20,
      longestRun: 4,
      longestRunLimit: 7,
      unusuallyLongRun: false,
      crossings: 5,
      fewestCrossings: 6,
      tooFewCrossings: true,
    });
  });

  it('neither counts nor breaks a run at points on the median', () => {
    // Centre 10. Indexes 2 and 6 sit on the line: 12 useful points; the nine above (0 1 3 4 5 7 8 9 10)
    // are one run of 9 > 7; one crossing where 3 are expected (n = 12).
    const values = [12, 11, 10, 13, 12, 11, 10, 14, 12, 11, 13, 8, 9, 7];
    const rules = readRunChart(values, 10);
    expect(rules).toMatchObject({
      useful: 12,
      longestRun: 9,
      longestRunLimit: 7,
      unusuallyLongRun: true,
      crossings: 1,
      fewestCrossings: 3,
      tooFewCrossings: true,
      longRunPoints: [0, 1, 3, 4, 5, 7, 8, 9, 10],
    });
    // Short series with points on the line: 5 6 5 7 4 5 3 6 5 5 8 around 5 → useful 6+ 7+ 4− 3− 6+ 8+,
    // runs of 2, 2, 2 (limit round(2.58 + 3) = 6), 2 crossings (limit 1): nothing.
    expect(readRunChart([5, 6, 5, 7, 4, 5, 3, 6, 5, 5, 8], 5)).toMatchObject({
      useful: 6,
      longestRun: 2,
      longestRunLimit: 6,
      crossings: 2,
      fewestCrossings: 1,
      unusuallyLongRun: false,
      tooFewCrossings: false,
    });
  });

  it('offers the trend rule: six points each rising, ties skipped', () => {
    // 10 12 | 11 13 14 15 17 18 | 16 15: indexes 2 to 7 rise six times in a row; nothing falls six times.
    const values = [10, 12, 11, 13, 14, 15, 17, 18, 16, 15];
    expect(readRunChart(values, median(values)).trendPoints).toEqual([]);
    const rules = readRunChart(values, median(values), { trendRule: true });
    expect(rules.trendPoints).toEqual([2, 3, 4, 5, 6, 7]);
    // The same series around its median 14.5: five below then five above, 1 crossing (limit 2).
    expect(rules).toMatchObject({ useful: 10, longestRun: 5, crossings: 1, tooFewCrossings: true });
    // A repeated value neither makes nor breaks a trend: 1 2 2 3 4 5 6 is six rising points.
    expect(trendPoints([1, 2, 2, 3, 4, 5, 6])).toEqual([0, 1, 3, 4, 5, 6]);
    expect(trendPoints([9, 8, 7, 6, 5, 4, 5])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trendPoints([1, 2, 3, 4, 5, 4])).toEqual([]);
  });
});

describe('baselines and re-baselining', () => {
  const weeks = Array.from({ length: 16 }, (_, i) => `2026-01-${String(5 + i).padStart(2, '0')}`);
  const values = [20, 22, 19, 21, 23, 20, 18, 22, 30, 32, 29, 31, 33, 30, 31, 32];
  const points = weeks.map((period, i) => ({ period, value: values[i] }));
  // Baseline of the first six: 19 20 20 21 22 23 → (20 + 21) / 2 = 20.5.
  const initial = {
    id: 'b1',
    fromPeriod: weeks[0],
    length: 6,
    median: 20.5,
    reason: 'initial' as const,
    note: '',
  };

  it('reads every point against the frozen median until the team records a process change', () => {
    // Against 20.5: − + − + + − − + then nine above (22 at week 8 and the eight after the change):
    // n = 16, limit round(4 + 3) = 7, longest run 9 → a shift.
    const [segment] = segmentRunChart(points, [initial]);
    expect(segment).toMatchObject({ median: 20.5, frozen: true, points: weeks.map((_, i) => i) });
    expect(segment.rules).toMatchObject({
      useful: 16,
      longestRun: 9,
      longestRunLimit: 7,
      unusuallyLongRun: true,
    });
    expect(segment.rules.longRunPoints).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('reads the points after a process change against the new baseline alone', () => {
    // New baseline of weeks 9–14: 29 30 30 31 32 33 → 30.5.
    const changed = {
      id: 'b2',
      fromPeriod: weeks[8],
      length: 6,
      median: 30.5,
      reason: 'process_change' as const,
      note: 'Exit tickets every lesson',
    };
    const [before, after] = segmentRunChart(points, [changed, initial]);
    // Weeks 1–8 against 20.5: − + − + + − − +: runs 1 1 1 2 2 1, 5 crossings, nothing.
    expect(before.points).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(before.rules).toMatchObject({ useful: 8, longestRun: 2, crossings: 5, unusuallyLongRun: false });
    // Weeks 9–16 against 30.5: 30− 32+ 29− 31+ 33+ 30− 31+ 32+: runs 1 1 1 2 1 2, 5 crossings, nothing.
    expect(after).toMatchObject({ baselineId: 'b2', median: 30.5, reason: 'process_change' });
    expect(after.points).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(after.rules).toMatchObject({
      useful: 8,
      longestRun: 2,
      crossings: 5,
      unusuallyLongRun: false,
      tooFewCrossings: false,
    });
  });

  it('reads the median of every point, not frozen, while no baseline is recorded', () => {
    const [segment] = segmentRunChart(points.slice(0, 6), []);
    expect(segment).toMatchObject({ baselineId: null, frozen: false, median: 20.5 });
  });

  it('reads a baseline still short of its points against the median so far, not frozen', () => {
    // Eight points asked for, four entered: 20 22 19 21 → (20 + 21) / 2 = 20.5, not yet frozen.
    const [segment] = segmentRunChart(points.slice(0, 4), [{ ...initial, length: 8, median: null }]);
    expect(segment).toMatchObject({ baselineId: 'b1', frozen: false, median: 20.5 });
  });
});
