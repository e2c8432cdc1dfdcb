import type { FastifyInstance } from 'fastify';

export async function outboxRoutes(_fastify: FastifyInstance): Promise<void> {}
