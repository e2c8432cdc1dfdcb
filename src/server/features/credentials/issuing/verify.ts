/**
 * Verifying a credential from anywhere: its format, the Open Badges 3.0 schema, its eddsa-rdfc-2022
 * signature, that the key belongs to the issuer, its validity dates and, when the status list is
 * ours, revocation. Keys of this deployment's issuers and did:key keys are read locally; keys of
 * issuers on other sites (did:web, https profiles) through `resolveRemote` when Trellis may go
 * online. What cannot be checked (offline, unreachable, a proof type Trellis does not verify) is
 * said to be so: the outcome is then "unchecked", never "invalid".
 */
import { createHash } from 'node:crypto';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import type {
  CredentialSummary,
  VerificationCheck,
  VerificationCheckName,
  VerificationReport,
} from '#shared/contracts/awards.ts';
import { LRUCache } from 'lru-cache';
import { BUNDLED_CONTEXTS, VC_V2_CONTEXT } from './contexts.ts';
import { deploymentDid, didWebDocumentUrl } from './did.ts';
import { type AchievementCredentialValidator, createAchievementCredentialValidator } from './ob-schema.ts';
import { type RemoteResolver, UnresolvableError } from './remote-documents.ts';
import type { SignatureResult } from './signature-check.ts';
import { checkSignatureOffThread } from './signatures.ts';

export type { VerificationReport };

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export interface VerifyDeps {
  publicUrl: string;
  /** Bundled contexts, this deployment's DID documents and did:key documents: never the network. */
  documentLoader: DocumentLoader;
  /**
   * Reads the keys of issuers on other sites (did:web, https profiles); absent when Trellis verifies
   * offline, and then such an issuer "could not be checked".
   */
  resolveRemote?: RemoteResolver | null;
  /**
   * Reads one of our status lists: whether the entry is set, and the DID of the organization whose
   * list it is; null when there is no such list.
   */
  readOwnStatus(listId: string, index: number): Promise<{ set: boolean; issuerDid: string } | null>;
  /** Fetches a status list credential kept on another site; absent when Trellis verifies offline. */
  fetchStatusList?: ((url: string) => Promise<unknown>) | null;
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
    return `The first @context must be ${VC_V2_CONTEXT} (Verifiable Credentials 2.0) or ${VC_V1_CONTEXT} (1.1).`;
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

/** Why the issuer check failed; `unresolvable` when the issuer's keys could not be read (offline, unreachable). */
interface IssuerProblem {
  message: string;
  unresolvable: boolean;
}

/** Whether `address` (a DID or URL, without fragment) belongs to this deployment: never fetched. */
function isOwnAddress(publicUrl: string, address: string): boolean {
  const ownDid = deploymentDid(publicUrl);
  return (
    address === ownDid ||
    address.startsWith(`${ownDid}:`) ||
    address === publicUrl ||
    address.startsWith(`${publicUrl}/`)
  );
}

const isRemoteKind = (address: string) => address.startsWith('did:web:') || /^https?:\/\//i.test(address);

/** Where an issuer's keys are published, for messages. */
const keysAddress = (issuer: string) =>
  issuer.startsWith('did:web:') ? (didWebDocumentUrl(issuer) ?? issuer) : issuer;

/**
 * The loader for one verification: what `deps.documentLoader` serves, plus, when Trellis may go
 * online, the documents of this credential's issuer and the proof's key, and nothing else (never a
 * context, never another address the credential names).
 */
function loaderFor(deps: VerifyDeps, issuer: string, method: string | null): DocumentLoader {
  const remote = new Set([issuer, (method ?? '').split('#')[0]].filter(isRemoteKind));
  return async (url: string) => {
    const base = url.split('#')[0];
    const resolveRemote = deps.resolveRemote;
    if (
      resolveRemote &&
      remote.has(base) &&
      !BUNDLED_CONTEXTS.has(url) &&
      !isOwnAddress(deps.publicUrl, base)
    )
      return { contextUrl: null, documentUrl: url, document: await resolveRemote(url) };
    return deps.documentLoader(url);
  };
}

/** The DID methods Trellis resolves. */
const RESOLVED_DID_METHODS = new Set(['key', 'web']);

/**
 * Whether the proof's key is the issuer's, authorised for assertions by the issuer's DID document
 * or profile: null when it is, else the reason it is not, or why it could not be told.
 */
async function issuerProblem(
  deps: VerifyDeps,
  loader: DocumentLoader,
  issuer: string,
  proof: Json,
): Promise<IssuerProblem | null> {
  const fails = (message: string, unresolvable = false) => ({ message, unresolvable });
  const method = text(proof.verificationMethod);
  if (!method) return fails('The proof names no verification method.');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(method)?.[1]?.toLowerCase();
  if (!scheme)
    return fails(
      `The proof's verificationMethod "${method.slice(0, 200)}" is neither a web address nor a DID, so no key can be looked up for it.`,
    );
  if (!['did', 'http', 'https'].includes(scheme))
    return fails(
      `The proof's verificationMethod uses the scheme "${scheme}:", which names no key anyone can look up.`,
    );
  if (method.startsWith('did:key:') && !method.includes('#'))
    return fails(
      `The proof's verificationMethod is the DID ${method} itself, not one of its keys (such as ${method}#${method.slice('did:key:'.length)}): a DID document has no publicKeyMultibase of its own, so no verifier can take a key from it.`,
    );
  const controller = method.split('#')[0];
  if (controller !== issuer)
    return fails(`The proof was made with a key of ${controller}, not of the issuer ${issuer}.`);
  if (proof.proofPurpose !== 'assertionMethod')
    return fails('The proof was not made for assertions (assertionMethod).');
  const didMethod = issuer.startsWith('did:') ? issuer.split(':')[1] : null;
  if (didMethod !== null && !RESOLVED_DID_METHODS.has(didMethod))
    return fails(`Could not be checked: Trellis does not resolve did:${didMethod} identifiers.`, true);
  if (didMethod === null && !/^https?:\/\//i.test(issuer))
    return fails(`Could not be checked: the issuer ${issuer} is neither a DID nor a web address.`, true);
  const own = isOwnAddress(deps.publicUrl, issuer);
  if (!own && didMethod !== 'key' && !deps.resolveRemote)
    return fails(
      `Could not be checked: Trellis verifies offline here, and the issuer's keys are published at ${keysAddress(issuer)}.`,
      true,
    );
  try {
    const { document } = await loader(issuer);
    const assertion = asArray((document as Json).assertionMethod).map((m) => (isObject(m) ? m.id : m));
    if (!assertion.includes(method))
      return fails(
        `The key ${method} is not listed for assertions in the issuer's ${didMethod ? 'DID document' : 'profile'}.`,
      );
    return null;
  } catch (error) {
    if (error instanceof UnresolvableError)
      return fails(
        `Could not be checked: the issuer is unreachable (${keysAddress(issuer)}: ${error.message})`,
        true,
      );
    return fails(
      `The issuer's ${didMethod ? 'DID document' : 'profile'} does not confirm the key: ${(error as Error).message}`,
    );
  }
}

const OB_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/';
const OB_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
let achievementSchema: AchievementCredentialValidator | null = null;

/**
 * 1EdTech's Open Badges 3.0 AchievementCredential schema, for credentials that say they are Open
 * Badges (by type or context). Endorsements, and credentials that name only schemas Trellis does
 * not have, are not judged by it.
 */
function checkSchema(checks: Checks, credential: Json) {
  const types = asArray(credential.type);
  const usesObContext = asArray(credential['@context']).some(
    (c) => typeof c === 'string' && c.startsWith(OB_CONTEXT_PREFIX),
  );
  const isBadge = types.includes('AchievementCredential') || types.includes('OpenBadgeCredential');
  if (!isBadge && !usesObContext) {
    checks.add('schema', 'skipped', 'Not an Open Badge, so the Open Badges 3.0 schema does not apply.');
    return;
  }
  if (types.includes('EndorsementCredential')) {
    checks.add(
      'schema',
      'skipped',
      'An Open Badges endorsement: Trellis holds the AchievementCredential schema, not the endorsement one.',
    );
    return;
  }
  const declared = asArray(credential.credentialSchema)
    .filter(isObject)
    .map((s) => text(s.id))
    .filter((id): id is string => Boolean(id));
  if (declared.length && !declared.includes(OB_SCHEMA_ID)) {
    checks.add(
      'schema',
      'skipped',
      `The credential names its own schema (${declared[0].slice(0, 200)}), which Trellis does not have.`,
    );
    return;
  }
  achievementSchema ??= createAchievementCredentialValidator();
  const problems = achievementSchema(credential);
  if (!problems.length) {
    checks.add('schema', 'passed', 'Conforms to the Open Badges 3.0 AchievementCredential schema.');
    return;
  }
  const listed = problems.slice(0, 3).map((p) => `${p.path} ${p.message}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  checks.add(
    'schema',
    'failed',
    `Does not conform to the Open Badges 3.0 schema: ${listed.join('; ')}${more}.`,
  );
}

/** A proof's kind, in words: its type and cryptosuite. */
function describeProof(proof: Json): string {
  const type = text(proof.type) ?? 'of no type';
  const suite = text(proof.cryptosuite);
  return suite ? `${type} with the ${suite} cryptosuite` : type;
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
    if (isOwnAddress(deps.publicUrl, listUrl.split('#')[0])) {
      checks.add('revocation', 'failed', 'The status entry points at no list or place Trellis keeps.');
    } else if (!deps.fetchStatusList || !/^https?:\/\//i.test(listUrl)) {
      checks.add(
        'revocation',
        'skipped',
        `Could not be checked: the status list is kept elsewhere (${listUrl.slice(0, 200)}), and Trellis verifies offline here.`,
      );
    } else {
      const [status, message] = await remoteRevocation(deps, credential, entry, listUrl);
      checks.add('revocation', status, message);
    }
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
 * Revocation from a status list on another site: the list is fetched, must be the issuer's own and
 * signed by the issuer's key, and then its bit is read.
 */
async function remoteRevocation(
  deps: VerifyDeps,
  credential: Json,
  entry: Json,
  listUrl: string,
): Promise<['passed' | 'failed' | 'skipped', string]> {
  const where = listUrl.slice(0, 200);
  let list: unknown;
  try {
    list = await (deps.fetchStatusList as (url: string) => Promise<unknown>)(listUrl);
  } catch (error) {
    return [
      'skipped',
      `Could not be checked: the status list ${where} is unreachable (${(error as Error).message})`,
    ];
  }
  if (!isObject(list) || !asArray(list.type).includes('BitstringStatusListCredential'))
    return ['failed', `The status entry points at something that is not a status list (${where}).`];
  const issuer = issuerIdOf(credential);
  const listIssuer = isObject(list.issuer) ? list.issuer.id : list.issuer;
  if (listIssuer !== issuer || list.id !== listUrl)
    return ['failed', `The status list at ${where} is not the issuer's own.`];
  const proof = supportedProof(list);
  if (!proof)
    return ['skipped', `Could not be checked: the status list's proof is not one Trellis verifies.`];
  const loader = loaderFor(deps, issuer, text(proof.verificationMethod));
  const issuerReason = await issuerProblem(deps, loader, issuer, proof);
  if (issuerReason)
    return [
      issuerReason.unresolvable ? 'skipped' : 'failed',
      `The status list's signer: ${issuerReason.message}`,
    ];
  const signature = await checkSignatureOffThread(loader, list, [
    issuer,
    text(proof.verificationMethod) ?? issuer,
  ]);
  if (signature.status !== 'passed')
    return [signature.status, `The status list's signature: ${signature.message}`];
  const subject = asArray(list.credentialSubject).find(isObject);
  const encodedList = subject ? text(subject.encodedList) : null;
  const index = Number(entry.statusListIndex);
  if (subject?.statusPurpose !== 'revocation' || !encodedList || !Number.isInteger(index) || index < 0)
    return ['failed', 'The status entry and its list do not fit together (purpose, list or index).'];
  let revoked: boolean;
  try {
    revoked = (await decodeList({ encodedList })).getStatus(index);
  } catch {
    return ['failed', 'The status entry points outside its list.'];
  }
  return revoked
    ? ['failed', 'Revoked: the issuer has revoked this credential.']
    : ['passed', `Not revoked: checked against the issuer’s status list at ${where}.`];
}

/**
 * Signature results of credentials Trellis stored as it issued them, by a hash of their exact JSON.
 * A signature check depends only on the document and the issuer's keys, and keys are retired, never
 * removed, so a stored credential's result never changes; expiry and revocation are checked afresh.
 */
const rememberedSignatures = new LRUCache<string, SignatureResult>({ max: 20_000 });

async function rememberedSignature(
  loader: DocumentLoader,
  credential: Json,
  prefetch: readonly string[],
): Promise<SignatureResult> {
  const key = createHash('sha256').update(JSON.stringify(credential)).digest('base64url');
  const known = rememberedSignatures.get(key);
  if (known) return known;
  const result = await checkSignatureOffThread(loader, credential, prefetch);
  // Only a definite answer is remembered; "could not be checked" may change.
  if (result.status !== 'skipped') rememberedSignatures.set(key, result);
  return result;
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
    for (const name of ['schema', 'signature', 'issuer', 'expiry', 'revocation'] as const)
      checks.add(name, 'skipped', 'Not checked: the credential could not be read.');
    return { verified: false, outcome: 'invalid', checks: checks.list, credential: summary };
  }
  const credential = input as Json;
  checks.add('format', 'passed', 'A Verifiable Credential with an issuer, a subject and a proof.');
  checkSchema(checks, credential);
  const supported = supportedProof(credential);
  // The issuer is checked on the proof Trellis can verify, else on the first one there is.
  const proof = supported ?? asArray(credential.proof).find(isObject) ?? {};
  const issuer = issuerIdOf(credential);
  const loader = loaderFor(deps, issuer, text(proof.verificationMethod));
  const issuerReason = supported
    ? await issuerProblem(deps, loader, issuer, proof)
    : {
        message: `Could not be checked: the key of a ${describeProof(proof)} proof is not one Trellis reads.`,
        unresolvable: true,
      };
  if (!supported) {
    checks.add(
      'signature',
      'skipped',
      `Could not be checked: the proof is ${describeProof(proof)}, which Trellis does not verify (it verifies DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite).`,
    );
  } else if (issuerReason?.unresolvable) {
    checks.add('signature', 'skipped', "Could not be checked: the issuer's key could not be read.");
  } else if (issuerReason) {
    checks.add('signature', 'skipped', 'Not checked: the key that made the proof is not the issuer’s.');
  } else {
    const keys = [issuer, text(proof.verificationMethod) ?? issuer];
    const signature = options.stored
      ? await rememberedSignature(loader, credential, keys)
      : await checkSignatureOffThread(loader, credential, keys);
    checks.add('signature', signature.status, signature.message);
  }
  checks.add(
    'issuer',
    issuerReason ? (issuerReason.unresolvable ? 'skipped' : 'failed') : 'passed',
    issuerReason?.message ?? `Signed with a key the issuer (${issuer}) lists for assertions.`,
  );
  checkDates(checks, credential, deps.now ?? new Date());
  await checkRevocation(deps, checks, credential);
  const hasStatus = asArray(credential.credentialStatus).some(isObject);
  const outcome = checks.list.some((c) => c.status === 'failed')
    ? 'invalid'
    : checks.status('signature') !== 'passed' ||
        checks.status('issuer') !== 'passed' ||
        (hasStatus && checks.status('revocation') !== 'passed')
      ? 'unchecked'
      : 'verified';
  return { verified: outcome === 'verified', outcome, checks: checks.list, credential: summary };
}
