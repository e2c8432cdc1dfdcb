import type { FastifyInstance } from 'fastify';
import accounts from './accounts/index.ts';
import profiles from './profiles/index.ts';

/** Every feature plugin, registered under /api in this order. */
export const features: Array<(app: FastifyInstance) => Promise<void>> = [accounts, profiles];
