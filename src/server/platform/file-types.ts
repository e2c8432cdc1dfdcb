import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { fileTypeFromBuffer, fileTypeFromStream } from 'file-type';
import { displayNameProblem } from '#shared/contracts/common.ts';

/**
 * What an uploaded file is, decided by its content: never by its name or the type the browser
 * declared. Anything not on an allowlist is refused, so nothing Trellis serves can be a page or a
 * program.
 */

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const OFFICE_TYPES = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;

/** What a post may carry: images, PDFs and Office documents (and plain text). */
export const ATTACHMENT_TYPES: ReadonlySet<string> = new Set([
  ...IMAGE_TYPES,
  'application/pdf',
  ...OFFICE_TYPES,
]);
/** The types a post or a message may carry, in words, for error messages. */
export const ATTACHMENT_TYPES_DESCRIPTION =
  'must be an image (PNG, JPEG, WebP, GIF), a PDF, a Word, Excel or PowerPoint file, or plain text';
/** What a resource may hold: a post's types and video. */
export const RESOURCE_TYPES: ReadonlySet<string> = new Set([...ATTACHMENT_TYPES, ...VIDEO_TYPES]);

export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** Whether a browser may show a file of this type in the page: images, PDFs (through pdf.js) and video. */
export function isPreviewable(contentType: string): boolean {
  return (
    contentType.startsWith('image/') || contentType === 'application/pdf' || contentType.startsWith('video/')
  );
}

// Text that opens like markup would become a page if anything ever sniffed it: refuse it outright.
const MARKUP = /^\s*<(!doctype\s+html|html|head|body|script|svg|iframe|\?xml)\b/i;

/**
 * Text has no signature. Fed a file chunk by chunk, this says whether it is plain text: valid UTF-8,
 * no NUL bytes, not markup. Streams, so a large file is never held in memory.
 */
export class PlainTextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private opening = '';
  private ok = true;

  add(chunk: Uint8Array): void {
    if (!this.ok) return;
    if (chunk.includes(0)) {
      this.ok = false;
      return;
    }
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      if (this.opening.length < 1024) this.opening += text.slice(0, 1024);
    } catch {
      this.ok = false;
    }
  }

  /** Call once, after the last chunk. */
  get isText(): boolean {
    if (!this.ok) return false;
    try {
      this.decoder.decode();
    } catch {
      return false;
    }
    return !MARKUP.test(this.opening.replace(/^\uFEFF/, ''));
  }
}

const declaresText = (declared: string) => /^text\/plain\b/i.test(declared);

/** A recognised type on the allowlist, or plain text declared as such; null otherwise. */
function decide(detected: string | undefined, text: boolean, declared: string, allowed: ReadonlySet<string>) {
  if (detected) return allowed.has(detected) ? detected : null;
  return text && declaresText(declared) ? TEXT_PLAIN : null;
}

/** What a file held in memory is, by its content; null when it is not allowed. */
export async function detectType(
  data: Buffer,
  declared: string,
  allowed: ReadonlySet<string> = ATTACHMENT_TYPES,
): Promise<string | null> {
  const detected = await fileTypeFromBuffer(data);
  const check = new PlainTextCheck();
  if (!detected) check.add(data);
  return decide(detected?.mime, !detected && check.isText, declared, allowed);
}

/**
 * What a stored file is, read from its stream (only as far as the signature needs); `text` is the
 * verdict of a PlainTextCheck fed the same bytes as they were stored.
 */
export async function detectStreamType(
  stream: Readable,
  args: { declared: string; text: boolean; allowed: ReadonlySet<string> },
): Promise<string | null> {
  try {
    const detected = await fileTypeFromStream(stream);
    return decide(detected?.mime, args.text, args.declared, args.allowed);
  } finally {
    stream.destroy();
  }
}

/** The types a person may upload, in words, for error messages. */
export const RESOURCE_TYPES_DESCRIPTION =
  'a PDF, a Word, Excel or PowerPoint file, an image (PNG, JPEG, WebP, GIF), a video (MP4, WebM, QuickTime) or plain UTF-8 text';

/**
 * A file name safe to store and show: no path, no control characters, no direction overrides (which
 * make `‮gnp.exe` read as `exe.png`), bounded; one that would show nothing becomes "file".
 */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069"<>]/gu, '')
    .trim()
    .slice(0, 200);
  return clean && displayNameProblem(clean) === null ? clean : 'file';
}

/** A Content-Disposition header: `filename*` in RFC 5987 form, with a plain ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A stored file as a route sends it. */
export interface StoredFileBody {
  contentType: string;
  size: number;
  stream: Readable;
}

/**
 * Sends a stored file inert: with its checked type, never sniffed, and sandboxed, so nothing uploaded
 * can ever run as a page of Trellis. `disposition` is a Content-Disposition header value.
 */
export function sendInert(reply: FastifyReply, file: StoredFileBody, disposition: string): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-length', file.size)
    .header('content-disposition', disposition)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.stream);
}
