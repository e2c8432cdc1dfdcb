import { useState } from 'react';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { formatWhen } from '#web/lib/format.ts';
import { useMessageReports, useResolveMessageReport } from '../api/reports.ts';

/**
 * The district administrators' queue of reported direct messages: each report carries the one
 * message reported, as it read when reported. Conversations themselves are never shown here.
 */
export function ReportQueue() {
  const reports = useMessageReports();
  const resolve = useResolveMessageReport();
  const [status, setStatus] = useState('');
  const items = reports.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <p className="muted">
        Messages your district’s people sent that someone reported. You see the reported message only; the
        rest of the conversation stays private to the people in it.
      </p>
      <div aria-live="polite">
        {status && (
          <Notice>
            <p>{status}</p>
          </Notice>
        )}
      </div>
      <ErrorMessage error={resolve.error} />
      {reports.isPending ? (
        <Loading label="Loading reported messages…" />
      ) : reports.isError ? (
        <ErrorMessage error={reports.error} />
      ) : items.length === 0 ? (
        <EmptyState title="No reported messages.">
          <p className="muted">
            When someone reports a message from a person of your district, it shows here.
          </p>
        </EmptyState>
      ) : (
        <ul className="report-list">
          {items.map((r) => (
            <li key={r.id} className="card">
              <p>
                <strong>{r.sender.name}</strong> wrote to {r.reporter.name}
                {r.reporter.districtName && ` (${r.reporter.districtName})`},{' '}
                <time dateTime={r.messageSentAt}>{formatWhen(r.messageSentAt)}</time>:
              </p>
              <blockquote className="reported-message">{r.messageText}</blockquote>
              <p>
                Reported <time dateTime={r.reportedAt}>{formatWhen(r.reportedAt)}</time>: “{r.reason}”
              </p>
              <button
                type="button"
                className="button button--secondary"
                disabled={resolve.isPending}
                onClick={() =>
                  resolve.mutate(r.id, {
                    onSuccess: () => setStatus(`Closed the report of ${r.sender.name}’s message.`),
                  })
                }
              >
                Mark as dealt with <span className="visually-hidden">: {r.sender.name}’s message</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={reports} noun="reports" />
    </>
  );
}
