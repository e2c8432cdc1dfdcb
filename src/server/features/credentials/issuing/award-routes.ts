import type { FastifyInstance } from 'fastify';

export async function awardRoutes(_fastify: FastifyInstance): Promise<void> {}
