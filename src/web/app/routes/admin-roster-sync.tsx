import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { useRosterSource } from '#web/features/roster/api/get-roster-source.ts';
import { rosterSyncRunsKey } from '#web/features/roster/api/list-roster-sync-runs.ts';
import { useStartRosterSyncRun } from '#web/features/roster/api/start-roster-sync-run.ts';
import { RosterSourceForm } from '#web/features/roster/components/roster-source-form.tsx';
import { RosterSyncRunView } from '#web/features/roster/components/roster-sync-run-view.tsx';
import { RosterSyncRuns } from '#web/features/roster/components/roster-sync-runs.tsx';
import { useSession } from '#web/features/session/api/session.ts';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Roster sync from the district's student information system (OneRoster 1.2 REST). */
export default function AdminRosterSyncPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Roster sync"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <RosterSync />
    </AdminPage>
  );
}

function RosterSync() {
  const source = useRosterSource();
  const start = useStartRosterSyncRun();
  const client = useQueryClient();
  const [openId, setOpenId] = useState<string | null>(null);
  const [focusRun, setFocusRun] = useState(false);
  const runHeading = useRef<HTMLHeadingElement>(null);
  const settingsId = useId();
  const historyId = useId();

  useEffect(() => {
    if (focusRun && runHeading.current) {
      runHeading.current.focus();
      setFocusRun(false);
    }
  });

  if (source.isPending) return <Loading label="Loading the roster sync settings…" />;
  if (source.isError) return <ErrorMessage error={source.error} />;
  const { data, abilities } = source.data;
  const open = (id: string) => {
    setOpenId(id);
    setFocusRun(true);
  };
  const run = (kind: 'preview' | 'sync') =>
    start.mutate(kind, {
      onSuccess: ({ data: started }) => {
        client.invalidateQueries({ queryKey: rosterSyncRunsKey });
        open(started.id);
      },
    });

  return (
    <>
      <p>
        Keep your staff, schools and roles in step with your student information system through its OneRoster
        1.2 REST API. Trellis reads teachers, administrators and aides, never students or guardians; the
        roster decides each rostered person&rsquo;s schools and roles. After you preview the first sync,
        Trellis syncs every night and whenever you ask. People the roster no longer lists are deactivated
        after your grace period, never deleted.
      </p>
      <section aria-labelledby={settingsId}>
        <h2 id={settingsId}>{data ? 'Source settings' : 'Connect your OneRoster source'}</h2>
        <RosterSourceForm source={data} />
      </section>
      {data && (
        <section aria-labelledby="roster-sync-actions">
          <h2 id="roster-sync-actions">Sync</h2>
          <p className="muted">
            {data.syncingSince
              ? `Syncing every night since ${fullDate.format(new Date(data.syncingSince))}.`
              : 'Not syncing yet: preview the first sync, then sync now to start the nightly syncs.'}
          </p>
          <ErrorMessage error={start.error} />
          {!data.hasClientSecret && (
            <p>
              Enter the client secret your student information system gave you, then preview the first sync.
            </p>
          )}
          <div className="actions">
            {abilities.preview && (
              <button
                type="button"
                className={abilities.sync ? 'button button--secondary' : 'button'}
                disabled={start.isPending}
                onClick={() => run('preview')}
              >
                Preview sync
              </button>
            )}
            {abilities.sync && (
              <button type="button" className="button" disabled={start.isPending} onClick={() => run('sync')}>
                Sync now
              </button>
            )}
          </div>
        </section>
      )}
      {openId && (
        <section aria-labelledby="roster-sync-run-heading" className="page">
          <RosterSyncRunView
            id={openId}
            headingRef={runHeading}
            onConfirmed={(id) => {
              client.invalidateQueries({ queryKey: rosterSyncRunsKey });
              open(id);
            }}
          />
        </section>
      )}
      {data && (
        <section aria-labelledby={historyId}>
          <h2 id={historyId}>History</h2>
          <RosterSyncRuns headingId={historyId} onOpen={open} />
        </section>
      )}
    </>
  );
}
