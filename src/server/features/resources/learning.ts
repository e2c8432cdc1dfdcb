import { defineLearningKind } from '#server/platform/learning-kinds.ts';

/**
 * What of the library is a teacher's learning (decision 051): trying a resource in class (each time:
 * every try is practice of its own) and writing a review of one (once per resource, however often
 * the review is edited). Sharing, endorsing and bringing resources home are not learning.
 */
export const resourceLearning = [
  defineLearningKind({
    kind: 'resource_tried',
    label: 'Resource tried in class',
    verbs: ['tried'],
    objectTypes: ['resource'],
    minutes: 60,
  }),
  defineLearningKind({
    kind: 'resource_reviewed',
    label: 'Resource review written',
    verbs: ['reviewed'],
    objectTypes: ['resource'],
    minutes: 15,
    oncePerObject: true,
  }),
];
