import type { FastifyInstance } from 'fastify';

export async function frameworkRoutes(_fastify: FastifyInstance): Promise<void> {}
