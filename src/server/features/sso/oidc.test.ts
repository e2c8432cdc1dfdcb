import { describe, expect, it } from 'vitest';
import { allowsPlainHttp, issuerProblem } from './oidc.ts';

describe('which issuers Trellis reaches', () => {
  const allowed = { SIGN_ON_LOOPBACK_HTTP: true, NODE_ENV: 'development' } as const;
  it.each([
    ['https://accounts.google.com', allowed, null],
    ['http://127.0.0.1:4000', allowed, null],
    ['http://localhost:4000/tenant/v2.0', allowed, null],
    ['http://login.example.org', allowed, 'must be an https address'],
    [
      'http://127.0.0.1:4000',
      { SIGN_ON_LOOPBACK_HTTP: false, NODE_ENV: 'development' },
      'must be an https address',
    ],
    [
      'http://127.0.0.1:4000',
      { SIGN_ON_LOOPBACK_HTTP: true, NODE_ENV: 'production' },
      'must be an https address',
    ],
  ] as const)('%s with %o: %s', (issuer, config, problem) => {
    expect(issuerProblem(config, issuer)).toBe(problem);
    expect(allowsPlainHttp(config, issuer)).toBe(issuer.startsWith('http:') && problem === null);
  });
});
