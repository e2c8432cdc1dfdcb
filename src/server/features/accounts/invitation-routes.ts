import type { FastifyInstance } from 'fastify';

export async function invitationRoutes(_fastify: FastifyInstance): Promise<void> {}
