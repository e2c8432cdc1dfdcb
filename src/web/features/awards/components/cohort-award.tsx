import { type FormEvent, useState } from 'react';
import { COHORT_MAX } from '#shared/contracts/awards.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useAwardJob, useStartCohortAward } from '../api/cohort-award.ts';

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
  return (
    <div className="cohort-award__progress">
      <label htmlFor={`job-${jobId}`}>Awarding</label>
      <progress id={`job-${jobId}`} max={total || 1} value={done}>
        {done} of {total}
      </progress>
      <p role="status" aria-live="polite">
        {!data
          ? 'Starting…'
          : data.status === 'done'
            ? `Done: ${data.issued} awarded, ${data.skipped} already held it.`
            : data.status === 'failed'
              ? `Stopped after ${data.issued} awarded. ${data.error ?? ''}`
              : `${done} of ${total} done…`}
      </p>
    </div>
  );
}

/** Shown on a micro-credential's page: its issuer's admins award it to a cohort at once. */
export function CohortAward({ credentialId }: { credentialId: string }) {
  const start = useStartCohortAward(credentialId);
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const emails = emailsIn(text);

  const readCsv = async (file: File | undefined) => {
    if (!file) return;
    const content = await file.text();
    setText((current) => [current.trim(), emailsIn(content).join('\n')].filter(Boolean).join('\n'));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (emails.length === 0) return setLocalError('Paste at least one email address.');
    if (emails.length > COHORT_MAX) return setLocalError(`At most ${COHORT_MAX} people at once.`);
    setLocalError(undefined);
    start.mutate({ emails });
  };

  const serverFields = start.error instanceof ApiError ? start.error.problem.errors : [];
  return (
    <section className="cohort-award" aria-labelledby="cohort-award-heading">
      <h2 id="cohort-award-heading">Award to a cohort</h2>
      <form onSubmit={submit} noValidate>
        <TextArea
          label="Email addresses"
          hint="One per line, or separated by commas. People must be active staff in the issuer's district or network."
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
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
        <p className="muted">{emails.length === 1 ? '1 address' : `${emails.length} addresses`} ready.</p>
        {start.error && (
          <div className="notice notice--error" role="alert">
            <p>{start.error.message}</p>
            {serverFields.length > 0 && (
              <ul>
                {serverFields.slice(0, 20).map((f) => (
                  <li key={f.path}>{f.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="submit" className="button" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Award credential'}
        </button>
      </form>
      {start.data && <JobProgress key={start.data.id} jobId={start.data.id} />}
    </section>
  );
}
