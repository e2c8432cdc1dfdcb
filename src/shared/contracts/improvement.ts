import { z } from 'zod';
import { line, plainText } from './common.ts';

/**
 * A networked improvement community's aim, driver diagram and measures, its school teams' measure
 * data read as run charts, and the PDSA content of a cycle of kind pdsa (issue 15, decisions 064–065).
 */

export const DRIVER_KINDS = ['primary', 'secondary', 'change_idea'] as const;
export type DriverKind = (typeof DRIVER_KINDS)[number];
export const DRIVER_KIND_LABELS: Record<DriverKind, string> = {
  primary: 'Primary driver',
  secondary: 'Secondary driver',
  change_idea: 'Change idea',
};

export const MEASURE_KINDS = ['outcome', 'process', 'balancing'] as const;
export const MeasureKind = z.enum(MEASURE_KINDS);
export type MeasureKind = z.infer<typeof MeasureKind>;
export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = {
  outcome: 'Outcome measure',
  process: 'Process measure',
  balancing: 'Balancing measure',
};

export const MEASURE_FREQUENCIES = ['weekly', 'per_cycle'] as const;
export const MeasureFrequency = z.enum(MEASURE_FREQUENCIES);
export type MeasureFrequency = z.infer<typeof MeasureFrequency>;

export const BASELINE_REASONS = ['initial', 'process_change'] as const;
export const BaselineReason = z.enum(BASELINE_REASONS);
export type BaselineReason = z.infer<typeof BaselineReason>;

/** A value computed from fewer students than this is marked and stays within its school team. */
export const SMALL_GROUP = 10;
export const TEXT_MAX = 2000;
export const DRIVERS_MAX = 200;

const isoDate = z.iso.date();
const words = (max = TEXT_MAX) => plainText(max);

export const AimBody = z.strictObject({
  what: line(300).pipe(z.string().min(1, 'must not be empty')),
  howMuch: line(300).pipe(z.string().min(1, 'must not be empty')),
  byWhen: isoDate,
  forWhom: line(300).pipe(z.string().min(1, 'must not be empty')),
});
export type AimBody = z.infer<typeof AimBody>;

/** One line of the driver outline; its depth says what it is (1 primary, 2 secondary, 3 change idea). */
export interface DriverNodeInput {
  id?: string;
  text: string;
  children?: DriverNodeInput[];
}
const nodeText = line(300).pipe(z.string().min(1, 'must not be empty'));
const ChangeIdeaInput = z.strictObject({ id: z.uuid().optional(), text: nodeText });
const SecondaryInput = z.strictObject({
  id: z.uuid().optional(),
  text: nodeText,
  children: z.array(ChangeIdeaInput).max(50).default([]),
});
const PrimaryInput = z.strictObject({
  id: z.uuid().optional(),
  text: nodeText,
  children: z.array(SecondaryInput).max(50).default([]),
});
export const DriversBody = z.strictObject({ drivers: z.array(PrimaryInput).max(30) });
export type DriversBody = z.input<typeof DriversBody>;

export const MeasureBody = z.strictObject({
  kind: MeasureKind,
  name: line(200).pipe(z.string().min(1, 'must not be empty')),
  definition: words().pipe(
    z.string().min(1, 'say how it is counted, so every school counts it the same way'),
  ),
  unit: line(40).default(''),
  frequency: MeasureFrequency.default('weekly'),
});
export type MeasureBody = z.input<typeof MeasureBody>;

export const ValueBody = z.strictObject({
  schoolId: z.uuid(),
  period: isoDate,
  value: z.number().finite().min(-1e9).max(1e9),
  /** How many students the value is computed from (an aggregate: never a row per student). */
  studentCount: z.number().int().min(0).max(1_000_000),
});
export type ValueBody = z.infer<typeof ValueBody>;

export const AstronomicalBody = z.strictObject({
  astronomical: z.boolean(),
  note: line(300).default(''),
});

export const BaselineBody = z.strictObject({
  schoolId: z.uuid(),
  fromPeriod: isoDate,
  /** How many points the median is taken over: frozen once the team has entered that many. */
  length: z.number().int().min(3).max(30).default(8),
  reason: BaselineReason,
  note: line(300).default(''),
});
export type BaselineBody = z.input<typeof BaselineBody>;

export const ChartQuery = z.strictObject({
  /** The classic trend rule (6 or more points rising or falling), offered as an option. */
  trend: z.enum(['true', 'false']).default('false'),
});

export const PdsaBody = z.strictObject({
  schoolId: z.uuid().nullable().optional(),
  changeIdeaId: z.uuid().nullable().optional(),
  measureId: z.uuid().nullable().optional(),
  previousCycleId: z.uuid().nullable().optional(),
  prediction: words().optional(),
  who: line(300).optional(),
  what: words().optional(),
  testDate: isoDate.nullable().optional(),
  dataPlan: words().optional(),
  whatHappened: words().optional(),
  surprises: words().optional(),
  study: words().optional(),
  decision: z.enum(['adopt', 'adapt', 'abandon']).nullable().optional(),
  actNotes: words().optional(),
});
export type PdsaBody = z.input<typeof PdsaBody>;

// Responses

export const Aim = z.object({
  id: z.string(),
  what: z.string(),
  howMuch: z.string(),
  byWhen: z.string(),
  forWhom: z.string(),
  updatedAt: z.string(),
});
export type Aim = z.infer<typeof Aim>;

export interface DriverNode {
  id: string;
  kind: DriverKind;
  text: string;
  children: DriverNode[];
}
const ChangeIdeaNode = z.object({
  id: z.string(),
  kind: z.literal('change_idea'),
  text: z.string(),
  children: z.array(z.never()),
});
const SecondaryNode = z.object({
  id: z.string(),
  kind: z.literal('secondary'),
  text: z.string(),
  children: z.array(ChangeIdeaNode),
});
export const DriverTree = z.array(
  z.object({
    id: z.string(),
    kind: z.literal('primary'),
    text: z.string(),
    children: z.array(SecondaryNode),
  }),
);

export const Measure = z.object({
  id: z.string(),
  kind: MeasureKind,
  name: z.string(),
  definition: z.string(),
  unit: z.string(),
  frequency: MeasureFrequency,
});
export type Measure = z.infer<typeof Measure>;

export const Team = z.object({ id: z.string(), name: z.string(), districtName: z.string() });
export type Team = z.infer<typeof Team>;

export const ImprovementResponse = z.object({
  data: z.object({
    communityId: z.string(),
    communityName: z.string(),
    aim: Aim.nullable(),
    drivers: DriverTree,
    measures: z.array(Measure),
    teams: z.array(Team),
    /** The schools the viewer enters data for: theirs among the teams. */
    myTeamIds: z.array(z.string()),
  }),
  abilities: z.object({ edit: z.boolean(), enterData: z.boolean() }),
});
export type ImprovementResponse = z.infer<typeof ImprovementResponse>;

export const ChartValue = z.object({
  id: z.string(),
  period: z.string(),
  /** Null when the value is from fewer than 10 students and the viewer is not of the team. */
  value: z.number().nullable(),
  studentCount: z.number().nullable(),
  smallGroup: z.boolean(),
  astronomical: z.boolean(),
  astronomicalNote: z.string(),
});
export type ChartValue = z.infer<typeof ChartValue>;

export const RulesSchema = z.object({
  useful: z.number(),
  longestRun: z.number(),
  longestRunLimit: z.number(),
  crossings: z.number(),
  fewestCrossings: z.number(),
  unusuallyLongRun: z.boolean(),
  tooFewCrossings: z.boolean(),
  longRunPoints: z.array(z.number()),
  trendPoints: z.array(z.number()),
});

export const ChartSegment = z.object({
  baselineId: z.string().nullable(),
  fromPeriod: z.string(),
  median: z.number().nullable(),
  frozen: z.boolean(),
  reason: BaselineReason.nullable(),
  note: z.string(),
  /** Indexes into the chart's plotted points. */
  points: z.array(z.number()),
  rules: RulesSchema,
});
export type ChartSegment = z.infer<typeof ChartSegment>;

export const ChartAnnotation = z.object({
  cycleId: z.string(),
  /** The cycle's title if the viewer may read the cycle, else "PDSA cycle". */
  label: z.string(),
  date: z.string(),
  decision: z.enum(['adopt', 'adapt', 'abandon']).nullable(),
});

export const TeamChart = z.object({
  team: Team,
  mine: z.boolean(),
  /** Every value entered, in period order; `plotted` indexes those the chart draws and reads. */
  values: z.array(ChartValue),
  /** Values withheld from this viewer (fewer than 10 students, another team). */
  withheld: z.number(),
  /** The values read by the rules: those shown, in order (indexes into `values`). */
  plotted: z.array(z.number()),
  segments: z.array(ChartSegment),
  annotations: z.array(ChartAnnotation),
  signal: z.boolean(),
});
export type TeamChart = z.infer<typeof TeamChart>;

export const ChartsResponse = z.object({
  data: z.object({ measure: Measure, trendRule: z.boolean(), charts: z.array(TeamChart) }),
  abilities: z.object({ enterData: z.boolean() }),
});
export type ChartsResponse = z.infer<typeof ChartsResponse>;

export const Pdsa = z.object({
  cycleId: z.string(),
  title: z.string(),
  communityId: z.string(),
  schoolId: z.string().nullable(),
  changeIdeaId: z.string().nullable(),
  changeIdeaText: z.string().nullable(),
  measureId: z.string().nullable(),
  previousCycleId: z.string().nullable(),
  prediction: z.string(),
  who: z.string(),
  what: z.string(),
  testDate: z.string().nullable(),
  dataPlan: z.string(),
  whatHappened: z.string(),
  surprises: z.string(),
  study: z.string(),
  decision: z.enum(['adopt', 'adapt', 'abandon']).nullable(),
  actNotes: z.string(),
  updatedAt: z.string().nullable(),
});
export type Pdsa = z.infer<typeof Pdsa>;

export const RampCycle = z.object({
  id: z.string(),
  title: z.string(),
  decision: z.enum(['adopt', 'adapt', 'abandon']).nullable(),
  current: z.boolean(),
});

export const PdsaResponse = z.object({
  data: z.object({
    pdsa: Pdsa,
    /** The change ideas of the community's driver diagram, to choose from. */
    changeIdeas: z.array(z.object({ id: z.string(), text: z.string(), secondary: z.string() })),
    measures: z.array(Measure),
    teams: z.array(Team),
    /** The PDSA cycles of the same community the viewer may read, to link this one after. */
    earlierCycles: z.array(z.object({ id: z.string(), title: z.string() })),
    /** The ramp this cycle is part of, first to last, as far as the viewer may read it. */
    ramp: z.array(RampCycle),
  }),
  abilities: z.object({ edit: z.boolean() }),
});
export type PdsaResponse = z.infer<typeof PdsaResponse>;
