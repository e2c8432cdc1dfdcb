import type { FastifyInstance } from 'fastify';

export async function organizationRoutes(_fastify: FastifyInstance): Promise<void> {}
