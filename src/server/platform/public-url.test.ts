import { describe, expect, it } from 'vitest';
import { isLocalAddress, localPublicUrlWarning } from './public-url.ts';

describe('isLocalAddress', () => {
  it('knows the loopback and unspecified addresses in every spelling', () => {
    for (const url of [
      'http://localhost:3000',
      'http://LOCALHOST.',
      'http://trellis.localhost',
      'http://127.0.0.1:3000',
      'http://127.1.2.3',
      'http://[::1]:3000',
      'http://[::ffff:127.0.0.1]',
      'http://0.0.0.0:3000',
    ])
      expect(isLocalAddress(url), url).toBe(true);
  });

  it('leaves addresses others can reach alone', () => {
    for (const url of [
      'https://trellis.example.org',
      'http://192.168.1.10:3000',
      'http://localhost.example.org',
      'http://128.0.0.1',
      'not a url',
    ])
      expect(isLocalAddress(url), url).toBe(false);
  });
});

describe('localPublicUrlWarning', () => {
  it('warns about a local PUBLIC_URL and says what to set', () => {
    expect(localPublicUrlWarning('http://localhost:3000')).toMatch(
      /PUBLIC_URL is http:\/\/localhost:3000.*Set PUBLIC_URL/,
    );
    expect(localPublicUrlWarning('https://trellis.example.org')).toBeNull();
  });
});
