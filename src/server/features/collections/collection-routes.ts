import type { FastifyInstance } from 'fastify';

export async function collectionRoutes(_app: FastifyInstance): Promise<void> {}
