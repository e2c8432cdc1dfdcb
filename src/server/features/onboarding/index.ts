import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { onboardingRoutes } from './routes.ts';

/** The first-visit checklist on home, with communities and colleagues suggested. */
export default defineFeature({ name: 'onboarding', routes: onboardingRoutes, data });
