import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ReportQueueItem } from '#shared/contracts/discussion.ts';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { useDismissReport, useModeratePost, useReports } from '#web/features/discussion/api/moderation.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';

/** A community's moderation queue: reported posts, with hide and dismiss. */
export default function CommunityModerationPage() {
  const { id = '' } = useParams();
  const reports = useReports(id);
  // A hidden post leaves the queue: say what happened, where a screen reader hears it.
  const [done, setDone] = useState('');
  // The hidden post's item, which held the focus, is gone: the focus moves to what happened.
  const doneRef = useRef<HTMLDivElement>(null);
  const hidden = (message: string) => {
    setDone(message);
    requestAnimationFrame(() => doneRef.current?.focus());
  };
  if (reports.isPending) return <Loading label="Loading reports…" />;
  if (reports.isError) {
    const status = reports.error instanceof ApiError ? reports.error.status : 0;
    return (
      <section className="page">
        <PageHeading>
          {status === 403 || status === 404 ? 'Moderation not available' : 'Could not load reports'}
        </PageHeading>
        {status === 403 || status === 404 ? (
          <p>Only facilitators of this community see its moderation queue.</p>
        ) : (
          <ErrorMessage error={reports.error} />
        )}
        <p>
          <Link to={`/communities/${id}`}>Back to the community</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/communities/${id}`}>Back to the community</Link>
      </nav>
      <PageHeading>Moderation queue</PageHeading>
      <div aria-live="polite" ref={doneRef} tabIndex={-1}>
        {done && <Notice>{done}</Notice>}
      </div>
      {reports.data.length === 0 ? (
        <EmptyState title="No open reports.">
          <p>When someone reports a post, it appears here.</p>
        </EmptyState>
      ) : (
        <ul className="report-list">
          {reports.data.map((item) => (
            <ReportedPost key={item.post.id} item={item} communityId={id} onHidden={hidden} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportedPost({
  item,
  communityId,
  onHidden,
}: {
  item: ReportQueueItem;
  communityId: string;
  onHidden: (message: string) => void;
}) {
  const moderate = useModeratePost(item.post.id);
  const dismiss = useDismissReport();
  const [reason, setReason] = useState('');
  const { post } = item;
  return (
    <li className="card">
      <h2>
        <Link to={`/communities/${communityId}/threads/${post.threadId}`}>{post.threadTitle}</Link>
      </h2>
      <p className="muted">
        Post by <Link to={`/people/${post.author.id}`}>{post.author.name}</Link>,{' '}
        <time dateTime={post.createdAt}>{formatWhen(post.createdAt)}</time>
        {post.hidden ? ' · hidden' : ''}
        {post.deleted ? ' · deleted by its author' : ''}
      </p>
      {post.excerpt && <blockquote className="report__excerpt">{post.excerpt}</blockquote>}
      <h3>
        {item.reports.length} {item.reports.length === 1 ? 'report' : 'reports'}
      </h3>
      <ul>
        {item.reports.map((r) => (
          <li key={r.id}>
            “{r.reason}” — {r.reporter.name}, <time dateTime={r.createdAt}>{formatWhen(r.createdAt)}</time>{' '}
            <button
              type="button"
              className="link-button"
              disabled={dismiss.isPending}
              onClick={() => dismiss.mutate(r.id)}
            >
              Dismiss <span className="visually-hidden">report by {r.reporter.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <ErrorMessage error={dismiss.error} />
      {!post.hidden && !post.deleted && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            // The hidden post leaves the queue, and this item with it: a mutate() callback would be
            // skipped once it unmounts, so the message is given from the promise the page outlives.
            moderate
              .mutateAsync({ action: 'hide', reason })
              .then(() =>
                onHidden(
                  `Hid ${post.author.name}’s post in “${post.threadTitle}”. They are told why, and its reports are closed.`,
                ),
              )
              // The mutation's error is shown beside the form.
              .catch(() => {});
          }}
        >
          <TextField
            label="Reason for hiding (the author sees it)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={500}
            error={moderate.error instanceof ApiError ? moderate.error.fieldError('reason') : undefined}
          />
          <button
            type="submit"
            className="button button--danger"
            disabled={!reason.trim() || moderate.isPending}
          >
            Hide post
          </button>
          <ErrorMessage
            error={
              moderate.error instanceof ApiError && moderate.error.fieldError('reason')
                ? null
                : moderate.error
            }
          />
        </form>
      )}
    </li>
  );
}
