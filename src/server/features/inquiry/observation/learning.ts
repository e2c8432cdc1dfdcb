import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';

/** Observing a colleague's research lesson, recorded the first time one notes or photographs anything in it. */
export const OBSERVED = 'https://trellis.dev/xapi/verbs/observed' as const;
/** A lesson study's research lesson, as statements name it (its id is the cycle's). */
export const RESEARCH_LESSON = 'research_lesson';

/** Observing a research lesson counts once per lesson, as the lesson's length. */
export const observationLearningKinds: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'research_lesson_observed',
    label: 'Research lesson observed',
    verbs: [OBSERVED],
    objectTypes: [RESEARCH_LESSON],
    minutes: 60,
    oncePerObject: true,
  }),
];
