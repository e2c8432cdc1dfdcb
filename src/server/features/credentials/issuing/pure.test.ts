import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  deploymentDid,
  didWebDocumentUrl,
  didWebIdentifier,
  organizationDid,
  parseOwnDid,
} from './did.ts';
import { decryptSecret, deriveEncryptionKey, encryptSecret } from './key-secret.ts';
import { hashedEmailIdentity, publicEvidence } from './open-badge.ts';
import { parseAccept, preferredJsonType } from './public-routes.ts';
import { encodeStatusBits, STATUS_LIST_LENGTH, statusBitIsSet } from './status-lists.ts';

const ORG = '0190c4a2-68c2-7599-a7ad-26d9299bef3a';

describe('did:web identifiers', () => {
  it('come from the public URL, with a port written as %3A and a path as colons', () => {
    expect(didWebIdentifier('https://trellis.example')).toBe('trellis.example');
    expect(didWebIdentifier('http://localhost:3000')).toBe('localhost%3A3000');
    expect(didWebIdentifier('https://schools.example:8443/pl/')).toBe('schools.example%3A8443:pl');
    expect(deploymentDid('http://localhost:3000')).toBe('did:web:localhost%3A3000');
    expect(organizationDid('https://trellis.example', ORG)).toBe(`did:web:trellis.example:orgs:${ORG}`);
  });

  it('resolve to the addresses the did:web method names', () => {
    expect(didWebDocumentUrl('did:web:trellis.example')).toBe('https://trellis.example/.well-known/did.json');
    expect(didWebDocumentUrl(`did:web:localhost%3A3000:orgs:${ORG}`)).toBe(
      `https://localhost:3000/orgs/${ORG}/did.json`,
    );
    expect(didWebDocumentUrl('did:key:z6Mkabc')).toBeNull();
  });

  it('are told apart: ours, an organization of ours, or someone else’s', () => {
    const url = 'https://trellis.example';
    expect(parseOwnDid(url, 'did:web:trellis.example')).toEqual({ kind: 'deployment' });
    expect(parseOwnDid(url, `did:web:trellis.example:orgs:${ORG}`)).toEqual({
      kind: 'organization',
      orgId: ORG,
    });
    expect(parseOwnDid(url, 'did:web:trellis.example:orgs:not-a-uuid')).toBeNull();
    expect(parseOwnDid(url, `did:web:evil.example:orgs:${ORG}`)).toBeNull();
  });

  it('documents list every key, retired ones too, for assertions', () => {
    const did = organizationDid('https://trellis.example', ORG);
    const document = buildDidDocument(did, [
      { fragment: 'key-1', publicKeyMultibase: 'z6MkOld', retired: true },
      { fragment: 'key-2', publicKeyMultibase: 'z6MkNew', retired: false },
    ]);
    expect(document.assertionMethod).toEqual([`${did}#key-1`, `${did}#key-2`]);
    expect(document.verificationMethod).toEqual([
      { id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkOld' },
      { id: `${did}#key-2`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkNew' },
    ]);
  });
});

describe('issuer key encryption', () => {
  const key = deriveEncryptionKey('a deployment secret of at least thirty-two characters');

  it('round-trips, with a fresh nonce each time', () => {
    const one = encryptSecret(key, 'zSecretKeyMultibase', 'z6MkPublic');
    const two = encryptSecret(key, 'zSecretKeyMultibase', 'z6MkPublic');
    expect(one).not.toBe(two);
    expect(one).not.toContain('zSecretKeyMultibase');
    expect(decryptSecret(key, one, 'z6MkPublic')).toBe('zSecretKeyMultibase');
  });

  it('refuses another secret, another key row, or a changed byte', () => {
    const box = encryptSecret(key, 'zSecretKeyMultibase', 'z6MkPublic');
    const otherKey = deriveEncryptionKey('another deployment secret, also thirty-two long');
    expect(() => decryptSecret(otherKey, box, 'z6MkPublic')).toThrow();
    expect(() => decryptSecret(key, box, 'z6MkSomeoneElse')).toThrow();
    const parts = box.split('.');
    parts[3] = `${parts[3][0] === 'A' ? 'B' : 'A'}${parts[3].slice(1)}`;
    expect(() => decryptSecret(key, parts.join('.'), 'z6MkPublic')).toThrow();
  });
});

describe('status list encoding', () => {
  it('is a multibase base64url GZIP bitstring with exactly the revoked bits set', async () => {
    const encoded = await encodeStatusBits(STATUS_LIST_LENGTH, [0, 7, 131_071]);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    for (const index of [0, 7, 131_071]) expect(await statusBitIsSet(encoded, index)).toBe(true);
    for (const index of [1, 6, 8, 65_536]) expect(await statusBitIsSet(encoded, index)).toBe(false);
  });
});

describe('recipient identity and evidence', () => {
  it('hashes the email with its salt as OB 3.0 describes (sha256$ of address then salt)', () => {
    // 1EdTech's own example: 'a@example.com' salted with 'Kosher'.
    expect(hashedEmailIdentity('A@example.com ', 'Kosher')).toEqual({
      type: 'IdentityObject',
      hashed: true,
      identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
      identityType: 'emailAddress',
      salt: 'Kosher',
    });
  });

  it('keeps private answers, unmarked answers and files out', () => {
    const prompts = [
      { id: 'r', kind: 'reflection' as const, prompt: 'Reflect', required: true },
      { id: 'v', kind: 'video' as const, prompt: 'Video', required: false },
      { id: 'f', kind: 'file' as const, prompt: 'File', required: false },
      { id: 'x', kind: 'resource' as const, prompt: 'Resource', required: false },
    ];
    const shown = publicEvidence(
      'https://trellis.example',
      [
        { promptId: 'r', text: 'Open words', private: false },
        { promptId: 'v', url: 'https://video.example/1', private: true },
        { promptId: 'f', fileId: 'abc', filename: 'plan.pdf', private: false },
        { promptId: 'x', resourceId: ORG, private: false },
        { promptId: 'r', text: 'No flag' } as never,
      ],
      prompts,
    );
    expect(shown).toEqual([
      { name: 'Reflect', narrative: 'Open words' },
      { name: 'Resource', url: `https://trellis.example/resources/${ORG}` },
    ]);
  });
});

describe('content negotiation', () => {
  it('orders media ranges by preference', () => {
    expect(parseAccept('text/html;q=0.5, application/ld+json')).toEqual([
      { type: 'application/ld+json', q: 1 },
      { type: 'text/html', q: 0.5 },
    ]);
  });

  it('serves JSON only when the client prefers it to a page', () => {
    expect(preferredJsonType('application/ld+json')).toBe('application/ld+json');
    expect(preferredJsonType('application/vc+ld+json, application/json;q=0.9')).toBe(
      'application/vc+ld+json',
    );
    expect(preferredJsonType('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBeNull();
    expect(preferredJsonType('text/html;q=0.9, application/json')).toBe('application/json');
    expect(preferredJsonType(undefined)).toBeNull();
    expect(preferredJsonType('*/*')).toBeNull();
  });
});
