import { z } from 'zod';
import { plainText } from './common.ts';

/** Where a member brings something home: their own school or their own district. */
export const HOME_SHARE_SUBJECTS = ['resource', 'insight'] as const;
export const HOME_TARGET_KINDS = ['school', 'district'] as const;
export const HomeTargetKind = z.enum(HOME_TARGET_KINDS);
export type HomeTargetKind = z.infer<typeof HomeTargetKind>;

export const HOME_SHARE_NOTE_MAX = 2000;

/** Bring a resource or an insight home, with a note for colleagues who were not in the network. */
export const HomeShareBody = z.strictObject({
  targetKind: HomeTargetKind,
  /** Which of one's schools (itinerant staff have several); the main school when left out. */
  targetId: z.uuid().optional(),
  note: plainText(HOME_SHARE_NOTE_MAX).pipe(z.string().min(1, 'must not be empty')),
});
export type HomeShareBody = z.infer<typeof HomeShareBody>;

const Named = z.object({ id: z.uuid(), name: z.string() });

export const HomeShareView = z.object({
  id: z.uuid(),
  subject: z.enum(HOME_SHARE_SUBJECTS),
  target: Named.extend({ kind: HomeTargetKind }),
  note: z.string(),
  createdAt: z.string(),
});
export type HomeShareView = z.infer<typeof HomeShareView>;

export const HomeShareResponse = z.object({ data: HomeShareView });

/** One place the viewer could bring a thing home to, and whether they already have. */
export const HomeTarget = Named.extend({ kind: HomeTargetKind, broughtHome: z.boolean() });
export type HomeTarget = z.infer<typeof HomeTarget>;

/**
 * Where the viewer may bring a thing home: their main school (null when they belong to none), every
 * school they belong to, and their district. The form shows these; the server checks again on every write.
 */
export const HomeTargetsResponse = z.object({
  data: z.object({ school: HomeTarget.nullable(), schools: z.array(HomeTarget), district: HomeTarget }),
});
export type HomeTargets = z.infer<typeof HomeTargetsResponse>['data'];

// ─── Spread view ───────────────────────────────────────────────────────────────────────────────

/** What the spread view counts: brought home (received), tried, remixed, reviewed. */
export const SPREAD_KINDS = ['received', 'tried', 'remixed', 'reviewed'] as const;
export type SpreadKind = (typeof SPREAD_KINDS)[number];

export const SPREAD_KIND_LABELS: Record<SpreadKind, string> = {
  received: 'Brought home',
  tried: 'Tried',
  remixed: 'Remixed',
  reviewed: 'Reviewed',
};

const SpreadCounts = z.object({
  received: z.number().int(),
  tried: z.number().int(),
  remixed: z.number().int(),
  reviewed: z.number().int(),
});
export type SpreadCounts = z.infer<typeof SpreadCounts>;

/**
 * One row of the spread table. `school` rows are schools of the viewer's own district (a null
 * school: people whose profile names none); `district` rows are districts the viewer shares a
 * network with; the one `other` row folds every other district into counts alone.
 */
export const SpreadRow = SpreadCounts.extend({
  level: z.enum(['school', 'district', 'other']),
  district: Named.nullable(),
  school: Named.nullable(),
  /** How many schools (and districts) the row covers. */
  schoolCount: z.number().int(),
  districtCount: z.number().int(),
  /** When its activity began and last happened; null on the other row, which tells counts alone. */
  first: z.string().nullable(),
  last: z.string().nullable(),
});
export type SpreadRow = z.infer<typeof SpreadRow>;

/** Counts in one month ("2025-03"), for one named district or, with district null, everywhere else. */
export const SpreadMonth = SpreadCounts.extend({ month: z.string() });
export type SpreadMonth = z.infer<typeof SpreadMonth>;

export const SpreadDistrictMonth = SpreadMonth.extend({ district: Named.nullable() });
export type SpreadDistrictMonth = z.infer<typeof SpreadDistrictMonth>;

export const SpreadView = z.object({
  resource: z.object({ id: z.uuid(), title: z.string() }),
  /** How many schools and districts it has reached (any of the four kinds), in all. */
  reach: z.object({ schools: z.number().int(), districts: z.number().int() }),
  totals: SpreadCounts,
  rows: z.array(SpreadRow),
  /** Every month from the first activity to the last, each kind counted. */
  months: z.array(SpreadMonth),
  /** The same per district the viewer may see named; the rest under district null. */
  districtMonths: z.array(SpreadDistrictMonth),
});
export type SpreadView = z.infer<typeof SpreadView>;

export const SpreadResponse = z.object({ data: SpreadView });
