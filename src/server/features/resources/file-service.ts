import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import {
  cleanFilename,
  isPreviewable,
  RESOURCE_TYPES,
  RESOURCE_TYPES_DESCRIPTION,
} from '#server/platform/file-types.ts';
import type { Storage } from '#server/platform/storage.ts';
import { storeUpload } from '#server/platform/uploads.ts';
import type { ResourceFileView } from '#shared/contracts/resources.ts';
import { findDownloadableFile, insertResourceFile } from './resource-queries.ts';
import { presentFile } from './resource-service.ts';

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
  const { db, actor } = args;
  const id = uuidv7();
  const key = `resources/${id}`;
  return storeUpload({
    storage: args.storage,
    key,
    stream: args.stream,
    declaredType: args.declaredType,
    max: args.max,
    allowed: RESOURCE_TYPES,
    acceptsText: true,
    typeMessage: `must be ${RESOURCE_TYPES_DESCRIPTION}`,
    record: async ({ contentType, byteSize }) => {
      const filename = cleanFilename(args.filename);
      await db.transaction((tx) =>
        insertResourceFile(tx, { id, uploaderId: actor.userId, key, filename, contentType, byteSize }),
      );
      return presentFile({ id, filename, content_type: contentType, byte_size: byteSize });
    },
  });
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
