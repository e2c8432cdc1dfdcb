/**
 * /api/verify with VERIFY_ONLINE on, as production runs: addresses a credential or a pasted URL
 * points at inside the server's own network are refused, before any connection, at the API.
 */
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildMicroCredential, issueAwards } from '#server/test/credential-builders.ts';

const t = setupTestApp({ VERIFY_ONLINE: '1' });

describe('verifying online', () => {
  it('refuses credential addresses on loopback, private and link-local addresses', async () => {
    for (const url of [
      'http://127.0.0.1:9/credential.json',
      'http://localhost:9/credential.json',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/credential',
      'http://[::1]:9/credential',
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/verify', payload: { url } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().errors[0], url).toMatchObject({
        path: '/body/url',
        message: expect.stringMatching(/could not be fetched: .*an address Trellis does not fetch from/),
      });
    }
  });

  it('reads our own issuers locally, and says one whose did:web points inside could not be checked', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
    const teacher = await buildUser(db, { districtId: district.id });
    const { credential } = await buildMicroCredential(db, { issuerOrgId: district.id, createdBy: admin.id });
    const [award] = await issueAwards(t, credential.id, [teacher.id]);
    const document = (
      await t.app.inject({
        method: 'GET',
        url: `/credentials/${award.awardId}`,
        headers: { accept: 'application/ld+json' },
      })
    ).json();
    // Our own did:web and status list are read from the database even when online: trellis.test
    // resolves nowhere, so a fetch would leave it unchecked.
    const ours = (await t.app.inject({ method: 'POST', url: '/api/verify', payload: document })).json().data;
    expect(ours).toMatchObject({ verified: true, outcome: 'verified' });
    const inside = 'did:web:127.0.0.1%3A9';
    document.issuer.id = inside;
    document.proof.verificationMethod = `${inside}#key-1`;
    delete document.credentialStatus;
    const report = (await t.app.inject({ method: 'POST', url: '/api/verify', payload: document })).json()
      .data;
    expect(report.outcome).toBe('unchecked');
    expect(report.checks.find((c: { check: string }) => c.check === 'issuer')).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(
        /^Could not be checked: the issuer is unreachable \(https:\/\/127\.0\.0\.1:9\/\.well-known\/did\.json: 127\.0\.0\.1 is an address Trellis does not fetch from/,
      ),
    });
  });
});
