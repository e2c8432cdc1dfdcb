import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import { PUBLISHED_FINDINGS } from './plan/feature-parts.ts';

/**
 * What of an inquiry cycle is a teacher's learning (decision 060): taking part in a cycle, counted
 * once per cycle when its facilitator completes it (a lesson study is some twelve hours of study,
 * planning, teaching, observing and reflecting; a 30-day PDSA cycle some three), and publishing the
 * team's findings. Observing a research lesson is the observation part's kind.
 */
export const inquiryLearning: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'lesson_study_completed',
    label: 'Lesson study taken part in',
    verbs: ['http://adlnet.gov/expapi/verbs/completed'],
    objectTypes: ['lesson_study'],
    minutes: 720,
    oncePerObject: true,
  }),
  defineLearningKind({
    kind: 'pdsa_cycle_completed',
    label: 'PDSA cycle taken part in',
    verbs: ['http://adlnet.gov/expapi/verbs/completed'],
    objectTypes: ['pdsa_cycle'],
    minutes: 180,
    oncePerObject: true,
  }),
  defineLearningKind({
    kind: 'inquiry_findings_published',
    label: 'Findings published',
    verbs: [PUBLISHED_FINDINGS as `https://${string}`],
    objectTypes: ['inquiry_findings'],
    minutes: 120,
    oncePerObject: true,
  }),
];
