import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';

/** Coaching cycles: a teacher's chosen focus, observations, conferences and follow-up actions (issue 16). */
export default defineFeature({
  name: 'coaching',
  data,
});
