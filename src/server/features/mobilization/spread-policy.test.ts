import { describe, expect, it } from 'vitest';
import { discloseSpread, type SpreadEvent, type SpreadScope, spreadLevelOf } from './spread-policy.ts';

const OWN = 'd-own';
const PARTNER = 'd-partner';
const FAR = 'd-far';
const FARTHER = 'd-farther';
const scope: SpreadScope = { districtId: OWN, partnerDistrictIds: new Set([PARTNER]) };

const at = (iso: string) => new Date(iso);
function event(e: Partial<SpreadEvent> & Pick<SpreadEvent, 'districtId' | 'schoolId' | 'kind'>): SpreadEvent {
  const month = e.month ?? '2025-03';
  return { month, count: 1, first: at(`${month}-10T00:00:00Z`), last: at(`${month}-12T00:00:00Z`), ...e };
}

describe('spreadLevelOf', () => {
  it.each([
    ['a school of the viewer’s own district', OWN, 'school'],
    ['a district sharing a network with the viewer’s', PARTNER, 'district'],
    ['a district the viewer has no network with', FAR, 'other'],
    ['activity recorded without a district', null, 'other'],
  ] as const)('puts %s in a %s row', (_label, districtId, level) => {
    expect(spreadLevelOf(scope, { districtId })).toBe(level);
  });

  it('gives a viewer without networks their own district alone', () => {
    expect(spreadLevelOf({ districtId: OWN, partnerDistrictIds: new Set() }, { districtId: PARTNER })).toBe(
      'other',
    );
  });
});

describe('discloseSpread', () => {
  const events: SpreadEvent[] = [
    event({ districtId: OWN, schoolId: 's-lincoln', kind: 'received', count: 2 }),
    event({ districtId: OWN, schoolId: 's-lincoln', kind: 'tried', month: '2025-05' }),
    event({ districtId: OWN, schoolId: 's-oak', kind: 'reviewed' }),
    event({ districtId: OWN, schoolId: null, kind: 'tried' }),
    event({ districtId: PARTNER, schoolId: 's-p1', kind: 'remixed' }),
    event({ districtId: PARTNER, schoolId: 's-p2', kind: 'tried', count: 3 }),
    event({ districtId: FAR, schoolId: 's-f1', kind: 'tried' }),
    event({ districtId: FAR, schoolId: 's-f2', kind: 'received', month: '2025-01' }),
    event({ districtId: FARTHER, schoolId: 's-x1', kind: 'reviewed', count: 4 }),
  ];
  const spread = discloseSpread(scope, events);

  it('names schools only in the viewer’s own district, one row each', () => {
    const schools = spread.rows.filter((r) => r.level === 'school');
    expect(schools.map((r) => [r.districtId, r.schoolId])).toEqual([
      [OWN, 's-lincoln'],
      [OWN, 's-oak'],
      [OWN, null],
    ]);
    expect(schools[0]).toMatchObject({ received: 2, tried: 1, schoolCount: 1, districtCount: 1 });
    expect(schools[0].first).toEqual(at('2025-03-10T00:00:00Z'));
    expect(schools[0].last).toEqual(at('2025-05-12T00:00:00Z'));
    expect(schools[2]).toMatchObject({ tried: 1, schoolCount: 0 });
  });

  it('shows a partner district as one row, its schools counted and never named', () => {
    const districts = spread.rows.filter((r) => r.level === 'district');
    expect(districts).toHaveLength(1);
    expect(districts[0]).toMatchObject({
      districtId: PARTNER,
      schoolId: null,
      remixed: 1,
      tried: 3,
      schoolCount: 2,
      districtCount: 1,
    });
  });

  it('folds every other district into one row of counts, naming nothing', () => {
    const others = spread.rows.filter((r) => r.level === 'other');
    expect(others).toHaveLength(1);
    expect(others[0]).toMatchObject({
      districtId: null,
      schoolId: null,
      received: 1,
      tried: 1,
      reviewed: 4,
      schoolCount: 3,
      districtCount: 2,
    });
    // Not even when: with one school there, a date would tell what that school did and when.
    expect(others[0].first).toBeNull();
    expect(others[0].last).toBeNull();
    const ids = JSON.stringify(spread);
    for (const hidden of [FAR, FARTHER, 's-f1', 's-f2', 's-x1', 's-p1', 's-p2'])
      expect(ids).not.toContain(hidden);
  });

  it('counts reach and totals over everything, as numbers', () => {
    expect(spread.reach).toEqual({ schools: 7, districts: 4 });
    expect(spread.totals).toEqual({ received: 3, tried: 6, remixed: 1, reviewed: 5 });
  });

  it('lists every month from the first to the last, the quiet ones at zero', () => {
    expect(spread.months.map((m) => m.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    expect(spread.months[1]).toEqual({ month: '2025-02', received: 0, tried: 0, remixed: 0, reviewed: 0 });
    expect(spread.months[2]).toEqual({ month: '2025-03', received: 2, tried: 5, remixed: 1, reviewed: 5 });
  });

  it('splits months by the districts it may name, and the rest together', () => {
    const march = spread.districtMonths.filter((m) => m.month === '2025-03');
    expect(march.map((m) => m.districtId)).toEqual([OWN, PARTNER, null]);
    expect(march[2]).toMatchObject({ tried: 1, reviewed: 4 });
  });

  it('gives the same answer to a viewer from another network: counts alone', () => {
    const stranger = discloseSpread(
      { districtId: 'd-elsewhere', partnerDistrictIds: new Set(['d-near']) },
      events,
    );
    expect(stranger.rows).toHaveLength(1);
    expect(stranger.rows[0]).toMatchObject({
      level: 'other',
      districtId: null,
      schoolCount: 7,
      districtCount: 4,
    });
    expect(stranger.districtMonths.every((m) => m.districtId === null)).toBe(true);
  });

  it('crosses years and returns nothing for nothing', () => {
    const years = discloseSpread(scope, [
      event({ districtId: OWN, schoolId: 's', kind: 'tried', month: '2024-11' }),
      event({ districtId: OWN, schoolId: 's', kind: 'tried', month: '2025-02' }),
    ]);
    expect(years.months.map((m) => m.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(discloseSpread(scope, [])).toEqual({
      reach: { schools: 0, districts: 0 },
      totals: { received: 0, tried: 0, remixed: 0, reviewed: 0 },
      rows: [],
      months: [],
      districtMonths: [],
    });
  });
});
