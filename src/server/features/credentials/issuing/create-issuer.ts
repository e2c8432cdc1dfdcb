import type { Database } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import type { CredentialIssuer } from './issuer.ts';

/** The deployment's credential issuer: signing keys (decrypted on first use), contexts, status lists. */
export function createCredentialIssuer(_deps: { db: Database['db']; config: Config }): CredentialIssuer {
  return {
    async issue() {
      throw new Error('Credential issuing is being written');
    },
  };
}
