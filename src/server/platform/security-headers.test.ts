import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, expectedSecurityHeaders } from '#server/test/security-headers.ts';
import { securityHeaders, trellisHelmetOptions } from './security-headers.ts';

const asObject = (headers: ReadonlyArray<readonly [string, string]>) =>
  Object.fromEntries(headers.map(([name, value]) => [name.toLowerCase(), value]));

describe('security headers worked out once', () => {
  it('are the headers Helmet sets over plain HTTP', () => {
    expect(asObject(securityHeaders(trellisHelmetOptions(false)))).toEqual(expectedSecurityHeaders);
  });

  it('tell browsers to keep to HTTPS when Trellis is served over TLS', () => {
    expect(asObject(securityHeaders(trellisHelmetOptions(true)))).toEqual({
      ...expectedSecurityHeaders,
      'content-security-policy': `${contentSecurityPolicy};upgrade-insecure-requests`,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
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
