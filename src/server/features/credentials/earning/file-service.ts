import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { ATTACHMENT_TYPES, cleanFilename, VIDEO_TYPES } from '#server/platform/file-types.ts';
import type { Storage } from '#server/platform/storage.ts';
import { storeUpload } from '#server/platform/uploads.ts';
import type { SubmissionFile } from '#shared/contracts/submissions.ts';
import { canEditEvidence } from './policy.ts';
import { standingOf } from './present.ts';
import { evidenceFilename, findSubmissionFiles, insertSubmissionFile, submissionFileKey } from './queries.ts';
import { readableSubmission } from './submission-service.ts';

const FIELD = '/body/file';
const VIDEO: ReadonlySet<string> = new Set(VIDEO_TYPES);

/**
 * Checks, before any byte is stored, that the actor may upload to this submission for this prompt,
 * and says which file types the prompt takes.
 */
export async function checkUpload(args: {
  db: Db;
  actor: Actor;
  submissionId: string;
  promptId: string;
}): Promise<{ kind: 'file' | 'video'; allowed: ReadonlySet<string> }> {
  const row = await readableSubmission(args.db, args.actor, args.submissionId);
  const standing = standingOf(args.actor, row);
  if (!standing.isMember) throw new ForbiddenError('Only the people the submission is for may add evidence.');
  if (!canEditEvidence(standing))
    throw invalidField(FIELD, `cannot be added while the submission is ${row.status}`);
  const prompt = row.evidence_prompts.find((p) => p.id === args.promptId);
  if (!prompt) throw invalidField('/querystring/promptId', 'is not a prompt of this credential');
  if (prompt.kind === 'video') return { kind: 'video', allowed: VIDEO };
  if (prompt.kind === 'file') return { kind: 'file', allowed: ATTACHMENT_TYPES };
  throw invalidField('/querystring/promptId', 'does not take a file');
}

/**
 * Keeps a file of evidence for a submission, written to storage as it streams in, then typed by its
 * content: a video for a video prompt; a document, PDF or image for a file prompt. Anything else
 * (or too large, or empty) is removed and refused.
 */
export async function uploadSubmissionFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  submissionId: string;
  allowed: ReadonlySet<string>;
  kind: 'file' | 'video';
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
  declaredType: string;
  max: number;
}): Promise<SubmissionFile> {
  const fileId = uuidv7();
  const key = submissionFileKey(args.submissionId, fileId);
  return storeUpload({
    storage: args.storage,
    key,
    stream: args.stream,
    declaredType: args.declaredType,
    max: args.max,
    allowed: args.allowed,
    acceptsText: args.kind === 'file',
    typeMessage:
      args.kind === 'video'
        ? 'must be a video (MP4, WebM or QuickTime)'
        : 'must be a PDF, a Word, Excel or PowerPoint file, an image (PNG, JPEG, WebP, GIF) or plain text',
    record: async ({ contentType, byteSize }) => {
      await args.db.transaction((tx) =>
        insertSubmissionFile(tx, { key, ownerId: args.actor.userId, contentType, byteSize }),
      );
      return { fileId, filename: cleanFilename(args.filename), contentType, byteSize };
    },
  });
}

/**
 * A file of a submission's evidence, for its members, assessors and the issuer's admins only; every
 * read is written to the audit log. Always served as an attachment.
 */
export async function readSubmissionFile(args: {
  db: Db;
  storage: Storage;
  actor: Actor;
  submissionId: string;
  fileId: string;
}) {
  const { actor } = args;
  const missing = () => new NotFoundError('No such file.');
  const found = await args.db.transaction(async (tx) => {
    const row = await readableSubmission(tx, actor, args.submissionId);
    const meta = (await findSubmissionFiles(tx, row.id, [args.fileId])).get(args.fileId);
    if (!meta) throw missing();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'submission_file.read',
      target: { type: 'submission_file', id: args.fileId },
      districtId: actor.districtId,
      details: { submissionId: row.id, credentialId: row.credential_id },
    });
    return { ...meta, filename: (await evidenceFilename(tx, row.id, args.fileId)) ?? 'evidence' };
  });
  const file = await args.storage.get(submissionFileKey(args.submissionId, args.fileId));
  if (!file) throw missing();
  return { ...file, contentType: found.contentType, filename: found.filename };
}
