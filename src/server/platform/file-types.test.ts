import { Readable } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_TYPES,
  contentDisposition,
  detectStreamType,
  detectType,
  PlainTextCheck,
  RESOURCE_TYPES,
  TEXT_PLAIN,
} from './file-types.ts';

const png = () =>
  sharp({ create: { width: 2, height: 2, channels: 3, background: '#123' } })
    .png()
    .toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  Buffer.alloc(64),
]);
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

function textCheck(...chunks: Buffer[]) {
  const check = new PlainTextCheck();
  for (const c of chunks) check.add(c);
  return check.isText;
}

const fromStream = (data: Buffer, declared: string, allowed = RESOURCE_TYPES) =>
  detectStreamType(Readable.from([data], { objectMode: false }), {
    declared,
    text: textCheck(data),
    allowed,
  });

describe('content-type detection', () => {
  it('reads a PNG named and declared as a PDF as a PNG', async () => {
    expect(await detectType(await png(), 'application/pdf')).toBe('image/png');
    expect(await fromStream(await png(), 'application/pdf')).toBe('image/png');
  });

  it('recognises a PDF and a video by their content', async () => {
    expect(await fromStream(pdf, 'application/octet-stream')).toBe('application/pdf');
    expect(await fromStream(mp4, 'application/octet-stream')).toBe('video/mp4');
  });

  it('keeps video out of what a post may carry', async () => {
    expect(await fromStream(mp4, 'video/mp4', ATTACHMENT_TYPES)).toBeNull();
  });

  it('refuses a program, whatever it is called', async () => {
    expect(await fromStream(exe, 'application/pdf')).toBeNull();
    expect(await fromStream(exe, 'text/plain')).toBeNull();
  });

  it('refuses HTML even when declared as plain text', async () => {
    const page = Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>');
    expect(await fromStream(page, 'text/html')).toBeNull();
    expect(await fromStream(page, 'text/plain')).toBeNull();
    expect(await detectType(Buffer.from('  <script>alert(1)</script>'), 'text/plain')).toBeNull();
  });

  it('accepts UTF-8 text declared as text, and refuses text with NULs or invalid UTF-8', async () => {
    expect(await fromStream(Buffer.from('Exit tickets ✓\nline two'), 'text/plain')).toBe(TEXT_PLAIN);
    expect(await fromStream(Buffer.from('plain words'), 'application/octet-stream')).toBeNull();
    expect(await fromStream(Buffer.from([0x41, 0x00, 0x42]), 'text/plain')).toBeNull();
    expect(await fromStream(Buffer.from([0xff, 0xfe, 0xfd]), 'text/plain')).toBeNull();
  });

  it('checks text across chunk boundaries, even a character split in two', () => {
    const tick = Buffer.from('✓');
    expect(textCheck(Buffer.from('a'), tick.subarray(0, 1), tick.subarray(1), Buffer.from('b'))).toBe(true);
    expect(textCheck(Buffer.from('a'), tick.subarray(0, 1))).toBe(false);
    expect(textCheck(Buffer.from('fine'), Buffer.from([0]))).toBe(false);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Évaluation "1".pdf')).toBe(
      `attachment; filename="_valuation _1_.pdf"; filename*=UTF-8''%C3%89valuation%20%221%22.pdf`,
    );
  });
});
