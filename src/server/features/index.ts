import type { FastifyInstance } from 'fastify';
import accounts from './accounts/index.ts';
import collections from './collections/index.ts';
import communities from './communities/index.ts';
import credentials from './credentials/index.ts';
import discussion from './discussion/index.ts';
import feed from './feed/index.ts';
import mobilization from './mobilization/index.ts';
import notifications from './notifications/index.ts';
import profiles from './profiles/index.ts';
import resources from './resources/index.ts';
import search from './search/index.ts';

/** Every feature plugin, registered under /api in this order. */
export const features: Array<(app: FastifyInstance) => Promise<void>> = [
  accounts,
  profiles,
  communities,
  discussion,
  resources,
  collections,
  mobilization,
  credentials,
  feed,
  search,
  notifications,
];

export { credentialRootRoutes } from './credentials/index.ts';
