import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
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
  const runs = useRosterSyncRuns();
  if (runs.isPending) return <Loading label="Loading the history of syncs…" />;
  if (runs.isError) return <ErrorMessage error={runs.error} />;
  const rows = runs.data.pages.flatMap((p) => p.data);
  if (rows.length === 0)
    return <EmptyState title="No syncs yet.">Preview the first sync to see what it would change.</EmptyState>;
  return (
    <>
      <TableWrap label="History of roster syncs">
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">What changed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((run) => {
              const when = fullDate.format(new Date(run.startedAt ?? run.createdAt));
              return (
                <tr key={run.id}>
                  <td>
                    <time dateTime={run.startedAt ?? run.createdAt}>{when}</time>
                    {run.finishedAt && (
                      <span className="muted">
                        {' '}
                        (finished{' '}
                        <time dateTime={run.finishedAt}>{fullDate.format(new Date(run.finishedAt))}</time>)
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
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <LoadMore query={runs} noun="runs" />
    </>
  );
}
