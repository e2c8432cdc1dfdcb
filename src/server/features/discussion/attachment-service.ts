import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import {
  ATTACHMENT_TYPES,
  ATTACHMENT_TYPES_DESCRIPTION,
  cleanFilename,
} from '#server/platform/file-types.ts';
import type { Storage } from '#server/platform/storage.ts';
import { storeUpload } from '#server/platform/uploads.ts';
import type { AttachmentView } from '#shared/contracts/discussion.ts';
import { canFacilitate, canReadContent } from '../communities/index.ts';
import { findCommunity } from './access.ts';
import { attachmentUrl } from './present.ts';
import { findAttachment, insertAttachment } from './queries.ts';

/**
 * Keeps an upload for a post the person is writing; it stays theirs alone until a post uses it.
 * Streamed to storage as it arrives and typed by what was stored, as every upload is.
 */
export async function uploadAttachment(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
  declaredType: string;
  max: number;
}): Promise<AttachmentView> {
  const { db, actor } = args;
  const id = uuidv7();
  const key = `attachments/${id}`;
  return storeUpload({
    storage: args.storage,
    key,
    stream: args.stream,
    declaredType: args.declaredType,
    max: args.max,
    allowed: ATTACHMENT_TYPES,
    acceptsText: true,
    typeMessage: ATTACHMENT_TYPES_DESCRIPTION,
    record: async ({ contentType, byteSize }) => {
      const filename = cleanFilename(args.filename);
      await db.transaction((tx) =>
        insertAttachment(tx, { id, key, uploaderId: actor.userId, contentType, byteSize, filename }),
      );
      return { id, filename, contentType, byteSize, url: attachmentUrl(id) };
    },
  });
}

/**
 * An attachment the viewer may read now: its uploader before a post uses it, then whoever may read
 * the post (hidden posts: their author and facilitators; deleted posts: no one). Checked on every request.
 */
export async function readAttachment(args: { db: Db; storage: Storage; actor: Actor; id: string }) {
  const { db, actor } = args;
  const row = await findAttachment(db, args.id);
  const missing = () => new NotFoundError('No such file.');
  if (!row) throw missing();
  if (!row.post_id) {
    if (row.uploader_id !== actor.userId) throw missing();
  } else {
    const community = await findCommunity(db, actor, row.community_id as string);
    if (!community || !canReadContent(actor, community) || row.deleted_at) throw missing();
    if (row.hidden_at && row.author_id !== actor.userId && !canFacilitate(community)) throw missing();
  }
  const file = await args.storage.get(row.file_key);
  if (!file) throw missing();
  return { ...file, contentType: row.content_type, filename: row.filename };
}
