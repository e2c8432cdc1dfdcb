import { z } from 'zod';
import { PageQuery } from './common.ts';

/**
 * Where a background job stands: waiting to run (first time or a retry after its backoff), running,
 * failed for good (an administrator may retry it), or completed (kept listed for half a day).
 */
export const JOB_STATES = ['queued', 'running', 'failed', 'completed'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const JobListQuery = PageQuery.extend({ state: JobState.default('failed') });
export type JobListQuery = z.infer<typeof JobListQuery>;

/** One job as an administrator sees it: what it is, how it went, never what it carries. */
export const Job = z.object({
  id: z.uuid(),
  /** The queue: `<feature>.<work>`. */
  name: z.string(),
  /** What the job does, in words. */
  title: z.string(),
  state: JobState,
  /** Attempts so far (a queued retry counts those before it). */
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** When a queued job may run: after a retry's backoff, later than its creation. */
  runAfter: z.string(),
  /** Why the last attempt failed. */
  error: z.string().nullable(),
  abilities: z.object({ retry: z.boolean() }),
});
export type Job = z.infer<typeof Job>;

export const JobListResponse = z.object({
  data: z.array(Job),
  nextCursor: z.string().nullable(),
  /** How many jobs the administrator may see are in each state. */
  counts: z.object({ queued: z.number(), running: z.number(), failed: z.number(), completed: z.number() }),
});
export type JobListResponse = z.infer<typeof JobListResponse>;

export const JobResponse = z.object({ data: Job });
export type JobResponse = z.infer<typeof JobResponse>;
