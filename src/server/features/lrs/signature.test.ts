import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CompactSign, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { lrsClient, setupLrs } from './test-lrs.ts';

const world = setupLrs();
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const certificate = (name: string) => new X509Certificate(fixture(name)).raw.toString('base64');

/** A JWS over the statement, signed with the test key, naming a certificate (or none). */
async function sign(payload: unknown, options: { alg?: string; x5c?: string; key?: string } = {}) {
  const alg = options.alg ?? 'RS256';
  const key = await importPKCS8(fixture(options.key ?? 'signing-key.pem'), alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, ...(options.x5c ? { x5c: [options.x5c] } : {}) })
    .sign(key);
}

function signedRequest(statement: Record<string, unknown>, jws: string) {
  const content = Buffer.from(jws);
  const sha2 = createHash('sha256').update(content).digest('hex');
  const body = {
    ...statement,
    attachments: [
      {
        usageType: 'http://adlnet.gov/expapi/attachments/signature',
        display: { 'en-US': 'Signature' },
        contentType: 'application/octet-stream',
        length: content.length,
        sha2,
      },
    ],
  };
  const boundary = 'signed-boundary';
  const raw = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(body)}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--`),
  ]);
  return { raw: new Uint8Array(raw), headers: { 'content-type': `multipart/mixed; boundary=${boundary}` } };
}

const statement = () => ({
  id: crypto.randomUUID(),
  actor: { mbox: 'mailto:signer@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
  object: { id: 'http://example.org/exam' },
  timestamp: '2026-05-01T09:00:00Z',
});

describe('signed statements (Data 2.6)', () => {
  it('accepts a statement signed with RS256, RS384 or RS512 whose payload is the statement, with or without its certificate', async () => {
    const client = await lrsClient(world);
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const s = statement();
      const response = await client.call(
        'POST',
        '/statements',
        signedRequest(s, await sign(s, { alg, x5c: certificate('signing-cert.pem') })),
      );
      expect(response.status, alg).toBe(200);
    }
    const s = statement();
    expect((await client.call('POST', '/statements', signedRequest(s, await sign(s)))).status).toBe(200);
    // The signature is returned with the statement.
    const { body } = await client.json('GET', '/statements', { query: { statementId: s.id } });
    expect(body.attachments[0].usageType).toBe('http://adlnet.gov/expapi/attachments/signature');
  });

  it('refuses with 400 a payload that differs, a certificate that does not verify, another algorithm or no JWS at all', async () => {
    const client = await lrsClient(world);
    const s = statement();
    const changed = { ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } };
    const cases = [
      signedRequest(changed, await sign(s)),
      signedRequest(s, await sign(s, { x5c: certificate('other-cert.pem') })),
      signedRequest(s, await sign(s, { alg: 'PS256' })),
      signedRequest(s, 'not a signature'),
    ];
    for (const request of cases) expect((await client.call('POST', '/statements', request)).status).toBe(400);
    expect((await client.json('GET', '/statements')).body.statements).toEqual([]);
  });
});
