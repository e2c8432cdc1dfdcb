/**
 * Verifying a credential from anywhere, offline: its format, its eddsa-rdfc-2022 signature, that the
 * key belongs to the issuer, its validity dates and, when the status list is ours, revocation.
 */
import { createHash } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { type DocumentLoader, verifyCredential } from '@digitalbazaar/vc';
import type {
  CredentialSummary,
  VerificationCheck,
  VerificationCheckName,
  VerificationReport,
} from '#shared/contracts/awards.ts';
import { LRUCache } from 'lru-cache';
import { VC_V2_CONTEXT } from './contexts.ts';
import { deploymentDid, didWebDocumentUrl } from './did.ts';

export type { VerificationReport };

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export interface VerifyDeps {
  publicUrl: string;
  documentLoader: DocumentLoader;
  /**
   * Reads one of our status lists: whether the entry is set, and the DID of the organization whose
   * list it is; null when there is no such list.
   */
  readOwnStatus(listId: string, index: number): Promise<{ set: boolean; issuerDid: string } | null>;
  now?: Date;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

class Checks {
  readonly list: VerificationCheck[] = [];
  add(check: VerificationCheckName, status: VerificationCheck['status'], message: string) {
    this.list.push({ check, status, message });
  }
  status(check: VerificationCheckName) {
    return this.list.find((c) => c.check === check)?.status;
  }
}

/** What the credential says, as far as it can be read; null when it is not an object. */
export function summarize(credential: unknown): CredentialSummary | null {
  if (!isObject(credential)) return null;
  const issuer = credential.issuer;
  const subject = asArray(credential.credentialSubject).find(isObject);
  const achievement = subject && isObject(subject.achievement) ? subject.achievement : null;
  return {
    id: text(credential.id),
    name: text(credential.name),
    issuer: isObject(issuer)
      ? { id: text(issuer.id) ?? '', name: text(issuer.name) }
      : typeof issuer === 'string'
        ? { id: issuer, name: null }
        : null,
    recipientName: subject ? text(subject.name) : null,
    achievement: achievement ? { id: text(achievement.id), name: text(achievement.name) } : null,
    validFrom: text(credential.validFrom) ?? text(credential.issuanceDate),
    validUntil: text(credential.validUntil) ?? text(credential.expirationDate),
  };
}

/** The first problem that keeps a document from being a verifiable credential, or null. */
function formatProblem(credential: unknown): string | null {
  if (!isObject(credential)) return 'This is not a credential: expected a JSON object.';
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT)
    return `The first @context must be ${VC_V2_CONTEXT} (Verifiable Credentials 2.0).`;
  if (!asArray(credential.type).includes('VerifiableCredential'))
    return 'The type must include "VerifiableCredential".';
  const issuer = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
  if (typeof issuer !== 'string' || !issuer) return 'The credential names no issuer.';
  if (!asArray(credential.credentialSubject).some(isObject)) return 'The credential has no subject.';
  if (!asArray(credential.proof).some(isObject)) return 'The credential carries no proof (signature).';
  for (const field of ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate']) {
    const value = credential[field];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value))))
      return `"${field}" is not a date-time.`;
  }
  return null;
}

const issuerIdOf = (credential: Json): string =>
  (isObject(credential.issuer) ? credential.issuer.id : credential.issuer) as string;

/** The eddsa-rdfc-2022 DataIntegrityProof, if there is one. */
function supportedProof(credential: Json): Json | null {
  return (
    asArray(credential.proof)
      .filter(isObject)
      .find((p) => p.type === 'DataIntegrityProof' && p.cryptosuite === 'eddsa-rdfc-2022') ?? null
  );
}

/** Why the issuer check failed; `unresolvable` when the issuer's keys cannot be read offline. */
interface IssuerProblem {
  message: string;
  unresolvable: boolean;
}

/**
 * Whether the proof's key is the issuer's, authorised for assertions in the issuer's DID document:
 * null when it is, else the reason it is not (or cannot be told offline).
 */
async function issuerProblem(deps: VerifyDeps, issuer: string, proof: Json): Promise<IssuerProblem | null> {
  const fails = (message: string, unresolvable = false) => ({ message, unresolvable });
  const method = text(proof.verificationMethod);
  if (!method) return fails('The proof names no verification method.');
  if (method.split('#')[0] !== issuer)
    return fails(`The proof was made with a key of ${method.split('#')[0]}, not of the issuer ${issuer}.`);
  if (proof.proofPurpose !== 'assertionMethod')
    return fails('The proof was not made for assertions (assertionMethod).');
  if (issuer.startsWith('did:web:')) {
    const ours = deploymentDid(deps.publicUrl);
    if (issuer !== ours && !issuer.startsWith(`${ours}:`)) {
      const where = didWebDocumentUrl(issuer) ?? issuer;
      return fails(
        `The issuer ${issuer} is a did:web of another site (${where}). Trellis verifies offline and does not fetch it, so the issuer's key cannot be checked here.`,
        true,
      );
    }
  } else if (!issuer.startsWith('did:key:')) {
    return fails(
      `The issuer ${issuer} is not a DID Trellis can resolve offline (a did:web of this site, or a did:key).`,
      true,
    );
  }
  try {
    const { document } = await deps.documentLoader(issuer);
    const assertion = asArray((document as Json).assertionMethod).map((m) => (isObject(m) ? m.id : m));
    if (!assertion.includes(method))
      return fails(`The key ${method} is not listed for assertions in the issuer's DID document.`);
    return null;
  } catch (error) {
    return fails(`The issuer's DID document could not be read: ${(error as Error).message}`, true);
  }
}

/** A time inside the credential's validity, so the signature check is not confused with expiry. */
function timeWithinValidity(credential: Json): Date | undefined {
  const from = text(credential.validFrom) ?? text(credential.issuanceDate);
  const until = text(credential.validUntil) ?? text(credential.expirationDate);
  if (from) return new Date(from);
  if (until) return new Date(until);
  return undefined;
}

/** Plain words for what the signature library reports. */
function signatureMessage(error: (Error & { errors?: Error[] }) | undefined): string {
  const inner = error?.errors?.[0] ?? error;
  const said = inner?.message ?? 'unknown reason';
  if (/invalid signature/i.test(said))
    return 'The signature does not match the contents: the credential was changed after it was signed, or the signature itself was altered.';
  if (/safe mode|undefined term|relative|invalid.*context|protected term/i.test(said))
    return `The credential does not read as signed JSON-LD (it was changed after signing, or uses terms no context defines): ${said}`;
  return `The signature could not be verified: ${said}`;
}

async function checkSignature(deps: VerifyDeps, credential: Json): Promise<string | null> {
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: deps.documentLoader,
    // Status is checked from our own list below, never by fetching.
    checkStatus: async () => ({ verified: true }),
    now: timeWithinValidity(credential),
  });
  if (result.verified) return null;
  const proofError = result.results?.find((r) => !r.verified)?.error;
  return signatureMessage((proofError ?? result.error) as Error & { errors?: Error[] });
}

function checkDates(checks: Checks, credential: Json, now: Date) {
  const from = text(credential.validFrom) ?? text(credential.issuanceDate);
  const until = text(credential.validUntil) ?? text(credential.expirationDate);
  if (from && Date.parse(from) > now.getTime()) {
    checks.add('expiry', 'failed', `Not valid yet: valid from ${from}.`);
  } else if (until && Date.parse(until) <= now.getTime()) {
    checks.add('expiry', 'failed', `Expired on ${until}.`);
  } else {
    checks.add('expiry', 'passed', until ? `Valid until ${until}.` : 'Valid, with no expiry date.');
  }
}

const OWN_STATUS_PATH = /^\/status\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

async function checkRevocation(deps: VerifyDeps, checks: Checks, credential: Json) {
  const entries = asArray(credential.credentialStatus).filter(isObject);
  if (!entries.length) {
    checks.add('revocation', 'skipped', 'The credential has no status entry, so it cannot be revoked.');
    return;
  }
  const entry = entries.find(
    (e) => e.type === 'BitstringStatusListEntry' && e.statusPurpose === 'revocation',
  );
  if (!entry) {
    checks.add('revocation', 'skipped', 'The credential uses a status method Trellis does not read.');
    return;
  }
  const listUrl = text(entry.statusListCredential) ?? '';
  const listId = listUrl.startsWith(`${deps.publicUrl}/`)
    ? OWN_STATUS_PATH.exec(listUrl.slice(deps.publicUrl.length))?.[1]
    : undefined;
  if (!listId) {
    checks.add(
      'revocation',
      'skipped',
      `The status list is kept elsewhere (${listUrl.slice(0, 200)}); Trellis checks only its own lists, offline.`,
    );
    return;
  }
  const index = Number(entry.statusListIndex);
  const status = Number.isInteger(index) && index >= 0 ? await deps.readOwnStatus(listId, index) : null;
  if (!status) {
    checks.add('revocation', 'failed', 'The status entry points at no list or place Trellis keeps.');
  } else if (status.issuerDid !== issuerIdOf(credential)) {
    checks.add('revocation', 'failed', "The status list is not the issuer's own.");
  } else if (status.set) {
    checks.add('revocation', 'failed', 'Revoked: the issuer has revoked this credential.');
  } else {
    checks.add('revocation', 'passed', 'Not revoked: checked against the issuer’s status list.');
  }
}

/**
 * Signature results of credentials Trellis stored as it issued them, by a hash of their exact JSON.
 * A signature check depends only on the document and the issuer's keys, and keys are retired, never
 * removed, so a stored credential's result never changes; expiry and revocation are checked afresh.
 */
const rememberedSignatures = new LRUCache<string, { reason: string | null }>({ max: 20_000 });

async function rememberedSignature(deps: VerifyDeps, credential: Json): Promise<string | null> {
  const key = createHash('sha256').update(JSON.stringify(credential)).digest('base64url');
  const known = rememberedSignatures.get(key);
  if (known) return known.reason;
  const reason = await checkSignature(deps, credential);
  rememberedSignatures.set(key, { reason });
  return reason;
}

/**
 * Verifies a credential and says, check by check, what passed, failed or could not be checked.
 * `stored`: the credential is one Trellis keeps exactly as it issued it (its public page), so its
 * signature result may be remembered; anything pasted or uploaded is always checked in full.
 */
export async function verifyCredentialDocument(
  deps: VerifyDeps,
  input: unknown,
  options: { stored?: boolean } = {},
): Promise<VerificationReport> {
  const checks = new Checks();
  const summary = summarize(input);
  const problem = formatProblem(input);
  if (problem) {
    checks.add('format', 'failed', problem);
    for (const name of ['signature', 'issuer', 'expiry', 'revocation'] as const)
      checks.add(name, 'skipped', 'Not checked: the credential could not be read.');
    return { verified: false, checks: checks.list, credential: summary };
  }
  const credential = input as Json;
  checks.add('format', 'passed', 'A Verifiable Credential with an issuer, a subject and a proof.');
  const proof = supportedProof(credential);
  const issuer = issuerIdOf(credential);
  const issuerReason = proof
    ? await issuerProblem(deps, issuer, proof)
    : { message: 'No eddsa-rdfc-2022 proof names a key of the issuer.', unresolvable: false };
  if (!proof) {
    checks.add(
      'signature',
      'failed',
      'The credential has no DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite.',
    );
  } else if (issuerReason?.unresolvable) {
    checks.add('signature', 'skipped', "Not checked: the issuer's key could not be found offline.");
  } else {
    const signatureReason = options.stored
      ? await rememberedSignature(deps, credential)
      : await checkSignature(deps, credential);
    checks.add(
      'signature',
      signatureReason ? 'failed' : 'passed',
      signatureReason ?? 'The signature matches the contents.',
    );
  }
  checks.add(
    'issuer',
    issuerReason ? 'failed' : 'passed',
    issuerReason?.message ?? `Signed with a key the issuer (${issuer}) lists for assertions.`,
  );
  checkDates(checks, credential, deps.now ?? new Date());
  await checkRevocation(deps, checks, credential);
  const verified =
    checks.status('signature') === 'passed' &&
    checks.status('issuer') === 'passed' &&
    !checks.list.some((c) => c.status === 'failed');
  return { verified, checks: checks.list, credential: summary };
}
