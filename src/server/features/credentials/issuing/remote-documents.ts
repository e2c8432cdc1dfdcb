/**
 * Reading the keys of issuers on other sites: a `did:web` DID document, or an issuer profile (or key
 * document) at an HTTPS address, fetched through the SSRF-safe fetcher, kept a few minutes, and
 * turned into the controller document and Multikey verification methods the signature library reads.
 * Contexts are never fetched: only the issuer's own documents are.
 */
import { LRUCache } from 'lru-cache';
import { DID_V1_CONTEXT, MULTIKEY_CONTEXT } from './contexts.ts';
import { didWebDocumentUrl } from './did.ts';
import { type DocumentFetcher, FetchError } from './safe-fetch.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The issuer's documents could not be read (offline, unreachable, refused): nothing can be said about its keys. */
export class UnresolvableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvableError';
  }
}

/** An issuer's keys, as the signature library reads them: a controller document, or one of its methods. */
export type RemoteResolver = (url: string) => Promise<Json>;

const DID_ACCEPT = 'application/did+json, application/did+ld+json;q=0.9, application/json;q=0.8';
const PROFILE_ACCEPT =
  'application/ld+json, application/json;q=0.9, application/vc+ld+json;q=0.8, application/did+json;q=0.8';

/** A controller document: its id, its keys as Multikey methods, and which of them may make assertions. */
interface Controller {
  id: string;
  methods: Json[];
  assertion: string[];
}

/** A key as a Multikey method, when it is an Ed25519 key given as publicKeyMultibase; else null. */
function asMultikey(method: Json, controller: string): Json | null {
  const id = typeof method.id === 'string' && method.id ? method.id : null;
  const key = method.publicKeyMultibase;
  if (!id || typeof key !== 'string' || !key.startsWith('z6Mk')) return null;
  if (method.type !== 'Multikey' && method.type !== 'Ed25519VerificationKey2020') return null;
  return { id, type: 'Multikey', controller, publicKeyMultibase: key };
}

/** A method id written relative to its document (`#key-1`) made absolute. */
function absoluteId(id: string, base: string): string {
  if (id.startsWith('#')) return `${base}${id}`;
  return id;
}

/** Reads a fetched DID document or issuer profile as a controller document. */
function controllerOf(document: Json, expectedId: string, isDid: boolean): Controller {
  const id = typeof document.id === 'string' ? document.id : null;
  if (id !== expectedId)
    throw new Error(`The document at the issuer's address is for ${id ?? 'nobody'}, not for ${expectedId}.`);
  const methods: Json[] = [];
  const embedded: string[] = [];
  for (const entry of asArray(document.verificationMethod).filter(isObject)) {
    const method = asMultikey({ ...entry, id: absoluteId(String(entry.id ?? ''), id) }, id);
    if (method) methods.push(method);
  }
  for (const entry of asArray(document.assertionMethod)) {
    if (typeof entry === 'string') embedded.push(absoluteId(entry, id));
    else if (isObject(entry)) {
      const method = asMultikey({ ...entry, id: absoluteId(String(entry.id ?? ''), id) }, id);
      if (method) {
        methods.push(method);
        embedded.push(String(method.id));
      }
    }
  }
  // An issuer profile that lists keys but says nothing of their purposes publishes them to sign its
  // credentials; a DID document must say so in assertionMethod.
  const assertion =
    !isDid && document.assertionMethod === undefined ? methods.map((m) => String(m.id)) : embedded;
  return { id, methods, assertion };
}

const controllerDocument = (c: Controller): Json => ({
  '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
  id: c.id,
  verificationMethod: c.methods,
  assertionMethod: c.assertion,
});

/**
 * Resolves did:web and http(s) issuer documents with `fetch`; results (and failures, briefly) are
 * cached so a page of credentials from one issuer fetches its document once.
 */
export function createRemoteResolver(
  fetch: DocumentFetcher,
  options: { ttlMs?: number; failureTtlMs?: number } = {},
): RemoteResolver {
  const cache = new LRUCache<string, Promise<Controller | Json>>({
    max: 500,
    ttl: options.ttlMs ?? 5 * 60_000,
  });
  const failureTtl = options.failureTtlMs ?? 30_000;

  async function read(address: string, accept: string): Promise<Json> {
    let body: string;
    try {
      body = (await fetch(address, accept)).body;
    } catch (error) {
      throw new UnresolvableError(
        error instanceof FetchError ? error.message : `It could not be fetched: ${(error as Error).message}`,
      );
    }
    try {
      const parsed = JSON.parse(body) as unknown;
      if (isObject(parsed)) return parsed;
    } catch {}
    throw new UnresolvableError(`${address.slice(0, 200)} did not answer with a JSON document.`);
  }

  /** The controller (or, for a key published at its own address, the key) behind `base`. */
  function load(base: string): Promise<Controller | Json> {
    const cached = cache.get(base);
    if (cached) return cached;
    const pending = (async () => {
      if (base.startsWith('did:web:')) {
        const where = didWebDocumentUrl(base);
        if (!where) throw new Error(`${base} is not a well-formed did:web.`);
        return controllerOf(await read(where, DID_ACCEPT), base, true);
      }
      const document = await read(base, PROFILE_ACCEPT);
      // A key published at its own address rather than inside a profile.
      if (typeof document.publicKeyMultibase === 'string' && typeof document.controller === 'string') {
        const key = asMultikey(document, document.controller);
        if (!key || key.id !== base) throw new Error(`${base} is not an Ed25519 key Trellis can read.`);
        return key;
      }
      return controllerOf(document, base, false);
    })();
    cache.set(base, pending);
    pending.catch(() => cache.set(base, pending, { ttl: failureTtl }));
    return pending;
  }

  return async (url) => {
    const [base, fragment] = url.split('#');
    const found = await load(base);
    if (!('methods' in found && 'assertion' in found)) {
      if (fragment !== undefined) throw new Error(`${base} is a key, not a document with keys.`);
      return { '@context': MULTIKEY_CONTEXT, ...(found as Json) };
    }
    const controller = found as Controller;
    if (fragment === undefined) return controllerDocument(controller);
    const method = controller.methods.find((m) => m.id === url);
    if (!method) throw new Error(`The issuer's document lists no Ed25519 key ${url}.`);
    return { '@context': MULTIKEY_CONTEXT, ...method };
  };
}
