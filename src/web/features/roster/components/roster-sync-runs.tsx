import { PagedTable } from '#web/components/paged-table.tsx';
import type { RosterSyncCounts, RosterSyncRunSummary } from '#shared/contracts/roster-sync.ts';
import { useRosterSyncRuns } from '../api/list-roster-sync-runs.ts';
import { OpenButton } from './roster-plan.tsx';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const STATUS_LABELS: Record<RosterSyncRunSummary['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  previewed: 'Previewed (nothing changed)',
  applied: 'Applied',
  waiting: 'Waiting for your confirmation',
  confirmed: 'Confirmed',
  failed: 'Failed (nothing changed)',
};

export function describeRun(
  run: Pick<RosterSyncRunSummary, 'kind' | 'trigger' | 'requestedBy' | 'mode'>,
): string {
  const what = run.kind === 'preview' ? 'Preview' : run.mode === 'delta' ? 'Sync of changes' : 'Full sync';
  const who =
    run.trigger === 'schedule'
      ? 'nightly'
      : run.trigger === 'confirmation'
        ? `confirmed by ${run.requestedBy?.name ?? 'an administrator'}`
        : `by ${run.requestedBy?.name ?? 'an administrator'}`;
  return `${what}, ${who}`;
}

/** What a run did, or (for a preview or a waiting run) would do. */
export function summarizeRun(counts: RosterSyncCounts, applied: boolean): string {
  const verb = applied ? '' : 'would ';
  return [
    `${counts.created} new`,
    `${counts.updated} changed`,
    `${counts.schoolChanges} school changes`,
    `${counts.roleChanges} role changes`,
    `${verb}deactivate ${counts.deactivated}`,
    `${counts.pendingDeactivation} leaving after the grace period`,
  ].join(', ');
}

/** The history of previews and syncs, newest first, each with a way to open it. */
export function RosterSyncRuns({ headingId, onOpen }: { headingId: string; onOpen: (id: string) => void }) {
  return (
    <PagedTable
      query={useRosterSyncRuns()}
      label="History of roster syncs"
      headingId={headingId}
      loadingLabel="Loading the history of syncs…"
      empty={{ title: 'No syncs yet.', body: 'Preview the first sync to see what it would change.' }}
      columns={['Started', 'Run', 'Status', 'What changed']}
      noun="runs"
      row={(run) => {
        const when = fullDate.format(new Date(run.startedAt ?? run.createdAt));
        return (
          <>
            <td>
              <time dateTime={run.startedAt ?? run.createdAt}>{when}</time>
              {run.finishedAt && (
                <span className="muted">
                  {' '}
                  (finished <time dateTime={run.finishedAt}>{fullDate.format(new Date(run.finishedAt))}</time>
                  )
                </span>
              )}
            </td>
            <td>{describeRun(run)}</td>
            <td>
              <span className="tag">{STATUS_LABELS[run.status]}</span>
            </td>
            <td>
              {run.counts ? summarizeRun(run.counts, run.status === 'applied') : null}
              {run.error && <p className="field__error">{run.error}</p>}
            </td>
            <td>
              <OpenButton name={`the run started ${when}`} onOpen={() => onOpen(run.id)} />
            </td>
          </>
        );
      }}
    />
  );
}
