import type { FastifyInstance } from 'fastify';

export async function homeShareRoutes(_app: FastifyInstance): Promise<void> {}
