import type { SpreadCounts, SpreadKind } from '#shared/contracts/mobilization.ts';

/**
 * What the spread view may tell a viewer about where a resource went. The rule: never reveal
 * a school's activity to someone outside that school's allowed scope beyond counts. Here:
 *
 * - schools are named, one row each, only in the viewer's own district;
 * - districts are named only when they are the viewer's own or share a network with it (partners),
 *   and then as one row, their schools counted but not named;
 * - every other district folds into one "Other districts" row: counts, and how many schools and
 *   districts, nothing more — not even when its activity began or last happened, which for a
 *   single school would date what that school did (the months of the chart are counts already).
 *
 * The owner of the resource gets no exception. `discloseSpread` is the one place this is decided;
 * it returns organization ids only where a name may be shown, so the caller names exactly those.
 */
export interface SpreadScope {
  /** The viewer's own district. */
  districtId: string;
  /** Districts sharing a network with the viewer's own (it excluded). */
  partnerDistrictIds: ReadonlySet<string>;
}

/** Activity of one kind, in one school (or none) of one district (or none), in one month. */
export interface SpreadEvent {
  districtId: string | null;
  schoolId: string | null;
  kind: SpreadKind;
  /** "2025-03" */
  month: string;
  count: number;
  first: Date;
  last: Date;
}

export type DisclosedLevel = 'school' | 'district' | 'other';

export interface DisclosedRow extends SpreadCounts {
  level: DisclosedLevel;
  /** Set on school and district rows; never on the other row. */
  districtId: string | null;
  /** Set on school rows only (null there: people whose profile names no school). */
  schoolId: string | null;
  schoolCount: number;
  districtCount: number;
  /** When its activity began and last happened; null on the other row. */
  first: Date | null;
  last: Date | null;
}

export interface DisclosedMonth extends SpreadCounts {
  month: string;
}

export interface DisclosedDistrictMonth extends DisclosedMonth {
  /** A district the viewer may see named, or null for all the others together. */
  districtId: string | null;
}

export interface DisclosedSpread {
  reach: { schools: number; districts: number };
  totals: SpreadCounts;
  rows: DisclosedRow[];
  months: DisclosedMonth[];
  districtMonths: DisclosedDistrictMonth[];
}

const zero = (): SpreadCounts => ({ received: 0, tried: 0, remixed: 0, reviewed: 0 });

/** Which row an event belongs to for this viewer: the heart of the privacy rule. */
export function spreadLevelOf(scope: SpreadScope, event: Pick<SpreadEvent, 'districtId'>): DisclosedLevel {
  if (event.districtId === scope.districtId) return 'school';
  if (event.districtId !== null && scope.partnerDistrictIds.has(event.districtId)) return 'district';
  return 'other';
}

/** The spread of a resource as this viewer may see it (see the rule above). */
export function discloseSpread(scope: SpreadScope, events: readonly SpreadEvent[]): DisclosedSpread {
  const rows = new Map<string, DisclosedRow & { schools: Set<string>; districts: Set<string> }>();
  const allSchools = new Set<string>();
  const allDistricts = new Set<string>();
  const totals = zero();
  const months = new Map<string, DisclosedMonth>();
  const districtMonths = new Map<string, DisclosedDistrictMonth>();

  for (const event of events) {
    if (event.count <= 0) continue;
    const level = spreadLevelOf(scope, event);
    const districtId = level === 'other' ? null : event.districtId;
    const schoolId = level === 'school' ? event.schoolId : null;
    const key = `${level}:${districtId ?? ''}:${schoolId ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        level,
        districtId,
        schoolId,
        ...zero(),
        schoolCount: 0,
        districtCount: 0,
        first: level === 'other' ? null : event.first,
        last: level === 'other' ? null : event.last,
        schools: new Set(),
        districts: new Set(),
      };
      rows.set(key, row);
    }
    row[event.kind] += event.count;
    if (row.first && event.first < row.first) row.first = event.first;
    if (row.last && event.last > row.last) row.last = event.last;
    if (event.schoolId) {
      row.schools.add(event.schoolId);
      allSchools.add(event.schoolId);
    }
    if (event.districtId) {
      row.districts.add(event.districtId);
      allDistricts.add(event.districtId);
    }
    totals[event.kind] += event.count;

    const month = months.get(event.month) ?? { month: event.month, ...zero() };
    month[event.kind] += event.count;
    months.set(event.month, month);
    const monthKey = `${event.month}:${districtId ?? ''}`;
    const perDistrict = districtMonths.get(monthKey) ?? { month: event.month, districtId, ...zero() };
    perDistrict[event.kind] += event.count;
    districtMonths.set(monthKey, perDistrict);
  }

  const order: Record<DisclosedLevel, number> = { school: 0, district: 1, other: 2 };
  return {
    reach: { schools: allSchools.size, districts: allDistricts.size },
    totals,
    rows: [...rows.values()]
      .map(({ schools, districts, ...row }) => ({
        ...row,
        schoolCount: schools.size,
        districtCount: districts.size,
      }))
      .sort((a, b) => order[a.level] - order[b.level]),
    months: everyMonth([...months.values()]),
    districtMonths: [...districtMonths.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/** The months from the first to the last, the quiet ones included, so a chart shows time evenly. */
function everyMonth(active: DisclosedMonth[]): DisclosedMonth[] {
  if (active.length === 0) return [];
  const byMonth = new Map(active.map((m) => [m.month, m]));
  const sorted = [...byMonth.keys()].sort();
  const [startYear, startMonth] = sorted[0].split('-').map(Number);
  const last = sorted.at(-1) as string;
  const out: DisclosedMonth[] = [];
  for (let i = 0; ; i++) {
    const date = new Date(Date.UTC(startYear, startMonth - 1 + i, 1));
    const month = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    out.push(byMonth.get(month) ?? { month, ...zero() });
    if (month >= last) break;
  }
  return out;
}
