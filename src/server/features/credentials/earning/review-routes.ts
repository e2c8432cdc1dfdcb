import type { FastifyInstance } from 'fastify';

export async function reviewRoutes(_fastify: FastifyInstance): Promise<void> {}
