import { z } from 'zod';
import { line, plainText } from './contracts/common.ts';

/**
 * Rubrics of micro-credentials: criteria scored on ordered levels (index 0 is the lowest), each
 * criterion describing what every level looks like, and the rule for passing: every criterion at
 * `passing.minLevel` or above. The definition pages write them, reviewers score against them, and
 * earners read them while they draft evidence.
 */

export const RUBRIC_LEVELS_MIN = 2;
export const RUBRIC_LEVELS_MAX = 6;
export const RUBRIC_CRITERIA_MAX = 12;
export const RUBRIC_NAME_MAX = 120;
export const RUBRIC_DESCRIPTOR_MAX = 1000;

/** A short id, stable across edits, that scores and evidence refer to. */
export const RubricId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, 'must be 1 to 40 letters, digits, "-" or "_"');

const name = line(RUBRIC_NAME_MAX).pipe(z.string().min(1, 'must not be empty'));

export const RubricLevel = z.strictObject({ id: RubricId, name });
export const RubricCriterion = z.strictObject({
  id: RubricId,
  name,
  /** One per level, in the levels' order. */
  descriptors: z.array(plainText(RUBRIC_DESCRIPTOR_MAX).pipe(z.string().min(1, 'must not be empty'))),
});

/** A whole rubric, checked: unique ids, one descriptor per level, a passing level that exists. */
export const RubricSchema = z
  .strictObject({
    levels: z
      .array(RubricLevel)
      .min(RUBRIC_LEVELS_MIN, `must have at least ${RUBRIC_LEVELS_MIN} levels`)
      .max(RUBRIC_LEVELS_MAX, `must have at most ${RUBRIC_LEVELS_MAX} levels`),
    criteria: z
      .array(RubricCriterion)
      .min(1, 'must have at least one criterion')
      .max(RUBRIC_CRITERIA_MAX, `must have at most ${RUBRIC_CRITERIA_MAX} criteria`),
    passing: z.strictObject({ minLevel: z.number().int().min(0) }),
  })
  .superRefine((rubric, ctx) => {
    for (const i of duplicateIndexes(rubric.levels.map((l) => l.id)))
      ctx.addIssue({ code: 'custom', path: ['levels', i, 'id'], message: 'must be unique among the levels' });
    for (const i of duplicateIndexes(rubric.criteria.map((c) => c.id)))
      ctx.addIssue({
        code: 'custom',
        path: ['criteria', i, 'id'],
        message: 'must be unique among the criteria',
      });
    rubric.criteria.forEach((criterion, i) => {
      if (criterion.descriptors.length !== rubric.levels.length)
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'descriptors'],
          message: `must have one descriptor per level (${rubric.levels.length})`,
        });
    });
    if (rubric.passing.minLevel >= rubric.levels.length)
      ctx.addIssue({
        code: 'custom',
        path: ['passing', 'minLevel'],
        message: 'must be one of the levels',
      });
  });
export type Rubric = z.infer<typeof RubricSchema>;

/** The indexes of values already seen earlier in the list. */
function duplicateIndexes(values: string[]): number[] {
  const seen = new Set<string>();
  const repeats: number[] = [];
  values.forEach((value, i) => {
    const key = value.toLowerCase();
    if (seen.has(key)) repeats.push(i);
    seen.add(key);
  });
  return repeats;
}

/** An assessor's score for one criterion: the index of the level reached. */
export interface CriterionScore {
  criterionId: string;
  level: number;
}

/** How one criterion was scored against the passing level. */
export interface CriterionResult {
  criterionId: string;
  criterionName: string;
  /** The level reached, or null when the criterion was not scored. */
  level: number | null;
  levelName: string | null;
  /** The criterion reached the passing level. */
  meets: boolean;
}

export interface RubricSummary {
  /** Every criterion was scored once, at a level that exists. */
  complete: boolean;
  /** Complete, and every criterion at the passing level or above. */
  passes: boolean;
  criteria: CriterionResult[];
  /** Scores naming no criterion of the rubric, a level it lacks, or a criterion twice. */
  problems: string[];
}

const isLevel = (rubric: Rubric, level: number) =>
  Number.isInteger(level) && level >= 0 && level < rubric.levels.length;

/** Each criterion of the rubric with the score it got, whether it meets the passing level, and what is wrong. */
export function summarizeRubricScores(rubric: Rubric, scores: readonly CriterionScore[]): RubricSummary {
  const problems: string[] = [];
  const byCriterion = new Map<string, number>();
  const known = new Set(rubric.criteria.map((c) => c.id));
  for (const score of scores) {
    if (!known.has(score.criterionId))
      problems.push(`“${score.criterionId}” is not a criterion of this rubric`);
    else if (byCriterion.has(score.criterionId)) problems.push(`“${score.criterionId}” is scored twice`);
    else if (!isLevel(rubric, score.level))
      problems.push(`“${score.criterionId}” is scored at a level the rubric does not have`);
    else byCriterion.set(score.criterionId, score.level);
  }
  const criteria = rubric.criteria.map((criterion): CriterionResult => {
    const level = byCriterion.get(criterion.id) ?? null;
    return {
      criterionId: criterion.id,
      criterionName: criterion.name,
      level,
      levelName: level === null ? null : rubric.levels[level].name,
      meets: level !== null && level >= rubric.passing.minLevel,
    };
  });
  const complete = problems.length === 0 && criteria.every((c) => c.level !== null);
  return { complete, passes: complete && criteria.every((c) => c.meets), criteria, problems };
}

/** Whether the scores pass: every criterion scored once, each at the passing level or above. */
export const rubricPasses = (rubric: Rubric, scores: readonly CriterionScore[]): boolean =>
  summarizeRubricScores(rubric, scores).passes;
