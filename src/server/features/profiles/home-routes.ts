import type { FastifyInstance } from 'fastify';

export async function homeRoutes(_fastify: FastifyInstance): Promise<void> {}
