import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useApplyRosterImport } from '#web/features/roster/api/apply-roster-import.ts';
import { useRosterImport } from '#web/features/roster/api/get-roster-import.ts';
import { rosterImportsKey } from '#web/features/roster/api/list-roster-imports.ts';
import { RosterImportList } from '#web/features/roster/components/roster-import-list.tsx';
import { RosterPlanView } from '#web/features/roster/components/roster-plan.tsx';
import { RosterUploadForm } from '#web/features/roster/components/roster-upload-form.tsx';
import { useSession } from '#web/features/session/api/session.ts';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export default function AdminImportPage() {
  const session = useSession();
  const client = useQueryClient();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [appliedMessage, setAppliedMessage] = useState<string | null>(null);
  const selected = useRosterImport(selectedId);
  const apply = useApplyRosterImport();
  const planHeading = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const recentId = useId();
  const [focusPlan, setFocusPlan] = useState(false);
  const [confirmMissing, setConfirmMissing] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  // A new preview or an opened import replaces the page's lower half: take focus there so it is announced.
  useEffect(() => {
    if (focusPlan && selected.data) {
      planHeading.current?.focus();
      setFocusPlan(false);
    }
  }, [focusPlan, selected.data]);

  const roles = session.data?.user.roles ?? [];
  if (!roles.includes('district_admin') && !roles.includes('platform_admin'))
    return (
      <section className="page">
        <PageHeading>Import staff</PageHeading>
        <p>Only district administrators can import staff.</p>
      </section>
    );

  const open = (id: string) => {
    apply.reset();
    setAppliedMessage(null);
    setConfirmMissing(false);
    setConfirmError(null);
    setSelectedId(id);
    setFocusPlan(true);
  };
  const current = selected.data?.data;
  // People a bulk users.csv no longer lists: deactivated only when the admin ticks the confirmation.
  const missing = current?.plan.users.filter((u) => u.absent && u.action === 'deactivate').length ?? 0;

  const applyCurrent = () => {
    if (!current) return;
    if (missing && !confirmMissing) {
      setConfirmError(
        `Tick the box to confirm deactivating the ${missing} ${missing === 1 ? 'person' : 'people'} no longer in the roster.`,
      );
      return;
    }
    setConfirmError(null);
    apply.mutate(
      { id: current.id, deactivateMissing: missing > 0 && confirmMissing },
      {
        onSuccess: ({ data }) => {
          client.setQueryData([...rosterImportsKey, data.id], { data });
          const { users, schools } = data.counts;
          setAppliedMessage(
            `Import applied: ${users.create} staff created, ${users.update} updated, ${users.deactivate} deactivated; ` +
              `${schools.create} schools created, ${schools.update} updated.`,
          );
          requestAnimationFrame(() => resultRef.current?.focus());
        },
      },
    );
  };

  return (
    <>
      <section className="page">
        <PageHeading>Import staff</PageHeading>
        <p>
          Bring your district&rsquo;s staff and schools into Trellis from your student information
          system&rsquo;s OneRoster CSV export (1.2, or 1.1): <code>manifest.csv</code>, <code>orgs.csv</code>,{' '}
          <code>users.csv</code> and, in 1.2, <code>roles.csv</code> (and <code>userProfiles.csv</code> where
          your export has it), zipped or as separate files.
        </p>
        <ul>
          <li>
            Schools in <code>orgs.csv</code> become your district&rsquo;s schools; the district row stands for
            your district.
          </li>
          <li>
            Staff in <code>users.csv</code> get accounts: administrators at the district become district
            admins, administrators at a school become its principal, and teachers, aides and proctors become
            teachers. New accounts have no password: people set one with &ldquo;Forgot your password?&rdquo;.
          </li>
          <li>
            <strong>Staff only.</strong> Rows for students, parents, guardians and relatives are counted and
            skipped. Trellis keeps no student records, not even in the preview.
          </li>
          <li>
            The roster decides the schools of the staff it lists, from their roles: an import replaces schools
            changed by hand.
          </li>
          <li>
            When the manifest sends <code>users.csv</code> in bulk, it is the whole staff: rostered people it
            no longer lists are shown in the preview and deactivated only if you confirm. A delta changes only
            the people it names, and may name schools Trellis already holds.
          </li>
          <li>
            Nothing changes until you apply the preview. Importing the same files again changes nothing.
          </li>
        </ul>
        <RosterUploadForm
          onPreview={(result) => {
            client.setQueryData([...rosterImportsKey, result.id], { data: result });
            open(result.id);
          }}
        />
      </section>

      {selectedId && (
        <section className="page" aria-labelledby="roster-plan-heading">
          {selected.isPending ? (
            <Loading label="Loading the import…" />
          ) : selected.isError ? (
            <ErrorMessage error={selected.error} />
          ) : (
            current && (
              <>
                <h2 id="roster-plan-heading" ref={planHeading} tabIndex={-1}>
                  {current.appliedAt ? 'Applied import' : 'Preview of the import'}
                </h2>
                <p className="muted">
                  Previewed by {current.actor.name} on{' '}
                  <time dateTime={current.createdAt}>{fullDate.format(new Date(current.createdAt))}</time>
                  {current.appliedAt && (
                    <>
                      , applied on{' '}
                      <time dateTime={current.appliedAt}>{fullDate.format(new Date(current.appliedAt))}</time>
                    </>
                  )}
                  .
                </p>
                <div ref={resultRef} tabIndex={-1}>
                  {appliedMessage && (
                    <Notice>
                      <p>{appliedMessage}</p>
                    </Notice>
                  )}
                </div>
                <ErrorMessage error={apply.error} />
                {!current.appliedAt && missing > 0 && (
                  <div className={`field${confirmError ? ' field--invalid' : ''}`}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={confirmMissing}
                        aria-describedby={confirmError ? 'roster-confirm-error' : undefined}
                        onChange={(e) => {
                          setConfirmMissing(e.target.checked);
                          setConfirmError(null);
                        }}
                      />
                      Deactivate the {missing} {missing === 1 ? 'person' : 'people'} no longer in the roster
                      (marked &ldquo;not in users.csv&rdquo; below); they are signed out and cannot sign in
                      until reactivated
                    </label>
                    {confirmError && (
                      <p className="field__error" id="roster-confirm-error" role="alert">
                        {confirmError}
                      </p>
                    )}
                  </div>
                )}
                {!current.appliedAt && (
                  <div className="actions">
                    <button
                      type="button"
                      className="button"
                      onClick={applyCurrent}
                      disabled={apply.isPending}
                      aria-describedby="roster-apply-hint"
                    >
                      {apply.isPending ? 'Applying import…' : 'Apply import'}
                    </button>
                    <span id="roster-apply-hint" className="muted">
                      Creates and updates the schools and staff below, all at once.
                    </span>
                  </div>
                )}
                {apply.isPending && (
                  <Loading label="Applying the import; this can take a moment for a large district…" />
                )}
                <RosterPlanView plan={current.plan} />
              </>
            )
          )}
        </section>
      )}

      <section className="page" aria-labelledby={recentId}>
        <h2 id={recentId}>Recent imports</h2>
        <RosterImportList headingId={recentId} onOpen={open} />
      </section>
    </>
  );
}
