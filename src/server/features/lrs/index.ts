import { defineFeature } from '#server/platform/feature.ts';
import { activitiesResource, agentsResource } from './activities-agents.ts';
import data from './data.ts';
import { documentResources } from './documents/index.ts';
import { xapiPlugin } from './http.ts';
import { identityRoutes } from './identity-routes.ts';
import { statementsResource } from './statements.ts';

/**
 * The Learning Record Store: xAPI 1.0.3 at `/xapi` for the tools a district connects with LRS
 * credentials (API clients with xAPI scopes). Statements land in Trellis's one statements table
 * beside Trellis's own activity (decision 049).
 */
export default defineFeature({
  name: 'lrs',
  data,
  routes: identityRoutes,
  rootRoutes: async (app) => {
    await app.register(
      xapiPlugin([
        statementsResource(app.db),
        activitiesResource(app.db),
        agentsResource(app.db),
        ...documentResources,
      ]),
      { prefix: '/xapi' },
    );
  },
});
