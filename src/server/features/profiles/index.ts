import type { FastifyInstance } from 'fastify';
import { defineFeature } from '#server/platform/feature.ts';
import { directoryRoutes } from './directory-routes.ts';
import { homeRoutes } from './home-routes.ts';
import { profileRoutes } from './profile-routes.ts';
import data from './data.ts';

/** Profiles, expertise, the directory and the signed-in home. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(profileRoutes);
  await app.register(directoryRoutes);
  await app.register(homeRoutes);
}

export default defineFeature({ name: 'profiles', routes, data });

// What other features may call: who may see whom, and profiles as others may see them.
export { canViewProfile, relationTo } from './policy.ts';
export { findProfileForViewer, reachable, searchDirectory, visibleMatch } from './queries.ts';
export {
  cachedDirectoryPage,
  loadVisibleProfile,
  prefixQuery,
  presentProfile,
  refreshProfileSearch,
} from './service.ts';
