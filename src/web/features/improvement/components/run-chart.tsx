import { useId } from 'react';
import type { TeamChart } from '#shared/contracts/improvement.ts';
import { formatPeriod as formatDay } from './field-error.ts';

const WIDTH = 520;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 16, bottom: 34 };

const number = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** What the rules found in a team's chart, in words: the chart's summary for everyone. */
export function chartFindings(chart: TeamChart): string[] {
  const found: string[] = [];
  for (const s of chart.segments) {
    const r = s.rules;
    const from = chart.segments.length > 1 ? ` (from ${formatDay(s.fromPeriod)})` : '';
    if (r.unusuallyLongRun)
      found.push(
        `Shift${from}: ${r.longestRun} points in a row on one side of the median, where more than ${r.longestRunLimit} is unusual for ${r.useful} points.`,
      );
    if (r.tooFewCrossings)
      found.push(
        `Too few crossings${from}: the line crosses the median ${r.crossings} times, where at least ${r.fewestCrossings} are expected for ${r.useful} points.`,
      );
    if (r.trendPoints.length)
      found.push(`Trend${from}: ${r.trendPoints.length} points each rising or each falling.`);
  }
  const astronomical = chart.values.filter((v) => v.astronomical).length;
  if (astronomical)
    found.push(`${astronomical} ${astronomical === 1 ? 'point' : 'points'} marked astronomical.`);
  return found;
}

/**
 * One school team's run chart: its values in period order, each baseline's median as a line over
 * the points it is read against (dashed while not yet frozen), points in a signal drawn as squares,
 * astronomical points ringed, and each PDSA cycle as a marked line. The SVG is one image with a
 * summary; the values are in a table beside it.
 */
export function RunChart({ chart, unit }: { chart: TeamChart; unit: string }) {
  const titleId = useId();
  const plotted = chart.plotted.map((i) => ({ index: i, ...chart.values[i] }));
  const numbers = plotted.map((p) => p.value as number);
  const medians = chart.segments.map((s) => s.median ?? 0);
  const low = Math.min(...numbers, ...medians);
  const high = Math.max(...numbers, ...medians);
  const span = high - low || 1;
  const x = (k: number) =>
    PAD.left + (plotted.length <= 1 ? 0 : (k * (WIDTH - PAD.left - PAD.right)) / (plotted.length - 1));
  const y = (v: number) => PAD.top + (1 - (v - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const positionOf = new Map(plotted.map((p, k) => [p.index, k]));
  const signal = new Set(chart.segments.flatMap((s) => [...s.rules.longRunPoints, ...s.rules.trendPoints]));
  const findings = chartFindings(chart);
  const summary = `${chart.team.name}: ${plotted.length} values${
    chart.segments[0] ? `, median ${number(chart.segments[0].median ?? 0)}` : ''
  }. ${findings.length ? findings.join(' ') : 'No sign of non-random variation.'}`;

  return (
    <figure className="run-chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        <strong>{chart.team.name}</strong> <span className="muted">{chart.team.districtName}</span>
        {chart.mine && <span className="run-chart__mine"> · your team</span>}
      </figcaption>
      {plotted.length === 0 ? (
        <p className="muted">No values to show yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="run-chart__svg" role="img" aria-label={summary}>
          <line
            x1={PAD.left}
            x2={PAD.left}
            y1={PAD.top}
            y2={HEIGHT - PAD.bottom}
            className="run-chart__axis"
          />
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={HEIGHT - PAD.bottom}
            y2={HEIGHT - PAD.bottom}
            className="run-chart__axis"
          />
          <text x={PAD.left - 6} y={y(high) + 4} textAnchor="end" className="run-chart__tick">
            {number(high)}
          </text>
          <text x={PAD.left - 6} y={y(low) + 4} textAnchor="end" className="run-chart__tick">
            {number(low)}
          </text>
          <text x={PAD.left} y={HEIGHT - 8} className="run-chart__tick">
            {formatDay(plotted[0].period)}
          </text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="run-chart__tick">
            {formatDay(plotted[plotted.length - 1].period)}
          </text>
          {chart.segments.map((s) => {
            const ks = s.points.map((i) => positionOf.get(i) ?? 0);
            if (!ks.length || s.median === null) return null;
            const x1 = x(Math.min(...ks)) - 4;
            const x2 = x(Math.max(...ks)) + 4;
            return (
              <g key={s.baselineId ?? 'all'}>
                <line
                  x1={x1}
                  x2={x2}
                  y1={y(s.median)}
                  y2={y(s.median)}
                  className={`run-chart__median${s.frozen ? '' : ' run-chart__median--open'}`}
                />
                <text x={x2} y={y(s.median) - 4} textAnchor="end" className="run-chart__tick">
                  median {number(s.median)}
                  {s.reason === 'process_change' ? ' (after a change)' : ''}
                </text>
              </g>
            );
          })}
          {chart.annotations.map((a, n) => {
            const k = plotted.findIndex((p) => p.period >= a.date);
            if (k < 0) return null;
            return (
              <g key={a.cycleId}>
                <line
                  x1={x(k)}
                  x2={x(k)}
                  y1={PAD.top}
                  y2={HEIGHT - PAD.bottom}
                  className="run-chart__cycle"
                />
                <text x={x(k) + 3} y={PAD.top + 10} className="run-chart__tick">
                  P{n + 1}
                </text>
              </g>
            );
          })}
          <polyline
            points={plotted.map((p, k) => `${x(k)},${y(p.value as number)}`).join(' ')}
            className="run-chart__line"
          />
          {plotted.map((p, k) =>
            signal.has(p.index) ? (
              <rect
                key={p.id}
                x={x(k) - 5}
                y={y(p.value as number) - 5}
                width={10}
                height={10}
                className="run-chart__point run-chart__point--signal"
              />
            ) : (
              <circle key={p.id} cx={x(k)} cy={y(p.value as number)} r={4} className="run-chart__point" />
            ),
          )}
          {plotted.map((p, k) =>
            p.astronomical ? (
              <circle
                key={`a-${p.id}`}
                cx={x(k)}
                cy={y(p.value as number)}
                r={9}
                className="run-chart__astronomical"
              />
            ) : null,
          )}
        </svg>
      )}
      <ul className="run-chart__findings">
        {findings.length ? (
          findings.map((f) => (
            <li key={f} className="run-chart__finding">
              {f}
            </li>
          ))
        ) : plotted.length ? (
          <li>No sign of non-random variation.</li>
        ) : null}
        {chart.withheld > 0 && (
          <li className="muted">
            {chart.withheld} {chart.withheld === 1 ? 'value' : 'values'} from fewer than 10 students, kept
            within the team.
          </li>
        )}
      </ul>
      {chart.annotations.length > 0 && (
        <ol className="run-chart__cycles">
          {chart.annotations.map((a, n) => (
            <li key={a.cycleId}>
              P{n + 1}: {a.label}, tried {formatDay(a.date)}
              {a.decision ? ` — ${a.decision}` : ''}
            </li>
          ))}
        </ol>
      )}
      {chart.values.length > 0 && (
        <details>
          <summary>Values as a table</summary>
          <table className="run-chart__table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Value{unit ? ` (${unit})` : ''}</th>
                <th scope="col">Students</th>
              </tr>
            </thead>
            <tbody>
              {chart.values.map((v) => (
                <tr key={v.id}>
                  <td>{formatDay(v.period)}</td>
                  <td>
                    {v.value === null ? 'Kept within the team' : number(v.value)}
                    {v.astronomical
                      ? ` (astronomical${v.astronomicalNote ? `: ${v.astronomicalNote}` : ''})`
                      : ''}
                  </td>
                  <td>
                    {v.studentCount ?? '—'}
                    {v.smallGroup ? ' (fewer than 10)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
