/**
 * did:web identifiers of this deployment and its issuing organizations, and the DID documents that
 * list their keys. Pure functions: the keys come from issuer_keys.
 */
import { DID_V1_CONTEXT, MULTIKEY_CONTEXT } from './contexts.ts';

/**
 * The did:web method-specific identifier of a public URL: its host (a port written as %3A) and
 * any path segments, joined by colons. `https://trellis.example:8443/pl` → `trellis.example%3A8443:pl`.
 */
export function didWebIdentifier(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return [host, ...segments].join(':');
}

/** The deployment's own DID, served at /.well-known/did.json. */
export const deploymentDid = (publicUrl: string): string => `did:web:${didWebIdentifier(publicUrl)}`;

/** An issuing organization's DID, served at /orgs/<orgId>/did.json. */
export const organizationDid = (publicUrl: string, orgId: string): string =>
  `${deploymentDid(publicUrl)}:orgs:${orgId}`;

/** The DID of an issuer: an organization, or the deployment itself when `orgId` is null. */
export const issuerDid = (publicUrl: string, orgId: string | null): string =>
  orgId ? organizationDid(publicUrl, orgId) : deploymentDid(publicUrl);

/**
 * Where a did:web document lives, by the did:web method: `did:web:host` → https://host/.well-known/did.json,
 * `did:web:host:a:b` → https://host/a/b/did.json. Null for anything that is not a did:web.
 */
export function didWebDocumentUrl(did: string): string | null {
  const match = /^did:web:([^#?/]+)$/.exec(did);
  if (!match) return null;
  const [host, ...segments] = match[1].split(':').map(decodeURIComponent);
  if (!host) return null;
  const path = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
  return `https://${host}${path}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which of this deployment's DIDs `did` is: the deployment's, an organization's, or none (null). */
export function parseOwnDid(
  publicUrl: string,
  did: string,
): { kind: 'deployment' } | { kind: 'organization'; orgId: string } | null {
  const own = deploymentDid(publicUrl);
  if (did === own) return { kind: 'deployment' };
  const prefix = `${own}:orgs:`;
  if (!did.startsWith(prefix)) return null;
  const orgId = did.slice(prefix.length);
  return UUID.test(orgId) ? { kind: 'organization', orgId: orgId.toLowerCase() } : null;
}

/** One key as listed in a DID document. */
export interface ListedKey {
  fragment: string;
  publicKeyMultibase: string;
  retired: boolean;
}

/**
 * A DID document listing every key of the issuer, active and retired, as Multikey verification
 * methods authorised for `assertionMethod`: credentials signed with a retired key still verify.
 */
export function buildDidDocument(
  did: string,
  keys: ListedKey[],
  extra: { service?: Array<Record<string, unknown>> } = {},
): Record<string, unknown> {
  const methods = keys.map((k) => ({
    id: `${did}#${k.fragment}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k.publicKeyMultibase,
  }));
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
    ...(extra.service?.length ? { service: extra.service } : {}),
  };
}
