import type { FastifyInstance } from 'fastify';

export async function rosterRoutes(_fastify: FastifyInstance): Promise<void> {}
