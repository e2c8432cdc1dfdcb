import { describe, expect, it } from 'vitest';
import { decodeTimeCursor, encodeCursor, isTimestamp } from './cursor.ts';

describe('cursors', () => {
  it('reads timestamps as ISO 8601 or as PostgreSQL prints them, on real calendar days only', () => {
    expect(isTimestamp('2026-12-05T06:47:08.123Z')).toBe(true);
    expect(isTimestamp('2026-12-05 06:47:08.123456+00')).toBe(true);
    expect(isTimestamp('2026-12-05T06:47:08.123456+01:00')).toBe(true);
    expect(isTimestamp('2024-02-30T00:00:00Z')).toBe(false);
    expect(isTimestamp('1')).toBe(false);
    expect(isTimestamp('2026-12-05')).toBe(false);
  });

  it('refuses a cursor whose id is not a UUID or whose time PostgreSQL could not read', () => {
    const id = '01a244f4-db6e-7e4a-b360-fd063dffd2e6';
    expect(decodeTimeCursor(encodeCursor(['2026-12-05 06:47:08.123456+00', id]))).toEqual({
      at: '2026-12-05 06:47:08.123456+00',
      id,
    });
    expect(() => decodeTimeCursor(encodeCursor(['2026-12-05T06:47:08Z', '-'.repeat(36)]))).toThrow();
    expect(() => decodeTimeCursor(encodeCursor(['2024-02-30T00:00:00Z', id]))).toThrow();
  });
});
