import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  SPREAD_KIND_LABELS,
  SPREAD_KINDS,
  type SpreadCounts,
  type SpreadRow,
  type SpreadView,
} from '#shared/contracts/mobilization.ts';
import { formatDay } from '#web/lib/format.ts';

/** Colours distinguishable in greyscale and by most colour-blind readers; the table carries the same figures. */
const KIND_COLOURS: Record<(typeof SPREAD_KINDS)[number], string> = {
  received: '#1d4f91',
  tried: '#c75b12',
  remixed: '#2e7d32',
  reviewed: '#6a3d9a',
};

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "2025-03" as people read it: "Mar 2025". */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return monthFormat.format(new Date(Date.UTC(year, m - 1, 1)));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Reached 3 schools in 2 districts." */
export function reachSentence(reach: SpreadView['reach']): string {
  if (reach.schools === 0) return `Reached ${plural(reach.districts, 'district', 'districts')}.`;
  return `Reached ${plural(reach.schools, 'school', 'schools')} in ${plural(reach.districts, 'district', 'districts')}.`;
}

/** Stacked bars per month, one colour per kind. Drawn for sighted readers; the tables say the same. */
export function SpreadChart({ view }: { view: SpreadView }) {
  const descriptionId = useId();
  const data = view.months.map((m) => ({ ...m, label: formatMonth(m.month) }));
  const first = view.months[0];
  const last = view.months.at(-1);
  return (
    <figure className="spread-chart">
      <div
        role="img"
        aria-label={`Activity per month${first && last ? `, ${formatMonth(first.month)} to ${formatMonth(last.month)}` : ''}`}
        aria-describedby={descriptionId}
        className="spread-chart__canvas"
      >
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {SPREAD_KINDS.map((kind) => (
              <Bar
                key={kind}
                dataKey={kind}
                name={SPREAD_KIND_LABELS[kind]}
                stackId="spread"
                fill={KIND_COLOURS[kind]}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={descriptionId} className="muted">
        Stacked bars: for each month, how many times it was brought home, tried, remixed and reviewed. The
        tables below give the same figures.
      </figcaption>
    </figure>
  );
}

/** A column heading per kind of activity, in the order CountCells fills them. */
function KindHeaders() {
  return (
    <>
      {SPREAD_KINDS.map((kind) => (
        <th key={kind} scope="col" className="numeric">
          {SPREAD_KIND_LABELS[kind]}
        </th>
      ))}
    </>
  );
}

function CountCells({ counts }: { counts: SpreadCounts }) {
  return (
    <>
      {SPREAD_KINDS.map((kind) => (
        <td key={kind} className="numeric">
          {counts[kind]}
        </td>
      ))}
    </>
  );
}

/** The place a row stands for, in words the privacy rule allows. */
function placeOf(row: SpreadRow): { district: string; school: string } {
  switch (row.level) {
    case 'school':
      return { district: row.district?.name ?? '', school: row.school?.name ?? 'No school on their profile' };
    case 'district':
      return { district: row.district?.name ?? '', school: plural(row.schoolCount, 'school', 'schools') };
    case 'other':
      return {
        district: `Other districts (${row.districtCount})`,
        school: plural(row.schoolCount, 'school', 'schools'),
      };
  }
}

/** Where it has gone: schools of one's own district, partner districts, and all others together. */
export function SpreadTable({ view }: { view: SpreadView }) {
  return (
    <div className="table-wrap">
      <table className="spread-table">
        <caption>Where it has gone</caption>
        <thead>
          <tr>
            <th scope="col">District</th>
            <th scope="col">School</th>
            <KindHeaders />
            <th scope="col">First</th>
            <th scope="col">Latest</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => {
            const place = placeOf(row);
            return (
              <tr key={`${row.level}:${row.district?.id ?? ''}:${row.school?.id ?? ''}`}>
                <th scope="row">{place.district}</th>
                <td>{place.school}</td>
                <CountCells counts={row} />
                <td>{row.first ? <time dateTime={row.first}>{formatDay(row.first)}</time> : 'Not shown'}</td>
                <td>{row.last ? <time dateTime={row.last}>{formatDay(row.last)}</time> : 'Not shown'}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              All
            </th>
            <CountCells counts={view.totals} />
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Month by month, and by each district the viewer may see named: the chart's figures as tables. */
export function SpreadMonthTables({ view }: { view: SpreadView }) {
  const active = view.months.filter((m) => SPREAD_KINDS.some((k) => m[k] > 0));
  return (
    <>
      <div className="table-wrap">
        <table className="spread-table">
          <caption>Month by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <KindHeaders />
            </tr>
          </thead>
          <tbody>
            {active.map((m) => (
              <tr key={m.month}>
                <th scope="row">{formatMonth(m.month)}</th>
                <CountCells counts={m} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="spread-details">
        <summary>Month by month, per district</summary>
        <div className="table-wrap">
          <table className="spread-table">
            <caption>Month by month, per district</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">District</th>
                <KindHeaders />
              </tr>
            </thead>
            <tbody>
              {view.districtMonths.map((m) => (
                <tr key={`${m.month}:${m.district?.id ?? 'other'}`}>
                  <th scope="row">{formatMonth(m.month)}</th>
                  <td>{m.district?.name ?? 'Other districts'}</td>
                  <CountCells counts={m} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
