import type { FastifyInstance } from 'fastify';

export async function qualityRoutes(_app: FastifyInstance): Promise<void> {}
