import { type Readable, Transform } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { invalidField } from './errors.ts';
import { detectStreamType, PlainTextCheck } from './file-types.ts';
import type { Storage } from './storage.ts';

/**
 * Files people upload to Trellis as multipart/form-data in the field "file" (a resource's files,
 * a submission's evidence): read from the request, streamed to storage, then typed by their content.
 */

const FIELD = '/body/file';

/** The answer when an upload is larger than Trellis keeps. */
export const uploadTooLarge = (max: number) =>
  invalidField(FIELD, `must be at most ${Math.round(max / (1024 * 1024))} MB`);

const isTooLarge = (error: unknown) => (error as { statusCode?: number }).statusCode === 413;

/** The upload's part of a multipart request, refused when it is not sent in the field "file". */
export async function receiveFilePart(request: FastifyRequest, max: number) {
  if (!request.isMultipart())
    throw invalidField(FIELD, 'send the file as multipart/form-data in the field "file"');
  let part: Awaited<ReturnType<typeof request.file>>;
  try {
    part = await request.file({ limits: { fileSize: max } });
  } catch (error) {
    if (isTooLarge(error)) throw uploadTooLarge(max);
    throw error;
  }
  if (part?.fieldname !== 'file') throw invalidField(FIELD, 'send the file in the field "file"');
  return part;
}

/**
 * Keeps an upload under `key`: written to storage as it streams in (never held whole in memory),
 * then typed by what was stored. Too large, empty or not an allowed type, and the stored bytes are
 * removed; so they are when `record` (which writes the rows that own the file) fails.
 */
export async function storeUpload<T>(args: {
  storage: Storage;
  key: string;
  stream: Readable & { truncated?: boolean };
  declaredType: string;
  max: number;
  allowed: ReadonlySet<string>;
  /** Whether plain text is taken besides the allowed types. */
  acceptsText: boolean;
  /** What the file must be, said when it is not. */
  typeMessage: string;
  record: (stored: { contentType: string; byteSize: number }) => Promise<T>;
}): Promise<T> {
  const { storage, key, stream } = args;
  const text = new PlainTextCheck();
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      text.add(chunk);
      done(null, chunk);
    },
  });
  stream.on('error', (error) => tap.destroy(error));
  let byteSize: number;
  try {
    byteSize = await storage.putStream(key, stream.pipe(tap));
  } catch (error) {
    if (isTooLarge(error)) throw uploadTooLarge(args.max);
    throw error;
  }
  let stored = true;
  try {
    if (stream.truncated) throw uploadTooLarge(args.max);
    if (byteSize === 0) throw invalidField(FIELD, 'must not be empty');
    const file = await storage.get(key);
    if (!file) throw new Error(`Stored upload ${key} vanished`);
    const contentType = await detectStreamType(file.stream, {
      declared: args.declaredType,
      text: args.acceptsText && text.isText,
      allowed: args.allowed,
    });
    if (!contentType) throw invalidField(FIELD, args.typeMessage);
    const result = await args.record({ contentType, byteSize });
    stored = false;
    return result;
  } finally {
    if (stored) await storage.delete(key).catch(() => {});
  }
}
