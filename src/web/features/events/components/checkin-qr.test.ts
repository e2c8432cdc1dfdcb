import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { checkInUrl, qrPath } from './checkin-qr.tsx';

describe('the check-in QR code', () => {
  it('opens the check-in page with the code filled in', () => {
    expect(checkInUrl('https://trellis.example.test', 'AB3 7K')).toBe(
      'https://trellis.example.test/events/check-in?code=AB3%207K',
    );
  });

  it('draws every dark module of the code, the finder patterns in three corners', () => {
    const url = checkInUrl('https://trellis.example.test', 'HXK4P2');
    const { size, d } = qrPath(url);
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    expect((size - 17) % 4).toBe(0);
    const drawn = new Set(
      d
        .split('M')
        .filter(Boolean)
        .map((m) => m.replace('h1v1h-1z', '')),
    );
    expect(drawn.size).toBe(Array.from(modules.data).filter(Boolean).length);
    // The top row of each finder pattern: seven dark modules at the corners.
    for (const col of [0, 6, size - 7, size - 1]) expect(drawn.has(`${col} 0`)).toBe(true);
    expect(drawn.has(`0 ${size - 1}`)).toBe(true);
    expect(drawn.has('7 0')).toBe(false);
  });
});
