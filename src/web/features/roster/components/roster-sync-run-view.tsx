import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { RosterSyncCounts } from '#shared/contracts/roster-sync.ts';
import { useConfirmRosterSyncRun } from '../api/confirm-roster-sync-run.ts';
import { rosterSourceKey } from '../api/get-roster-source.ts';
import { useRosterSyncRun } from '../api/get-roster-sync-run.ts';
import { rosterSyncRunsKey } from '../api/list-roster-sync-runs.ts';
import { RosterPlanView } from './roster-plan.tsx';
import { describeRun, STATUS_LABELS } from './roster-sync-runs.tsx';

function SyncCounts({ counts, applied }: { counts: RosterSyncCounts; applied: boolean }) {
  const will = applied ? '' : ' (would be)';
  return (
    <div className="grid">
      <div className="card">
        <h3>Staff</h3>
        <ul>
          <li>
            {counts.created} new{will}
          </li>
          <li>
            {counts.updated} changed{will}: {counts.schoolChanges} school changes, {counts.roleChanges} role
            changes
          </li>
          <li>
            {counts.deactivated} {applied ? 'deactivated' : 'to be deactivated'}
          </li>
          <li>{counts.pendingDeactivation} left the roster, deactivated after the grace period</li>
          <li>{counts.unchanged} unchanged</li>
        </ul>
      </div>
      <div className="card">
        <h3>Schools</h3>
        <ul>
          <li>
            {counts.schoolsCreated} new{will}
          </li>
          <li>
            {counts.schoolsUpdated} changed{will}
          </li>
        </ul>
      </div>
      <div className="card">
        <h3>Not synced</h3>
        <ul>
          <li>{counts.rejected} records Trellis could not use</li>
          <li>{counts.skipped} staff skipped</li>
          <li>{counts.studentsAndGuardiansSkipped} students and guardians skipped (never stored)</li>
        </ul>
      </div>
    </div>
  );
}

/** One preview or sync: its progress, what it changed (or would), why it failed or waits. */
export function RosterSyncRunView({
  id,
  headingRef,
  onConfirmed,
}: {
  id: string;
  headingRef?: React.Ref<HTMLHeadingElement>;
  onConfirmed: (newRunId: string) => void;
}) {
  const query = useRosterSyncRun(id);
  const confirm = useConfirmRosterSyncRun();
  const step = useConfirmStep();
  const client = useQueryClient();
  const status = query.data?.data.status;
  // Once the run is done, the source (syncing or not, may sync now) and the history are read again.
  useEffect(() => {
    if (status && status !== 'queued' && status !== 'running') {
      void client.invalidateQueries({ queryKey: rosterSourceKey });
      void client.invalidateQueries({ queryKey: rosterSyncRunsKey, exact: true });
    }
  }, [status, client]);
  if (query.isPending) return <Loading label="Loading the run…" />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const { data: run, abilities } = query.data;
  const busy = run.status === 'queued' || run.status === 'running';
  return (
    <>
      <h2 id="roster-sync-run-heading" ref={headingRef} tabIndex={-1}>
        {run.kind === 'preview' ? 'Preview of the sync' : 'Sync'}: {STATUS_LABELS[run.status]}
      </h2>
      <p className="muted">{describeRun(run)}.</p>
      {busy && <Loading label="Reading the roster from your student information system…" />}
      {run.status === 'failed' && run.error && (
        <div className="notice notice--error" role="alert">
          <p>{run.error}</p>
        </div>
      )}
      {run.status === 'waiting' && run.error && (
        <div className="notice" role="status">
          <p>{run.error}</p>
        </div>
      )}
      {run.status === 'previewed' && (
        <Notice>
          <p>This is a dry run: nothing in Trellis changed. Sync now to carry it out.</p>
        </Notice>
      )}
      {abilities.confirm && run.deactivations && (
        <div className="actions">
          {step.open ? (
            <ConfirmStep
              prompt={`Deactivate ${run.deactivations.count} people who left the roster? They are signed out and cannot sign in until reactivated; nothing is deleted.`}
              confirmLabel={`Confirm and deactivate ${run.deactivations.count}`}
              pending={confirm.isPending}
              error={confirm.error}
              onConfirm={() =>
                confirm.mutate(run.id, {
                  onSuccess: ({ data }) => {
                    step.close();
                    onConfirmed(data.id);
                  },
                })
              }
              onCancel={step.close}
            />
          ) : (
            <button type="button" className="button button--danger" ref={step.opener} onClick={step.start}>
              Review and confirm the deactivations
            </button>
          )}
        </div>
      )}
      {run.counts && <SyncCounts counts={run.counts} applied={run.status === 'applied'} />}
      {run.plan && <RosterPlanView plan={run.plan} source="sync" />}
    </>
  );
}
