import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, newToken } from './secrets.ts';

describe('token hashes', () => {
  it('are the SHA-256 of the token in base64url, as stored for every session and API client', () => {
    expect(hashToken('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    for (const token of [newToken(), newToken(), 'é ü 🙂']) {
      expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('base64url'));
    }
  });
});
