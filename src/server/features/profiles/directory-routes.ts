import type { FastifyInstance } from 'fastify';

export async function directoryRoutes(_fastify: FastifyInstance): Promise<void> {}
