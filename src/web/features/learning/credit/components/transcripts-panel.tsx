import { type FormEvent, useState } from 'react';
import type { CreditTypeView } from '#shared/contracts/credit.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useIssueTranscript, useTranscripts } from '../api/transcripts.ts';
import { hoursText } from './format.ts';

/** Issues official transcripts of my approved credit and lists those issued, with PDF, CSV and verification. */
export function TranscriptsPanel({ types }: { types: CreditTypeView[] }) {
  const transcripts = useTranscripts();
  const issue = useIssueTranscript();
  const [creditTypeId, setCreditTypeId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fieldError = (field: string) =>
    issue.error instanceof ApiError ? issue.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate({ creditTypeId: creditTypeId || undefined, from: from || undefined, to: to || undefined });
  };
  return (
    <section aria-labelledby="transcripts-heading">
      <h2 id="transcripts-heading">Official transcripts</h2>
      <p className="muted">
        A transcript lists your approved learning with its hours and approvers, signed by your district.
        Anyone you give it to can open its verification link to confirm it is genuine and unaltered.
      </p>
      <form className="card credit-form" onSubmit={submit} noValidate>
        <SelectField
          label="Credit type"
          value={creditTypeId}
          onChange={(e) => setCreditTypeId(e.target.value)}
        >
          <option value="">All credit types</option>
          {types.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="From (optional)"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label="To (optional)"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={fieldError('to')}
        />
        <ErrorMessage error={issue.error && !fieldError('to') ? issue.error : null} />
        <FormActions label="Issue transcript" pendingLabel="Issuing…" pending={issue.isPending} />
      </form>
      {transcripts.isPending ? (
        <Loading label="Loading your transcripts…" />
      ) : transcripts.isError ? (
        <ErrorMessage error={transcripts.error} />
      ) : transcripts.data.length === 0 ? (
        <EmptyState title="No transcripts issued yet" />
      ) : (
        <ul className="bare-list transcript-list">
          {transcripts.data.map((t) => (
            <li key={t.id} className="card">
              <p>
                <strong>Issued {formatWhen(t.issuedAt)}</strong> · {t.entries} entr
                {t.entries === 1 ? 'y' : 'ies'} · {hoursText(t.totalHours)} hours
              </p>
              <p className="actions">
                <a className="button button--small" href={t.pdfUrl} download>
                  Download PDF
                </a>
                <a className="button button--small button--secondary" href={t.csvUrl} download>
                  Download CSV
                </a>
                <a href={t.verifyUrl}>Verification link</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
