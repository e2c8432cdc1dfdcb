/**
 * Run charts read by the Anhøj rules (decision 064): pure functions over a team's values, so the rules
 * can be checked against examples worked by hand.
 *
 * - Points on the centre line are not useful: they neither make nor break a run, and are not counted.
 * - An unusually long run: the longest run of useful points on one side of the centre line is longer
 *   than round(log2(n) + 3), n the useful points.
 * - Too few crossings: the centre line is crossed fewer times than the 5th percentile of
 *   Binomial(n − 1, 0.5).
 * - The classic trend rule, offered as an option: 6 or more points each higher (or each lower) than
 *   the one before; a point equal to the one before neither makes nor breaks the trend.
 */

/** The median of some numbers (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('The median of no values is undefined.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The longest run a random series of n useful points may show: round(log2(n) + 3). */
export function longestRunLimit(n: number): number {
  return n < 1 ? 0 : Math.round(Math.log2(n) + 3);
}

/**
 * The fewest crossings a random series of n useful points may show: the 5th percentile of
 * Binomial(n − 1, 0.5), the smallest c with P(X ≤ c) ≥ 0.05. Fewer than this is a signal.
 */
export function fewestCrossings(n: number): number {
  const trials = n - 1;
  if (trials < 1) return 0;
  // Summed in log space so that long series do not underflow 0.5^trials.
  let logTerm = trials * Math.log(0.5);
  let cumulative = 0;
  for (let c = 0; c <= trials; c++) {
    cumulative += Math.exp(logTerm);
    if (cumulative >= 0.05) return c;
    logTerm += Math.log((trials - c) / (c + 1));
  }
  return trials;
}

export interface RunRules {
  /** Useful observations: points not on the centre line. */
  useful: number;
  longestRun: number;
  longestRunLimit: number;
  crossings: number;
  fewestCrossings: number;
  /** The longest run is longer than the limit. */
  unusuallyLongRun: boolean;
  /** Fewer crossings than the limit. */
  tooFewCrossings: boolean;
  /** Indexes (into the values given) of the points in runs longer than the limit. */
  longRunPoints: number[];
  /** With the trend rule: indexes of points in rising or falling stretches of 6 or more; else empty. */
  trendPoints: number[];
}

/** Reads a series of values against a centre line by the Anhøj rules (and the trend rule if asked). */
export function readRunChart(
  values: readonly number[],
  centre: number,
  options: { trendRule?: boolean } = {},
): RunRules {
  const sides: Array<{ index: number; side: 1 | -1 }> = [];
  values.forEach((value, index) => {
    if (value > centre) sides.push({ index, side: 1 });
    else if (value < centre) sides.push({ index, side: -1 });
  });
  const n = sides.length;
  let crossings = 0;
  let longestRun = 0;
  const runs: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sides[i].side !== sides[i - 1].side) {
      crossings++;
      runs.push(current);
      current = [];
    }
    current.push(sides[i].index);
  }
  if (current.length) runs.push(current);
  for (const run of runs) longestRun = Math.max(longestRun, run.length);
  const runLimit = longestRunLimit(n);
  const crossingLimit = fewestCrossings(n);
  return {
    useful: n,
    longestRun,
    longestRunLimit: runLimit,
    crossings,
    fewestCrossings: crossingLimit,
    unusuallyLongRun: n > 0 && longestRun > runLimit,
    tooFewCrossings: n > 1 && crossings < crossingLimit,
    longRunPoints: runs.filter((run) => run.length > runLimit).flat(),
    trendPoints: options.trendRule ? trendPoints(values) : [],
  };
}

/** Indexes of points in stretches of 6 or more each rising (or each falling); ties are skipped over. */
export function trendPoints(values: readonly number[], length = 6): number[] {
  const found = new Set<number>();
  for (const direction of [1, -1]) {
    let stretch: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const last = stretch.at(-1);
      if (last === undefined) {
        stretch = [i];
        continue;
      }
      const step = Math.sign(values[i] - values[last]);
      if (step === 0) continue;
      if (step === direction) stretch.push(i);
      else {
        if (stretch.length >= length) for (const p of stretch) found.add(p);
        stretch = [i];
      }
    }
    if (stretch.length >= length) for (const p of stretch) found.add(p);
  }
  return [...found].sort((a, b) => a - b);
}

export interface Baseline {
  id: string;
  /** The first period the baseline's median is the centre line for (ISO date). */
  fromPeriod: string;
  /** How many points the median is taken over. */
  length: number;
  /**
   * Frozen once the team has entered `length` points: later corrections to them do not move it.
   * Null until then, when the chart reads against the median of the points so far, not frozen.
   */
  median: number | null;
  reason: 'initial' | 'process_change';
  note: string;
}

export interface ChartPoint {
  period: string;
  value: number;
}

export interface ChartSegment {
  /** Null when no baseline is recorded yet: the centre line is the median of every point, not frozen. */
  baselineId: string | null;
  fromPeriod: string;
  median: number;
  frozen: boolean;
  reason: 'initial' | 'process_change' | null;
  note: string;
  /** Indexes into the chart's points. */
  points: number[];
  rules: RunRules;
}

/**
 * Splits a team's points into segments, one per baseline (each from its first period until the next
 * baseline's), each read against its own frozen median. Points before the first baseline belong to it.
 * With no baseline, one segment is read against the median of all the points.
 */
export function segmentRunChart(
  points: readonly ChartPoint[],
  baselines: readonly Baseline[],
  options: { trendRule?: boolean } = {},
): ChartSegment[] {
  if (points.length === 0) return [];
  const ordered = [...baselines].sort((a, b) => a.fromPeriod.localeCompare(b.fromPeriod));
  if (ordered.length === 0) {
    const all = points.map((_, i) => i);
    const centre = median(points.map((p) => p.value));
    return [
      {
        baselineId: null,
        fromPeriod: points[0].period,
        median: centre,
        frozen: false,
        reason: null,
        note: '',
        points: all,
        rules: readRunChart(
          points.map((p) => p.value),
          centre,
          options,
        ),
      },
    ];
  }
  const segments: ChartSegment[] = [];
  ordered.forEach((baseline, b) => {
    const next = ordered[b + 1];
    const indexes = points
      .map((p, i) => ({ p, i }))
      .filter(
        ({ p }) => (b === 0 || p.period >= baseline.fromPeriod) && (!next || p.period < next.fromPeriod),
      )
      .map(({ i }) => i);
    const firstPoints = indexes
      .filter((i) => points[i].period >= baseline.fromPeriod)
      .slice(0, baseline.length);
    const centre =
      baseline.median ?? (firstPoints.length ? median(firstPoints.map((i) => points[i].value)) : null);
    if (centre === null) return;
    const local = readRunChart(
      indexes.map((i) => points[i].value),
      centre,
      options,
    );
    const toChart = (list: number[]) => list.map((k) => indexes[k]);
    segments.push({
      baselineId: baseline.id,
      fromPeriod: baseline.fromPeriod,
      median: centre,
      frozen: baseline.median !== null,
      reason: baseline.reason,
      note: baseline.note,
      points: indexes,
      rules: {
        ...local,
        longRunPoints: toChart(local.longRunPoints),
        trendPoints: toChart(local.trendPoints),
      },
    });
  });
  return segments;
}
