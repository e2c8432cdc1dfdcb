import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useOutbox } from '../api/read-outbox.ts';

/** The messages in the development outbox, newest first; bodies are shown as plain text. */
export function OutboxList() {
  const outbox = useOutbox();
  if (outbox.isPending) return <Loading label="Loading mail…" />;
  if (outbox.isError)
    return outbox.error instanceof ApiError && outbox.error.status === 404 ? (
      <p>
        The mail outbox is off. It is only available to administrators when Trellis is started with
        DEV_OUTBOX=1 outside production.
      </p>
    ) : (
      <ErrorMessage error={outbox.error} />
    );
  const messages = outbox.data.data;
  return (
    <div>
      <p className="actions">
        <button type="button" className="button button--secondary" onClick={() => outbox.refetch()}>
          Check for new mail
        </button>
      </p>
      {messages.length === 0 ? (
        <EmptyState title="The outbox is empty">
          Mail Trellis sends while in development appears here.
        </EmptyState>
      ) : (
        <ol className="outbox" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '1rem' }}>
          {messages.map((message) => (
            <li key={message.id} className="card">
              <article aria-labelledby={`mail-${message.id}`}>
                <h2 id={`mail-${message.id}`}>{message.subject || '(no subject)'}</h2>
                <p className="muted">
                  To {message.to} · {message.date}
                </p>
                <pre className="outbox__body" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {message.text}
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
