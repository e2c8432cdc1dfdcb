import { defineLearningKind } from '#server/platform/learning-kinds.ts';

/**
 * A micro-credential earned is learning in the earner's log (decision 051), once per credential. It
 * says nothing of how long the work took: the district's credit rules give its hours.
 */
export const credentialLearning = [
  defineLearningKind({
    kind: 'credential_earned',
    label: 'Micro-credential earned',
    verbs: ['earned'],
    objectTypes: ['micro_credential'],
    minutes: null,
    oncePerObject: true,
  }),
];
