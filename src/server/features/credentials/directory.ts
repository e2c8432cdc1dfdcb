import type { FastifyInstance } from 'fastify';
import { isCredentialVisible } from './wallet/queries.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the viewer may see a micro-credential: the directory asks before finding its holders. */
    isCredentialVisible: typeof isCredentialVisible;
  }
}

/**
 * Lends the people directory (profiles) the credential check it needs to filter by a credential:
 * credentials depends on profiles (portfolios, holders), so profiles may not import credentials.
 */
export function decorateCredentialCheck(app: FastifyInstance): void {
  app.decorate('isCredentialVisible', isCredentialVisible);
}
