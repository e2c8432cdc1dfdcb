import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './next-path.ts';

describe('sameOriginPath', () => {
  it.each([
    ['/', '/'],
    ['/communities', '/communities'],
    ['/people/abc?tab=credentials#top', '/people/abc?tab=credentials#top'],
    ['/search?q=a%20b', '/search?q=a%20b'],
    ['/library?q=//not-a-host', '/library?q=//not-a-host'],
    // Another origin, however it is written: the fallback.
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['\\/evil.example', '/'],
    ['/\\/evil.example', '/'],
    ['/%2F%2Fevil.example', '/'],
    ['/%2fevil.example', '/'],
    ['/%5Cevil.example', '/'],
    ['/%5cevil.example', '/'],
    ['/%252F%252Fevil.example', '/'],
    ['%2F%2Fevil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['/%09/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['http:evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['data:text/html,hi', '/'],
    [' /communities', '/'],
    ['communities', '/'],
    ['/%E0%A4%A', '/'],
    ['', '/'],
    [null, '/'],
    [undefined, '/'],
    [`/${'a'.repeat(2001)}`, '/'],
  ] as const)('%j → %j', (next, expected) => {
    expect(sameOriginPath(next)).toBe(expected);
  });

  it('falls back to what the caller names', () => {
    expect(sameOriginPath('//evil.example', '/home')).toBe('/home');
  });
});
