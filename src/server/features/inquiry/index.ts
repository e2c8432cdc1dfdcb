import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';

/** Inquiry cycles: lesson study and PDSA, from a shared question to published findings (issue 15). */
export default defineFeature({
  name: 'inquiry',
  data,
});

// What other features (and the cycle's plan, observation and PDSA parts) may call.
export {
  type CycleAccess,
  type CycleRoleOf,
  canContribute,
  canFacilitateCycle,
  cycleAccess,
  readableCycleSql,
} from './policy.ts';
