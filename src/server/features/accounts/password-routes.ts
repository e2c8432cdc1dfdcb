import type { FastifyInstance } from 'fastify';

export async function passwordRoutes(_fastify: FastifyInstance): Promise<void> {}
