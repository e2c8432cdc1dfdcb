import type { FastifyInstance } from 'fastify';

export async function spreadRoutes(_app: FastifyInstance): Promise<void> {}
