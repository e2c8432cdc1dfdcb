import { describe, expect, it } from 'vitest';
import { type Rubric, RubricSchema, rubricPasses, summarizeRubricScores } from './rubric.ts';

const rubric: Rubric = {
  levels: [
    { id: 'beginning', name: 'Beginning' },
    { id: 'developing', name: 'Developing' },
    { id: 'proficient', name: 'Proficient' },
  ],
  criteria: [
    { id: 'plan', name: 'Plan', descriptors: ['Vague', 'Clear', 'Clear and adaptive'] },
    { id: 'impact', name: 'Impact', descriptors: ['None shown', 'Some shown', 'Strong and varied'] },
  ],
  passing: { minLevel: 1 },
};

const issues = (input: unknown) => {
  const parsed = RubricSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`);
};

describe('rubric schema', () => {
  it('accepts a well-formed rubric as it is', () => {
    expect(RubricSchema.parse(rubric)).toEqual(rubric);
  });

  it('asks for one descriptor per level on each criterion', () => {
    const bad = {
      ...rubric,
      criteria: [rubric.criteria[0], { id: 'impact', name: 'Impact', descriptors: ['Only one'] }],
    };
    expect(issues(bad)).toEqual(['criteria/1/descriptors: must have one descriptor per level (3)']);
  });

  it('refuses repeated level and criterion ids, ignoring case', () => {
    const bad = {
      ...rubric,
      levels: [...rubric.levels.slice(0, 2), { id: 'Beginning', name: 'Again' }],
      criteria: [rubric.criteria[0], { ...rubric.criteria[1], id: 'plan' }],
    };
    expect(issues(bad)).toEqual([
      'levels/2/id: must be unique among the levels',
      'criteria/1/id: must be unique among the criteria',
    ]);
  });

  it('refuses a passing level the rubric does not have', () => {
    expect(issues({ ...rubric, passing: { minLevel: 3 } })).toEqual([
      'passing/minLevel: must be one of the levels',
    ]);
    expect(issues({ ...rubric, passing: { minLevel: -1 } })).toHaveLength(1);
  });

  it('needs at least two levels and one criterion, and names that are not blank', () => {
    expect(issues({ ...rubric, levels: [rubric.levels[0]] }).some((i) => i.startsWith('levels:'))).toBe(true);
    expect(issues({ ...rubric, criteria: [] })).toContain('criteria: must have at least one criterion');
    expect(
      issues({ ...rubric, levels: [{ id: 'a', name: '  ' }, rubric.levels[1], rubric.levels[2]] }),
    ).toEqual(['levels/0/name: must not be empty']);
  });

  it('refuses ids with spaces or punctuation and unknown keys', () => {
    expect(issues({ ...rubric, levels: [{ id: 'a b', name: 'A' }, ...rubric.levels.slice(1)] })).toHaveLength(
      1,
    );
    expect(issues({ ...rubric, extra: true })).toHaveLength(1);
  });
});

describe('rubricPasses', () => {
  it('passes when every criterion reaches the passing level', () => {
    expect(
      rubricPasses(rubric, [
        { criterionId: 'plan', level: 1 },
        { criterionId: 'impact', level: 2 },
      ]),
    ).toBe(true);
  });

  it('fails when any criterion is below the passing level', () => {
    expect(
      rubricPasses(rubric, [
        { criterionId: 'plan', level: 2 },
        { criterionId: 'impact', level: 0 },
      ]),
    ).toBe(false);
  });

  it('fails when a criterion is not scored', () => {
    expect(rubricPasses(rubric, [{ criterionId: 'plan', level: 2 }])).toBe(false);
    expect(rubricPasses(rubric, [])).toBe(false);
  });

  it('fails on a score for an unknown criterion, a level out of range, or a criterion scored twice', () => {
    const both = [
      { criterionId: 'plan', level: 2 },
      { criterionId: 'impact', level: 2 },
    ];
    expect(rubricPasses(rubric, [...both, { criterionId: 'style', level: 2 }])).toBe(false);
    expect(rubricPasses(rubric, [both[0], { criterionId: 'impact', level: 3 }])).toBe(false);
    expect(rubricPasses(rubric, [both[0], { criterionId: 'impact', level: 1.5 }])).toBe(false);
    expect(rubricPasses(rubric, [...both, { criterionId: 'plan', level: 1 }])).toBe(false);
  });

  it('lets the passing level be the lowest, so any complete scoring passes', () => {
    const lenient = { ...rubric, passing: { minLevel: 0 } };
    expect(
      rubricPasses(lenient, [
        { criterionId: 'plan', level: 0 },
        { criterionId: 'impact', level: 0 },
      ]),
    ).toBe(true);
  });
});

describe('summarizeRubricScores', () => {
  it('reports each criterion in the rubric’s order with its level and whether it meets the bar', () => {
    const summary = summarizeRubricScores(rubric, [
      { criterionId: 'impact', level: 0 },
      { criterionId: 'plan', level: 2 },
    ]);
    expect(summary).toEqual({
      complete: true,
      passes: false,
      problems: [],
      criteria: [
        { criterionId: 'plan', criterionName: 'Plan', level: 2, levelName: 'Proficient', meets: true },
        { criterionId: 'impact', criterionName: 'Impact', level: 0, levelName: 'Beginning', meets: false },
      ],
    });
  });

  it('marks unscored criteria and explains scores that do not fit', () => {
    const summary = summarizeRubricScores(rubric, [
      { criterionId: 'plan', level: 1 },
      { criterionId: 'plan', level: 2 },
      { criterionId: 'style', level: 1 },
    ]);
    expect(summary.complete).toBe(false);
    expect(summary.passes).toBe(false);
    expect(summary.criteria[1]).toEqual({
      criterionId: 'impact',
      criterionName: 'Impact',
      level: null,
      levelName: null,
      meets: false,
    });
    expect(summary.criteria[0].level).toBe(1);
    expect(summary.problems).toEqual(['“plan” is scored twice', '“style” is not a criterion of this rubric']);
  });
});
