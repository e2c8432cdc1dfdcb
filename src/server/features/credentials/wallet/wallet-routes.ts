import type { FastifyInstance } from 'fastify';

export async function walletRoutes(_fastify: FastifyInstance): Promise<void> {}
