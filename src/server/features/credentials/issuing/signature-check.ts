/**
 * Checking a credential's eddsa-rdfc-2022 signature: canonicalizing its JSON-LD and verifying the
 * Ed25519 proof. Pure work on the document and the keys its loader gives, so it can run on a worker
 * thread (signatures.ts) as well as in the verifying request.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { type DocumentLoader, verifyCredential } from '@digitalbazaar/vc';
import { UnresolvableError } from './remote-documents.ts';
// Canonicalizing a credential shares term definitions between copies of its contexts.
import './jsonld-term-sharing.ts';

type Json = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A time inside the credential's validity, so the signature check is not confused with expiry. */
function timeWithinValidity(credential: Json): Date | undefined {
  const from = text(credential.validFrom) ?? text(credential.issuanceDate);
  const until = text(credential.validUntil) ?? text(credential.expirationDate);
  if (from) return new Date(from);
  if (until) return new Date(until);
  return undefined;
}

/** Every error inside what the signature library reports (its lists, causes and details). */
function errorChain(error: unknown, seen = new Set<unknown>()): Error[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const e = error as Error & { errors?: unknown[]; cause?: unknown; details?: { cause?: unknown } };
  return [
    ...(error instanceof Error ? [e] : []),
    ...(e.errors ?? []).flatMap((inner) => errorChain(inner, seen)),
    ...errorChain(e.cause, seen),
    ...errorChain(e.details?.cause, seen),
  ];
}

export type SignatureResult = { status: 'passed' | 'failed' | 'skipped'; message: string };

/** Plain words for what the signature library reports; "skipped" when a document could not be had. */
function signatureResult(error: (Error & { errors?: Error[] }) | undefined): SignatureResult {
  const chain = errorChain(error);
  const unreachable = chain.find((e) => e instanceof UnresolvableError);
  if (unreachable)
    return {
      status: 'skipped',
      message: `Could not be checked: the issuer is unreachable (${unreachable.message})`,
    };
  const missingContext = chain.find((e) => /^Trellis does not fetch /.test(e.message));
  if (missingContext)
    return {
      status: 'skipped',
      message: `Could not be checked: the credential uses a JSON-LD context Trellis does not have (${missingContext.message.replace(/^Trellis does not fetch /, '').replace(/:.*$/, '')}).`,
    };
  const inner = error?.errors?.[0] ?? error;
  const said = inner?.message ?? 'unknown reason';
  if (/invalid signature/i.test(said))
    return {
      status: 'failed',
      message:
        'The signature does not match the contents: the credential was changed after it was signed, or the signature itself was altered.',
    };
  if (/safe mode|undefined term|relative|invalid.*context|protected term/i.test(said))
    return {
      status: 'failed',
      message: `The credential does not read as signed JSON-LD (it was changed after signing, or uses terms no context defines): ${said}`,
    };
  return { status: 'failed', message: `The signature could not be verified: ${said}` };
}

const SIGNATURE_PASSED: SignatureResult = {
  status: 'passed',
  message: 'The signature matches the contents.',
};

export async function checkSignature(loader: DocumentLoader, credential: Json): Promise<SignatureResult> {
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: loader,
    // Status is checked from our own list below, never by fetching.
    checkStatus: async () => ({ verified: true }),
    now: timeWithinValidity(credential),
  });
  if (result.verified) return SIGNATURE_PASSED;
  const proofError = result.results?.find((r) => !r.verified)?.error;
  return signatureResult((proofError ?? result.error) as Error & { errors?: Error[] });
}
