import type { FastifyInstance } from 'fastify';

export async function schoolRoutes(_fastify: FastifyInstance): Promise<void> {}
