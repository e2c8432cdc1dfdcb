import { describe, expect, it } from 'vitest';
import { securityHeaders, trellisHelmetOptions } from './security-headers.ts';

const policy =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;font-src 'self';" +
  "connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

const common = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const asObject = (headers: ReadonlyArray<readonly [string, string]>) =>
  Object.fromEntries(headers.map(([name, value]) => [name.toLowerCase(), value]));

describe('security headers worked out once', () => {
  it('are the headers Helmet sets over plain HTTP', () => {
    expect(asObject(securityHeaders(trellisHelmetOptions(false)))).toEqual({
      'content-security-policy': policy,
      ...common,
    });
  });

  it('tell browsers to keep to HTTPS when Trellis is served over TLS', () => {
    expect(asObject(securityHeaders(trellisHelmetOptions(true)))).toEqual({
      'content-security-policy': `${policy};upgrade-insecure-requests`,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      ...common,
    });
  });

  it('refuses options Helmet would refuse', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ['self'] } },
      }),
    ).toThrow();
  });
});
