import type { DocumentLoader } from '@digitalbazaar/vc';
import type { Tx } from '#server/db/client.ts';
import type { IssuerKeys } from './keys.ts';
import type { VerificationReport } from './verify.ts';

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

/**
 * The issuer as the issuing routes use it: besides `issue`, its keys, DID documents, status lists
 * and verification, sharing one cache of keys and documents.
 */
export interface CredentialService extends CredentialIssuer {
  readonly keys: IssuerKeys;
  /** Serves bundled contexts, did:key and this deployment's DID documents; never the network. */
  readonly documentLoader: DocumentLoader;
  /** The DID document of an organization, or of the deployment when `orgId` is null. */
  didDocument(orgId: string | null): Promise<Record<string, unknown>>;
  /** Signs a credential with the issuer's active key (eddsa-rdfc-2022, assertionMethod). */
  sign(orgId: string | null, credential: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The signed status list credential, signing it first if it never was; null when no such list. */
  statusListCredential(tx: Tx, listId: string): Promise<Record<string, unknown> | null>;
  /** Re-signs a status list from its awards' revocations, in the caller's transaction. */
  resignStatusList(tx: Tx, listId: string): Promise<Record<string, unknown>>;
  /**
   * Checks any credential: format, signature, issuer, expiry and (for ours) revocation. `stored`:
   * it is a credential Trellis keeps as issued, whose signature result may be remembered.
   */
  verify(credential: unknown, options?: { stored?: boolean }): Promise<VerificationReport>;
  /**
   * Fetches a credential from another site by its address (its JSON, by content negotiation),
   * through the SSRF-safe fetcher; throws FetchError saying why it could not.
   */
  fetchCredential(url: string): Promise<unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    credentialIssuer: CredentialService;
  }
}
