import type { FastifyInstance } from 'fastify';

export async function profileRoutes(_fastify: FastifyInstance): Promise<void> {}
