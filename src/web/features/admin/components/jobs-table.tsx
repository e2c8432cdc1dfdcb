import { useState } from 'react';
import { type Job, JOB_STATES, type JobState } from '#shared/contracts/jobs.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useJobs } from '../api/list-jobs.ts';
import { useRetryJob } from '../api/retry-job.ts';
import { formatDate } from './labels.ts';
import { TableWrap } from '#web/components/table-wrap.tsx';

const STATE_LABELS: Record<JobState, string> = {
  failed: 'Failed',
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed recently',
};

const EMPTY: Record<JobState, string> = {
  failed: 'No job has failed. Jobs that fail after all their retries are listed here for a week.',
  queued: 'Nothing is waiting to run.',
  running: 'Nothing is running right now.',
  completed: 'No job has completed in the last 12 hours.',
};

/** When a job ran, or when it will: the moment that matters in its state. */
function when(job: Job): string {
  if (job.state === 'queued')
    return job.attempts > 0
      ? `Retry from ${formatDate(job.runAfter)}`
      : `Queued ${formatDate(job.createdAt)}`;
  if (job.state === 'running') return `Started ${formatDate(job.startedAt ?? job.createdAt)}`;
  return `${job.state === 'failed' ? 'Failed' : 'Completed'} ${formatDate(job.finishedAt ?? job.createdAt)}`;
}

/**
 * The background jobs the administrator may see: one state at a time (failed first), with counts,
 * why each failed job failed, and a retry for it. The list refreshes by itself while open.
 */
export function JobsTable() {
  const [state, setState] = useState<JobState>('failed');
  const jobs = useJobs(state);
  const retry = useRetryJob();
  const [announcement, setAnnouncement] = useState('');
  const rows = jobs.data?.pages.flatMap((p) => p.data) ?? [];
  const counts = jobs.data?.pages[0]?.counts;

  const retryJob = (job: Job) => {
    setAnnouncement('');
    retry.mutate(job.id, {
      onSuccess: () => setAnnouncement(`${job.title} is queued again and will run shortly.`),
    });
  };

  return (
    <div>
      <fieldset className="actions">
        <legend className="visually-hidden">Jobs to show</legend>
        {JOB_STATES.map((s) => (
          <button
            key={s}
            type="button"
            className={s === state ? 'button' : 'button button--secondary'}
            aria-pressed={s === state}
            onClick={() => setState(s)}
          >
            {STATE_LABELS[s]}
            {counts ? ` (${counts[s]})` : ''}
          </button>
        ))}
      </fieldset>
      <p role="status" aria-live="polite">
        {announcement}
      </p>
      <ErrorMessage error={retry.error} />
      {jobs.isPending ? (
        <Loading label="Loading jobs…" />
      ) : jobs.isError ? (
        <ErrorMessage error={jobs.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${STATE_LABELS[state].toLowerCase()} jobs`}>{EMPTY[state]}</EmptyState>
      ) : (
        <TableWrap label={`${STATE_LABELS[state]} jobs`}>
          <table>
            <caption className="visually-hidden">{STATE_LABELS[state]} background jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">When</th>
                <th scope="col">Attempts</th>
                <th scope="col">Why it failed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <tr key={job.id}>
                  <td>{job.title}</td>
                  <td>{when(job)}</td>
                  <td>{job.attempts}</td>
                  <td>{job.error ?? <span className="muted">—</span>}</td>
                  <td>
                    {job.abilities.retry && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => retryJob(job)}
                        disabled={retry.isPending}
                        aria-label={`Retry ${job.title} (failed ${formatDate(job.finishedAt ?? job.createdAt)})`}
                      >
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {jobs.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => jobs.fetchNextPage()}
            disabled={jobs.isFetchingNextPage}
          >
            {jobs.isFetchingNextPage ? 'Loading…' : 'Load older jobs'}
          </button>
        </p>
      )}
    </div>
  );
}
