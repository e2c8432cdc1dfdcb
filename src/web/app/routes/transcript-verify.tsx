import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import {
  checkTranscriptPdf,
  useTranscriptVerification,
} from '#web/features/learning/credit/api/transcripts.ts';
import { dayText, hoursText } from '#web/features/learning/credit/components/format.ts';
import { ApiError } from '#web/lib/api-client.ts';

/**
 * The public check of an official transcript, for anyone it was given to, signed in or not: what the
 * district issued (the record stored at issue, not today's data), whether its signature holds, and
 * whether a PDF file is byte for byte the one issued.
 */
export default function TranscriptVerifyPage() {
  const { id = '' } = useParams();
  const check = useTranscriptVerification(id);
  const [file, setFile] = useState<{ name: string; matches: boolean } | null>(null);
  const [fileError, setFileError] = useState<unknown>(null);
  if (check.isPending)
    return (
      <section className="page">
        <PageHeading>Verify a transcript</PageHeading>
        <Loading label="Checking the transcript…" />
      </section>
    );
  if (check.isError)
    return (
      <section className="page">
        <PageHeading>Verify a transcript</PageHeading>
        {check.error instanceof ApiError && check.error.status === 404 ? (
          <div className="notice notice--error" role="alert">
            <p>
              No transcript has this address. The link may have been mistyped: Trellis issued no such
              document.
            </p>
          </div>
        ) : (
          <ErrorMessage error={check.error} />
        )}
      </section>
    );
  const { record, genuine } = check.data;
  return (
    <section className="page transcript-verify">
      <PageHeading>Verify a transcript</PageHeading>
      {genuine ? (
        <Notice>
          <p>
            <strong>Genuine.</strong> {record.district.name} issued this transcript to {record.teacher.name}{' '}
            on {dayText(record.issuedAt)}, and what it states below is unaltered: the district's signature
            over it holds.
          </p>
        </Notice>
      ) : (
        <div className="notice notice--error" role="alert">
          <p>
            <strong>Not genuine.</strong> The record of this transcript no longer matches the district's
            signature: do not rely on it.
          </p>
        </div>
      )}
      <h2>What the transcript states</h2>
      <dl className="transcript-verify__facts">
        <dt>District</dt>
        <dd>{record.district.name}</dd>
        <dt>Teacher</dt>
        <dd>
          {record.teacher.name}
          {record.teacher.staffId && ` (staff id ${record.teacher.staffId})`}
        </dd>
        <dt>Credit type</dt>
        <dd>{record.creditType ?? 'All credit types'}</dd>
        <dt>Period</dt>
        <dd>
          {record.period.from ? dayText(record.period.from) : 'All dates'} to{' '}
          {record.period.to ? dayText(record.period.to) : 'the day it was issued'}
        </dd>
        {record.totals.map((t) => (
          <div key={t.creditType}>
            <dt>Total {t.creditType}</dt>
            <dd>{hoursText(t.hours)} hours</dd>
          </div>
        ))}
      </dl>
      <TableWrap label="Approved learning on the transcript">
        <table>
          <caption className="visually-hidden">Approved learning on the transcript</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Activity</th>
              <th scope="col">Credit type</th>
              <th scope="col">Hours</th>
              <th scope="col">Approved by</th>
            </tr>
          </thead>
          <tbody>
            {record.entries.map((e) => (
              // A transcript never changes once issued: its lines are told apart by what they state.
              <tr key={`${e.date}|${e.title}|${e.creditType}|${e.approvedOn}|${e.hours}`}>
                <td>{dayText(e.date)}</td>
                <td>
                  {e.title}
                  {e.provider && <span className="muted"> ({e.provider})</span>}
                </td>
                <td>{e.creditType}</td>
                <td>{hoursText(e.hours)}</td>
                <td>
                  {e.approvedBy}, {dayText(e.approvedOn)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>Check a PDF file</h2>
      <p className="muted">
        Choose the PDF you were given: Trellis checks it is exactly the file the district issued.
      </p>
      <div className="field">
        <label htmlFor="transcript-file">Transcript PDF</label>
        <input
          id="transcript-file"
          type="file"
          accept="application/pdf"
          onChange={async (e) => {
            const chosen = e.target.files?.[0];
            setFile(null);
            setFileError(null);
            if (!chosen) return;
            try {
              const result = await checkTranscriptPdf(id, chosen);
              setFile({ name: chosen.name, matches: result.pdfMatches === true });
            } catch (error) {
              setFileError(error);
            }
          }}
        />
      </div>
      <ErrorMessage error={fileError} />
      {file &&
        (file.matches ? (
          <Notice>
            <p>{file.name} is the transcript as issued, unaltered.</p>
          </Notice>
        ) : (
          <div className="notice notice--error" role="alert">
            <p>
              {file.name} is not the file the district issued: it was changed or belongs to another
              transcript.
            </p>
          </div>
        ))}
      <p className="muted transcript-verify__hash">Record SHA-256: {check.data.recordSha256}</p>
    </section>
  );
}
