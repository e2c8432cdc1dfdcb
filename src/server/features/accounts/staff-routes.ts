import type { FastifyInstance } from 'fastify';

export async function staffRoutes(_fastify: FastifyInstance): Promise<void> {}
