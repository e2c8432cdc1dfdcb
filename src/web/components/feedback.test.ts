import { describe, expect, it } from 'vitest';
import { describeFieldError } from './feedback.tsx';

describe('describeFieldError', () => {
  it.each([
    ['/body/password', 'must be at least 12 characters', 'Password must be at least 12 characters'],
    ['/body/evidence/0/targetId', 'is required', 'Target id is required'],
    ['/querystring/cursor', 'Invalid cursor', 'Cursor: Invalid cursor'],
    ['/body', 'must be an object', 'This answer must be an object'],
  ])('names %s in words', (path, message, expected) => {
    expect(describeFieldError(path, message)).toBe(expected);
  });
});
