import { type FormEvent, useState } from 'react';
import { COHORT_MAX } from '#shared/contracts/awards.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { useAwardJob, usePreviewCohortAward, useStartCohortAward } from '../api/cohort-award.ts';

/** Email addresses found in pasted text or a CSV file: anything shaped like one, once each. */
export function emailsIn(text: string): string[] {
  const found = text.match(/[^\s,;<>"']+@[^\s,;<>"']+\.[^\s,;<>"']+/g) ?? [];
  return [...new Set(found.map((e) => e.toLowerCase()))];
}

function JobProgress({ jobId }: { jobId: string }) {
  const job = useAwardJob(jobId);
  if (job.isError) return <ErrorMessage error={job.error} />;
  const data = job.data;
  const done = data ? data.issued + data.skipped : 0;
  const total = data?.total ?? 0;
  const notAwarded = data && data.failed > 0 ? `, ${data.failed} not awarded` : '';
  return (
    <div className="cohort-award__progress">
      <label htmlFor={`job-${jobId}`}>Awarding</label>
      <progress id={`job-${jobId}`} max={total || 1} value={done}>
        {done} of {total}
      </progress>
      {data && (data.status === 'queued' || data.status === 'running') && (
        <p>
          {done} of {total} done{notAwarded}.
        </p>
      )}
      {/* Announced when the award starts and when it ends, not at every step of the bar. */}
      <p role="status" aria-live="polite">
        {!data
          ? 'Starting…'
          : data.status === 'done'
            ? `Done: ${data.issued} awarded, ${data.skipped} already held it.`
            : data.status === 'failed'
              ? `Stopped: ${data.issued} awarded, ${data.skipped} already held it${notAwarded}. ${data.error ?? ''}`
              : `Awarding ${total === 1 ? '1 person' : `${total} people`}…`}
      </p>
    </div>
  );
}

/** The rows of pasted text: one address per line, or separated by commas or semicolons. */
export function rowsIn(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((row) => row.trim().replace(/^["'<]+|["'>]+$/g, ''))
    .filter(Boolean);
}

/**
 * Shown on a micro-credential's page: its issuer's admins award it to a cohort at once. The rows are
 * checked first (each skipped row is listed with why), then a confirm step says how many will be
 * awarded; only the rows that can be awarded are sent.
 */
export function CohortAward({ credentialId }: { credentialId: string }) {
  const preview = usePreviewCohortAward(credentialId);
  const start = useStartCohortAward(credentialId);
  const confirm = useConfirmStep();
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const rows = rowsIn(text);

  const readCsv = async (file: File | undefined) => {
    if (!file) return;
    const content = await file.text();
    setText((current) => [current.trim(), emailsIn(content).join('\n')].filter(Boolean).join('\n'));
    preview.reset();
  };

  const check = (event: FormEvent) => {
    event.preventDefault();
    if (rows.length === 0) return setLocalError('Paste at least one email address.');
    if (rows.length > COHORT_MAX) return setLocalError(`At most ${COHORT_MAX} rows at once.`);
    setLocalError(undefined);
    start.reset();
    preview.mutate(rows, { onSuccess: (result) => result.ready.length > 0 && confirm.start() });
  };

  const checked = preview.data;
  const skipped = checked?.rows.filter((r) => r.outcome !== 'ready') ?? [];
  const count = checked?.ready.length ?? 0;
  const people = count === 1 ? '1 person' : `${count} people`;
  return (
    <section className="cohort-award" aria-labelledby="cohort-award-heading">
      <h2 id="cohort-award-heading">Award to a cohort</h2>
      <form onSubmit={check} noValidate>
        <TextArea
          label="Email addresses"
          hint="One per line, or separated by commas. People must be active staff in the issuer's district or network."
          rows={6}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (preview.data || preview.error) preview.reset();
          }}
          error={localError}
        />
        <div className="field">
          <label htmlFor={`cohort-csv-${credentialId}`}>Or add addresses from a CSV file</label>
          <input
            id={`cohort-csv-${credentialId}`}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void readCsv(e.target.files?.[0])}
          />
        </div>
        <p className="muted">{rows.length === 1 ? '1 row' : `${rows.length} rows`} to check.</p>
        <ErrorMessage error={preview.error} />
        <button ref={confirm.opener} type="submit" className="button" disabled={preview.isPending}>
          {preview.isPending ? 'Checking…' : 'Check addresses'}
        </button>
      </form>
      {checked && (
        <div className="cohort-award__report" role="status" aria-live="polite">
          <p>
            {count === 0
              ? 'No one on this list can be awarded the credential.'
              : `${people} will be awarded the credential.`}
            {skipped.length > 0 &&
              ` ${skipped.length} ${skipped.length === 1 ? 'row is' : 'rows are'} skipped:`}
          </p>
          {skipped.length > 0 && (
            <ul className="cohort-award__skipped">
              {skipped.map((r) => (
                <li key={r.row}>
                  Row {r.row}: <span className="cohort-award__address">{r.email}</span> {r.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {checked && confirm.open && count > 0 && (
        <ConfirmStep
          prompt={`Award the credential to ${people}? Each receives a signed credential and is told.`}
          confirmLabel={start.isPending ? 'Starting…' : `Award ${people}`}
          tone="primary"
          pending={start.isPending}
          error={start.error}
          onConfirm={() => start.mutate({ emails: checked.ready }, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
      {start.data && <JobProgress key={start.data.id} jobId={start.data.id} />}
    </section>
  );
}
