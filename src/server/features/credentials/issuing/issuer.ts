import type { Tx } from '#server/db/client.ts';

/** Awarding a micro-credential (or stack) to people: what the issuer signs. */
export interface IssueInput {
  credentialId: string;
  /** The definition version the award is judged against (a submission's version). */
  version: number;
  recipientIds: string[];
  /** The submission that earned it, when earned by review. */
  submissionId: string | null;
  /** Who awarded it: the deciding assessor, or the admin awarding a cohort. */
  issuedBy: string | null;
}

export interface Issued {
  awardId: string;
  recipientId: string;
  credentialId: string;
}

/**
 * Signs and records awards inside the caller's transaction: an OpenBadgeCredential per recipient,
 * signed by the issuing organization's key, with a status-list entry, an `earned` statement and a
 * notification each. Also awards any stack credential a recipient has now completed.
 */
export interface CredentialIssuer {
  issue(tx: Tx, input: IssueInput): Promise<Issued[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    credentialIssuer: CredentialIssuer;
  }
}
