import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { defineJob } from '#server/platform/jobs.ts';

/** How long an uploaded evidence file may wait for an entry to name it. */
export const UNUSED_EVIDENCE_HOURS = 24;

/**
 * Deletes evidence files uploaded for the log that no entry names a day later (a form left
 * unsaved), a batch at a time: their rows, then the files in storage. Returns how many went.
 */
export async function removeUnusedEvidence(app: FastifyInstance, batch = 500): Promise<number> {
  let removed = 0;
  for (;;) {
    const { rows } = await app.db.execute<{ key: string }>(sql`
      delete from files f
       where f.key in (select u.key from files u
                        where u.key like 'learning/%'
                          and u.created_at < now() - make_interval(hours => ${UNUSED_EVIDENCE_HOURS})
                          and not exists (select 1 from learning_evidence v where v.file_key = u.key)
                        limit ${batch})
      returning f.key`);
    for (const { key } of rows) await app.storage.delete(key).catch(() => {});
    removed += rows.length;
    if (rows.length < batch) return removed;
  }
}

/** Nightly: evidence files nobody attached to an entry. */
export const unusedEvidenceJob = defineJob({
  name: 'learning.remove-unused-evidence',
  title: 'Removing evidence files no learning entry names',
  schedule: '40 3 * * *',
  policy: 'singleton',
  async work(_job, app) {
    await removeUnusedEvidence(app);
  },
});
