import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { improvementRoutes } from './routes.ts';

/**
 * Networked improvement communities: the aim, the driver diagram and the family of measures, school
 * teams' measure data read as run charts by the Anhøj rules (decision 064), and the plan, do, study
 * and act of PDSA cycles (the inquiry feature's cycles of kind pdsa).
 */
export default defineFeature({
  name: 'improvement',
  routes: improvementRoutes,
  data,
});
