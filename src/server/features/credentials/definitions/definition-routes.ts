import type { FastifyInstance } from 'fastify';

export async function definitionRoutes(_fastify: FastifyInstance): Promise<void> {}
