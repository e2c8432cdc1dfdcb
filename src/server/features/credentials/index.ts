import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { credentialNotifications } from './activity.ts';
import { definitionRoutes } from './definitions/definition-routes.ts';
import { decorateCredentialCheck } from './directory.ts';
import { reviewRoutes } from './earning/review-routes.ts';
import { submissionRoutes } from './earning/submission-routes.ts';
import { frameworkRoutes } from './frameworks/framework-routes.ts';
import { cohortAwardJob } from './issuing/award-jobs.ts';
import { awardListRoutes } from './issuing/award-list-routes.ts';
import { awardRoutes } from './issuing/award-routes.ts';
import { credentialPublicRoutes } from './issuing/public-routes.ts';
import { walletRoutes } from './wallet/wallet-routes.ts';
import data from './data.ts';
import { credentialLearning } from './learning.ts';

/**
 * Competency frameworks, micro-credentials and stacks, earning and assessor review, and issuing
 * signed Open Badges 3.0 credentials that anyone can verify.
 */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(frameworkRoutes);
  await app.register(definitionRoutes);
  await app.register(submissionRoutes);
  await app.register(reviewRoutes);
  await app.register(awardRoutes);
  await app.register(awardListRoutes);
  await app.register(walletRoutes);
}

/**
 * Routes served at the root rather than under /api: DID documents, status lists and each issued
 * credential's URL (its JSON by content negotiation, else the web page).
 */
async function rootRoutes(app: FastifyInstance): Promise<void> {
  await app.register(credentialPublicRoutes);
}

export default defineFeature({
  name: 'credentials',
  decorate: decorateCredentialCheck,
  routes,
  rootRoutes,
  data,
  jobs: [cohortAwardJob],
  notifications: credentialNotifications,
  learning: credentialLearning,
});

// What other features may call: the competency picker's search, for a focus of a coaching cycle.
export { findCompetencyChoices } from './frameworks/framework-service.ts';

// Where a person stands on a credential, for the requirements other features check (pathways).
export { credentialStandingSql } from './standing.ts';
// Pathways recognise a completed role with the credential, awarded by its issuer under its own rules.
export { createCohortAward } from './issuing/award-jobs.ts';
