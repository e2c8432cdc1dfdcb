import { type Readable, Transform } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { invalidField, PayloadTooLargeError } from './errors.ts';
import { detectStreamType, PlainTextCheck } from './file-types.ts';
import type { Storage } from './storage.ts';

/**
 * Files people upload to Trellis as multipart/form-data, one per request (a resource's files, a
 * submission's evidence, a post's attachment, a photo, a badge image, a credential to verify): read
 * from the request, refused with one 413 when larger than the limit, and either streamed to storage
 * and typed by their content or, when small, read whole.
 */

const FIELD = '/body/file';

/** The answer when an upload is larger than Trellis keeps. */
const uploadTooLarge = (max: number, field = 'file') => new PayloadTooLargeError(`/body/${field}`, max);

const isTooLarge = (error: unknown) => (error as { statusCode?: number }).statusCode === 413;

/**
 * The upload's part of a multipart request, refused when it is not sent in `field` (saying `what`
 * it should be: "the file", "the photo").
 */
export async function receiveFilePart(
  request: FastifyRequest,
  max: number,
  { field = 'file', what = 'the file' }: { field?: string; what?: string } = {},
) {
  const path = `/body/${field}`;
  if (!request.isMultipart())
    throw invalidField(path, `send ${what} as multipart/form-data in the field "${field}"`);
  let part: Awaited<ReturnType<typeof request.file>>;
  try {
    part = await request.file({ limits: { fileSize: max } });
  } catch (error) {
    if (isTooLarge(error)) throw uploadTooLarge(max, field);
    throw error;
  }
  if (part?.fieldname !== field) throw invalidField(path, `send ${what} in the field "${field}"`);
  return part;
}

/** A small upload read whole into memory (at most `max` bytes), with the name and type it was sent with. */
export async function readFileUpload(
  request: FastifyRequest,
  max: number,
  options: { field?: string; what?: string } = {},
): Promise<{ data: Buffer; filename: string; mimetype: string }> {
  const part = await receiveFilePart(request, max, options);
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (error) {
    if (isTooLarge(error)) throw uploadTooLarge(max, options.field);
    throw error;
  }
  if (part.file.truncated) throw uploadTooLarge(max, options.field);
  return { data, filename: part.filename, mimetype: part.mimetype };
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
