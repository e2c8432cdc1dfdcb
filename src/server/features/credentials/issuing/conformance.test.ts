/**
 * 1EdTech's own Open Badges 3.0 validator cases (fixtures/ob3-1edtech-validator, provenance in
 * fixtures/README.md), every one of them, through Trellis's verifier: once offline, once with the
 * issuers' documents served by an injected fetcher from fixtures/ob3-issuer-documents.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issue } from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from './contexts.ts';
import { createAchievementCredentialValidator, requiredTypeValues } from './ob-schema.ts';
import { createRemoteResolver } from './remote-documents.ts';
import { STATUS_LIST_LENGTH, unsignedStatusListCredential } from './status-lists.ts';
import { type DocumentFetcher, FetchError } from './safe-fetch.ts';
import { type VerificationReport, verifyCredentialDocument } from './verify.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const CASES_DIR = path.join(FIXTURES, 'ob3-1edtech-validator');
const cases = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const issuerDocuments = JSON.parse(
  readFileSync(path.join(FIXTURES, 'ob3-issuer-documents.json'), 'utf8'),
) as Record<string, unknown>;

type Outcome = VerificationReport['outcome'];
/** What a case must give: its outcome and, when invalid, the check that fails and why. */
interface Expected {
  outcome: Outcome;
  check?: string;
  reason?: RegExp;
}

/**
 * The defective cases (`simple-err-*`, `simple-noproof`) are invalid for the reason their names say,
 * found without the network where that is possible.
 */
const DEFECTS: Record<string, Expected> = {
  'simple-err-context.json': { outcome: 'invalid', check: 'format', reason: /first @context/ },
  'simple-err-credential-subject-achievement-result-description-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /resultDescription\/2\/type must include "ResultDescription"/,
  },
  'simple-err-credential-subject-identifier-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /credentialSubject\/identifier\/0\/type must include "IdentityObject"/,
  },
  'simple-err-credential-subject-profile-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /credentialSubject\/source\/type must include "Profile"/,
  },
  'simple-err-credential-subject-result-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /credentialSubject\/result\/1\/type must include "Result"/,
  },
  'simple-err-credential-subject-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /credentialSubject\/type must include "AchievementSubject"/,
  },
  'simple-err-evidence-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /evidence\/1\/type must include "Evidence"/,
  },
  'simple-err-expired.json': { outcome: 'invalid', check: 'expiry', reason: /^Expired on 2010-01-01/ },
  'simple-err-issued.json': {
    outcome: 'invalid',
    check: 'expiry',
    reason: /^Not valid yet: valid from 2040/,
  },
  'simple-err-issuer-otheridentifier-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /issuer\/otherIdentifier\/1\/type must include "IdentifierEntry"/,
  },
  'simple-err-issuer-parentorg-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /issuer\/parentOrg\/type must include "Profile"/,
  },
  'simple-err-issuer-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /\/issuer\/type must include "Profile"/,
  },
  'simple-err-issuer.json': { outcome: 'invalid', check: 'format', reason: /names no issuer/ },
  'simple-err-proof-method-no-scheme.json': {
    outcome: 'invalid',
    check: 'issuer',
    reason: /verificationMethod "z6Mkrvfz\w+" is neither a web address nor a DID/,
  },
  'simple-err-proof-method-unknown-did-method.json': {
    outcome: 'invalid',
    check: 'issuer',
    reason: /key of did:example:z6Mkrvfz\w+, not of the issuer/,
  },
  'simple-err-proof-method-unknown-scheme.json': {
    outcome: 'invalid',
    check: 'issuer',
    reason: /scheme "xxx:"/,
  },
  'simple-err-type.json': {
    outcome: 'invalid',
    check: 'schema',
    reason: /\/type must include "AchievementCredential" or "OpenBadgeCredential"/,
  },
  'simple-noproof.json': { outcome: 'invalid', check: 'format', reason: /no proof/ },
  // A did:key resolves locally, so this one is refused on- and offline, saying why.
  'simple-did-key-method.json': {
    outcome: 'invalid',
    check: 'issuer',
    reason: /is the DID did:key:z6Mk\w+ itself, not one of its keys.*no publicKeyMultibase/,
  },
};

/** Defects only the issuer's own document shows: offline they cannot be told. */
const ONLINE_DEFECTS: Record<string, Expected> = {
  'simple-err-proof-method.json': {
    outcome: 'invalid',
    check: 'issuer',
    reason: /#z6MkjZRsdas\w+ is not listed for assertions in the issuer's profile/,
  },
  'simple-err-proof-value.json': {
    outcome: 'invalid',
    check: 'signature',
    reason: /signature does not match the contents/,
  },
};

/** Valid credentials with a proof Trellis verifies, and no status it cannot read: verified when online. */
const VERIFIABLE = [
  'endorsement-valid.json',
  'simple-context-alias.json',
  'simple-context-version.json',
  'simple-did-web-method.json',
  'simple-multiple-proofs.json',
  'simple.json',
];

/**
 * Valid credentials Trellis cannot confirm even online, and says why: a proof type it does not verify
 * (Ed25519Signature2020, the draft eddsa-2022), or a 1EdTechRevocationList status it does not read.
 */
const NOT_CONFIRMABLE: Record<string, { check: string; reason: RegExp }> = {
  'complete.json': { check: 'revocation', reason: /status method Trellis does not read/ },
  'credential-status-revoked.json': {
    check: 'signature',
    reason: /Ed25519Signature2020, which Trellis does not verify/,
  },
  'endorsement-err-schema-status-refresh.json': {
    check: 'signature',
    reason: /Ed25519Signature2020, which Trellis does not verify/,
  },
  'simple-eddsa-2022.json': {
    check: 'signature',
    reason: /eddsa-2022 cryptosuite, which Trellis does not verify/,
  },
  'simple_v1.json': { check: 'signature', reason: /Ed25519Signature2020, which Trellis does not verify/ },
};

/**
 * Valid when it was made, and expired since (its expirationDate is 2020-01-01): any verifier today
 * must say so, whatever else it can or cannot check.
 */
const EXPIRED_SINCE: Record<string, Expected> = {
  'complete_v1.json': { outcome: 'invalid', check: 'expiry', reason: /^Expired on 2020-01-01T00:00:00Z\.$/ },
};

/** Serves the issuers' documents from fixtures and records every address asked for. */
function fixtureFetcher() {
  const asked: string[] = [];
  const fetch: DocumentFetcher = async (url) => {
    asked.push(url);
    const document = issuerDocuments[url];
    if (!document) throw new FetchError(`${new URL(url).host} could not be reached (ENOTFOUND).`);
    return { url, contentType: 'application/json', body: JSON.stringify(document) };
  };
  return { fetch, asked };
}

const NOW = new Date('2026-06-01T00:00:00Z');

function verify(file: string, online: ReturnType<typeof fixtureFetcher> | null) {
  const credential = JSON.parse(readFileSync(path.join(CASES_DIR, file), 'utf8'));
  return verifyCredentialDocument(
    {
      publicUrl: 'http://trellis.test',
      documentLoader: createDocumentLoader(async () => null),
      resolveRemote: online ? createRemoteResolver(online.fetch) : null,
      readOwnStatus: async () => null,
      now: NOW,
    },
    credential,
  );
}

function expectGives(report: VerificationReport, expected: Expected, file: string) {
  const summary = `${file}: ${report.outcome}\n${report.checks.map((c) => `  ${c.check} ${c.status}: ${c.message}`).join('\n')}`;
  expect(report.outcome, summary).toBe(expected.outcome);
  expect(report.verified, summary).toBe(expected.outcome === 'verified');
  if (expected.check) {
    const check = report.checks.find((c) => c.check === expected.check);
    expect(check?.status, summary).toBe(expected.outcome === 'invalid' ? 'failed' : 'skipped');
    expect(check?.message, summary).toMatch(expected.reason as RegExp);
  }
  if (expected.outcome !== 'invalid')
    expect(
      report.checks.filter((c) => c.status === 'failed'),
      summary,
    ).toEqual([]);
}

describe("1EdTech's Open Badges 3.0 validator cases", () => {
  it('are all classified here, and there are 33 of them', () => {
    const classified = [
      ...Object.keys(DEFECTS),
      ...Object.keys(ONLINE_DEFECTS),
      ...VERIFIABLE,
      ...Object.keys(NOT_CONFIRMABLE),
      ...Object.keys(EXPIRED_SINCE),
    ].sort();
    expect(classified).toEqual(cases);
    expect(cases).toHaveLength(33);
  });

  it('online (issuers served from fixtures): each gives its expected result', async () => {
    const online = fixtureFetcher();
    const agreeing: string[] = [];
    for (const file of cases) {
      const expected: Expected =
        DEFECTS[file] ??
        ONLINE_DEFECTS[file] ??
        EXPIRED_SINCE[file] ??
        (VERIFIABLE.includes(file)
          ? { outcome: 'verified' }
          : { outcome: 'unchecked', ...NOT_CONFIRMABLE[file] });
      expectGives(await verify(file, online), expected, file);
      agreeing.push(file);
    }
    expect(agreeing).toHaveLength(33);
    // Only issuers' documents were asked for: never a context, never a credential's other addresses.
    expect([...new Set(online.asked)].sort()).toEqual([
      'https://1edtech.edu/issuers/565049',
      'https://example.com/issuers/876543',
      'https://example.edu/issuers/565049',
      'https://state.gov/issuers/565049',
    ]);
  });

  it('offline: defects found without the network are invalid; nothing else is called invalid', async () => {
    for (const file of cases) {
      const report = await verify(file, null);
      const expected: Expected = DEFECTS[file] ?? EXPIRED_SINCE[file] ?? { outcome: 'unchecked' };
      expectGives(report, expected, file);
      if (VERIFIABLE.includes(file) || ONLINE_DEFECTS[file])
        expect(report.checks.find((c) => c.check === 'issuer')?.message).toMatch(
          /^Could not be checked: Trellis verifies offline here, and the issuer's keys are published at https:\/\//,
        );
    }
  });

  it('an unreachable issuer is "could not be checked: issuer unreachable", not invalid', async () => {
    const unreachable = fixtureFetcher();
    const report = await verifyCredentialDocument(
      {
        publicUrl: 'http://trellis.test',
        documentLoader: createDocumentLoader(async () => null),
        resolveRemote: createRemoteResolver(async (url) => {
          unreachable.asked.push(url);
          throw new FetchError('No answer within 5 seconds.');
        }),
        readOwnStatus: async () => null,
        now: NOW,
      },
      JSON.parse(readFileSync(path.join(CASES_DIR, 'simple.json'), 'utf8')),
    );
    expect(report.outcome).toBe('unchecked');
    expect(report.checks.find((c) => c.check === 'issuer')).toMatchObject({
      status: 'skipped',
      message:
        'Could not be checked: the issuer is unreachable (https://example.com/issuers/876543: No answer within 5 seconds.)',
    });
    expect(report.checks.find((c) => c.check === 'signature')?.status).toBe('skipped');
  });
});

// ─── Issuers elsewhere, signed here with fresh keys ─────────────────────────────────────────────

/** An Open Badge signed by `issuer` with a fresh Ed25519 key `keyId` (a DID URL or https URL). */
async function signedBadge(issuer: string, fragment: string) {
  const key = await Ed25519Multikey.generate({ id: `${issuer}#${fragment}`, controller: issuer });
  const credential = JSON.parse(readFileSync(path.join(CASES_DIR, 'simple.json'), 'utf8'));
  delete credential.proof;
  credential.issuer.id = issuer;
  const loader = createDocumentLoader(async () => null);
  const signed = await issue({
    credential,
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    documentLoader: loader,
  });
  const method = {
    id: `${issuer}#${fragment}`,
    type: 'Multikey',
    controller: issuer,
    publicKeyMultibase: key.publicKeyMultibase,
  };
  return { signed, method };
}

/** A fetcher serving exactly the given documents, recording what was asked. */
function serving(documents: Record<string, unknown>) {
  const asked: string[] = [];
  const fetch: DocumentFetcher = async (url) => {
    asked.push(url);
    if (!(url in documents)) throw new FetchError('It could not be reached (ENOTFOUND).');
    return { url, contentType: 'application/did+json', body: JSON.stringify(documents[url]) };
  };
  return { fetch, asked };
}

const verifyWith = (
  credential: unknown,
  fetch: DocumentFetcher | null,
  own: Record<string, Record<string, unknown>> = {},
) =>
  verifyCredentialDocument(
    {
      publicUrl: 'https://trellis.example',
      documentLoader: createDocumentLoader(async (did) => own[did] ?? null),
      resolveRemote: fetch ? createRemoteResolver(fetch) : null,
      fetchStatusList: fetch ? async (url) => JSON.parse((await fetch(url, 'application/json')).body) : null,
      readOwnStatus: async () => null,
      now: NOW,
    },
    credential,
  );

describe('issuers Trellis resolves', () => {
  it('a did:web of another site: its DID document fetched from the did:web address, and checked', async () => {
    const did = 'did:web:badges.example.org:issuers:42';
    const { signed, method } = await signedBadge(did, 'key-1');
    const document = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [method],
      assertionMethod: ['#key-1'],
    };
    const site = serving({ 'https://badges.example.org/issuers/42/did.json': document });
    const report = await verifyWith(signed, site.fetch);
    expect(report.outcome, JSON.stringify(report.checks)).toBe('verified');
    expect(site.asked).toEqual(['https://badges.example.org/issuers/42/did.json']);

    // A key the document lists but does not authorise for assertions is not the issuer's signature.
    const authOnly = serving({
      'https://badges.example.org/issuers/42/did.json': {
        ...document,
        assertionMethod: [],
        authentication: ['#key-1'],
      },
    });
    const refused = await verifyWith(signed, authOnly.fetch);
    expect(refused.outcome).toBe('invalid');
    expect(refused.checks.find((c) => c.check === 'issuer')?.message).toMatch(
      /not listed for assertions in the issuer's DID document/,
    );

    // A document that answers for another DID is not this issuer's.
    const impostor = serving({
      'https://badges.example.org/issuers/42/did.json': { ...document, id: 'did:web:evil.example' },
    });
    expect((await verifyWith(signed, impostor.fetch)).checks.find((c) => c.check === 'issuer')).toMatchObject(
      {
        status: 'failed',
        message: expect.stringMatching(
          /is for did:web:evil\.example, not for did:web:badges\.example\.org:issuers:42/,
        ),
      },
    );
  });

  it('a did:key locally, and this deployment’s own did:web from its own documents, never the network', async () => {
    const key = await Ed25519Multikey.generate();
    const did = `did:key:${key.publicKeyMultibase}`;
    const { signed: byKey } = await (async () => {
      const credential = JSON.parse(readFileSync(path.join(CASES_DIR, 'simple.json'), 'utf8'));
      delete credential.proof;
      credential.issuer.id = did;
      const withId = await Ed25519Multikey.from({
        ...(await key.export({ publicKey: true, secretKey: true })),
        id: `${did}#${key.publicKeyMultibase}`,
        controller: did,
      });
      return {
        signed: await issue({
          credential,
          suite: new DataIntegrityProof({ signer: withId.signer(), cryptosuite }),
          documentLoader: createDocumentLoader(async () => null),
        }),
      };
    })();
    const nothing = serving({});
    expect((await verifyWith(byKey, nothing.fetch)).outcome).toBe('verified');
    expect((await verifyWith(byKey, null)).outcome).toBe('verified');

    const ownDid = 'did:web:trellis.example:orgs:0b6f5b38-6c4f-4a51-9d4f-6f7f4b5c2a10';
    const { signed: ours, method } = await signedBadge(ownDid, 'key-1');
    const ownDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: ownDid,
      verificationMethod: [method],
      assertionMethod: [method.id],
    };
    expect((await verifyWith(ours, nothing.fetch, { [ownDid]: ownDocument })).outcome).toBe('verified');
    expect(nothing.asked).toEqual([]);
  });

  it('a status list on another site: fetched, checked to be the issuer’s and signed by it, then read', async () => {
    const did = 'did:web:badges.example.org';
    const key = await Ed25519Multikey.generate({ id: `${did}#key-1`, controller: did });
    const method = {
      id: `${did}#key-1`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    };
    const didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [method],
      assertionMethod: [method.id],
    };
    const sign = (credential: Record<string, unknown>) =>
      issue({
        credential,
        suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
        documentLoader: createDocumentLoader(async () => null),
      });
    const listUrl = 'https://badges.example.org/status/l1';
    const list = await sign(
      await unsignedStatusListCredential({
        publicUrl: 'https://badges.example.org',
        listId: 'l1',
        issuerDid: did,
        length: STATUS_LIST_LENGTH,
        revokedIndexes: [7],
        validFrom: '2025-01-01T00:00:00Z',
      }),
    );
    expect(list.id).toBe(listUrl);
    const badge = async (index: number) => {
      const credential = JSON.parse(readFileSync(path.join(CASES_DIR, 'simple.json'), 'utf8'));
      delete credential.proof;
      credential.issuer.id = did;
      credential.credentialStatus = {
        id: `${listUrl}#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: listUrl,
      };
      return sign(credential);
    };
    const site = serving({ 'https://badges.example.org/.well-known/did.json': didDocument, [listUrl]: list });
    const kept = await verifyWith(await badge(3), site.fetch);
    expect(kept.outcome, JSON.stringify(kept.checks)).toBe('verified');
    expect(kept.checks.find((c) => c.check === 'revocation')?.message).toBe(
      `Not revoked: checked against the issuer’s status list at ${listUrl}.`,
    );
    const revoked = await verifyWith(await badge(7), site.fetch);
    expect(revoked.outcome).toBe('invalid');
    expect(revoked.checks.find((c) => c.check === 'revocation')).toMatchObject({
      status: 'failed',
      message: 'Revoked: the issuer has revoked this credential.',
    });

    // A list whose bits were changed after signing is not believed.
    const cleared = structuredClone(list) as Record<string, Record<string, unknown>>;
    cleared.credentialSubject.encodedList = (
      (await unsignedStatusListCredential({
        publicUrl: 'https://badges.example.org',
        listId: 'l1',
        issuerDid: did,
        length: STATUS_LIST_LENGTH,
        revokedIndexes: [],
        validFrom: '2025-01-01T00:00:00Z',
      })) as Record<string, Record<string, unknown>>
    ).credentialSubject.encodedList;
    const forged = serving({
      'https://badges.example.org/.well-known/did.json': didDocument,
      [listUrl]: cleared,
    });
    const report = await verifyWith(await badge(7), forged.fetch);
    expect(report.outcome).toBe('invalid');
    expect(report.checks.find((c) => c.check === 'revocation')?.message).toMatch(
      /^The status list's signature: The signature does not match/,
    );

    // An unreachable list: nothing known about revocation, so the credential is not confirmed.
    const noList = serving({ 'https://badges.example.org/.well-known/did.json': didDocument });
    const unknown = await verifyWith(await badge(3), noList.fetch);
    expect(unknown.outcome).toBe('unchecked');
    expect(unknown.checks.find((c) => c.check === 'revocation')).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(
        /^Could not be checked: the status list https:\/\/badges\.example\.org\/status\/l1 is unreachable/,
      ),
    });
  });
});

describe('the Open Badges 3.0 schema as applied', () => {
  const validate = createAchievementCredentialValidator();
  const simple = () => JSON.parse(readFileSync(path.join(CASES_DIR, 'simple.json'), 'utf8'));

  it('takes VC 2.0 validFrom where the published revision requires issuanceDate, and needs one of them', () => {
    expect(validate(simple())).toEqual([]);
    const undated = simple();
    delete undated.validFrom;
    expect(validate(undated)).toContainEqual({
      path: '/',
      message: 'must have required property validFrom (or issuanceDate)',
    });
    expect(validate({ ...simple(), validFrom: 'yesterday' })).toContainEqual({
      path: '/validFrom',
      message: 'must match format "date-time"',
    });
  });

  it('reads the type rules the schema states in words', () => {
    expect(
      requiredTypeValues(
        "The value of the type property MUST be an unordered set. One of the items MUST be the URI 'VerifiableCredential', and one of the items MUST be the URI 'AchievementCredential' or the URI 'OpenBadgeCredential'.",
      ),
    ).toEqual([['VerifiableCredential'], ['AchievementCredential', 'OpenBadgeCredential']]);
    expect(requiredTypeValues("MUST be the IRI 'IdentityObject'.")).toEqual([['IdentityObject']]);
    expect(requiredTypeValues('No description supplied.')).toEqual([]);
    const asString = simple();
    asString.credentialSubject.type = 'AchievementSubject';
    expect(validate(asString)).toEqual([]);
  });
});
