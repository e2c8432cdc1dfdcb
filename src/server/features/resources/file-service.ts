import { type Readable, Transform } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  cleanFilename,
  detectStreamType,
  isPreviewable,
  PlainTextCheck,
  RESOURCE_TYPES,
  RESOURCE_TYPES_DESCRIPTION,
} from '#server/platform/file-types.ts';
import type { Storage } from '#server/platform/storage.ts';
import type { ResourceFileView } from '#shared/contracts/resources.ts';
import { findDownloadableFile, insertResourceFile } from './resource-queries.ts';
import { presentFile } from './resource-service.ts';

const FIELD = '/body/file';

export const resourceFileTooLarge = (max: number) =>
  invalidField(FIELD, `must be at most ${Math.round(max / (1024 * 1024))} MB`);

const isTooLarge = (error: unknown) => (error as { statusCode?: number }).statusCode === 413;

/**
 * Keeps a file for a resource its uploader is preparing. The upload is written to storage as it
 * streams in (never held whole in memory), then its type is read from what was stored. Too large,
 * empty or not an allowed type: the stored bytes are removed and no row is written.
 */
export async function uploadResourceFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
  declaredType: string;
  max: number;
}): Promise<ResourceFileView> {
  const { db, storage, actor, stream } = args;
  const id = uuidv7();
  const key = `resources/${id}`;
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
    if (isTooLarge(error)) throw resourceFileTooLarge(args.max);
    throw error;
  }
  let stored = true;
  try {
    if (stream.truncated) throw resourceFileTooLarge(args.max);
    if (byteSize === 0) throw invalidField(FIELD, 'must not be empty');
    const file = await storage.get(key);
    if (!file) throw new Error(`Stored upload ${key} vanished`);
    const contentType = await detectStreamType(file.stream, {
      declared: args.declaredType,
      text: text.isText,
      allowed: RESOURCE_TYPES,
    });
    if (!contentType) throw invalidField(FIELD, `must be ${RESOURCE_TYPES_DESCRIPTION}`);
    const filename = cleanFilename(args.filename);
    await db.transaction((tx) =>
      insertResourceFile(tx, { id, uploaderId: actor.userId, key, filename, contentType, byteSize }),
    );
    stored = false;
    return presentFile({ id, filename, content_type: contentType, byte_size: byteSize });
  } finally {
    if (stored) await storage.delete(key).catch(() => {});
  }
}

/**
 * A file of a resource, for download: checked on every request that the viewer may see the
 * resource now and that a version of it holds the file. Inline only where asked and the type can
 * be shown safely (images, PDF, video).
 */
export async function readResourceFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  resourceId: string;
  fileId: string;
  inline: boolean;
}) {
  const row = await findDownloadableFile(args.db, args.actor, {
    resourceId: args.resourceId,
    fileId: args.fileId,
  });
  const missing = () => new NotFoundError('No such file.');
  if (!row) throw missing();
  const file = await args.storage.get(row.file_key);
  if (!file) throw missing();
  return {
    ...file,
    contentType: row.content_type,
    filename: row.filename,
    disposition:
      args.inline && isPreviewable(row.content_type) ? ('inline' as const) : ('attachment' as const),
  };
}
