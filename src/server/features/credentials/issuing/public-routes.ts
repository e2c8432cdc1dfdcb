import type { FastifyInstance } from 'fastify';

export async function credentialPublicRoutes(_fastify: FastifyInstance): Promise<void> {}
