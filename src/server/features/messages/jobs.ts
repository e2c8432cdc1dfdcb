import type { FastifyInstance } from 'fastify';
import { defineJob } from '#server/platform/jobs.ts';
import { deleteLooseAttachments } from './queries.ts';

/** An upload not sent within this long is given up, as is a file whose message retention deleted. */
export const LOOSE_ATTACHMENT_HOURS = 24;

/**
 * Deletes message files no message carries: uploads never sent, and the files of messages deleted
 * after their district's retention. The rows go first, in one transaction; then the stored bytes.
 */
export async function sweepMessageAttachments(app: Pick<FastifyInstance, 'db' | 'storage'>): Promise<number> {
  let removed = 0;
  for (;;) {
    const keys = await app.db.transaction((tx) => deleteLooseAttachments(tx, LOOSE_ATTACHMENT_HOURS, 500));
    for (const key of keys) await app.storage.delete(key).catch(() => {});
    removed += keys.length;
    if (keys.length < 500) return removed;
  }
}

export const sweepAttachmentsJob = defineJob({
  name: 'messages.sweep-attachments',
  title: 'Delete message files no message carries',
  schedule: '17 * * * *',
  policy: 'singleton',
  retryLimit: 1,
  async work(_job, app) {
    await sweepMessageAttachments(app);
  },
});
