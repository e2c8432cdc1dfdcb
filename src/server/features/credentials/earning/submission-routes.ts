import type { FastifyInstance } from 'fastify';

export async function submissionRoutes(_fastify: FastifyInstance): Promise<void> {}
