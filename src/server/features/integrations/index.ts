import { defineFeature } from '#server/platform/feature.ts';
import data from './data.ts';
import { apiClientRoutes } from './routes.ts';

/**
 * Integrations: a district's API clients, the credentials other systems use instead of a person's
 * session. Authenticating them is the platform's (platform/api-clients.ts); routes open to them say
 * which scope they need.
 */
export default defineFeature({ name: 'integrations', routes: apiClientRoutes, data });
