import { useState } from 'react';
import { Link } from 'react-router';
import type { PostView } from '#shared/contracts/discussion.ts';
import { ConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useModeratePost, useReportPost } from '../api/moderation.ts';
import { useDeletePost, useEditPost, useReaction, useReply, useRevisions } from '../api/posts.ts';
import { useMarkInsight } from '../api/threads.ts';
import { Composer, formatBytes } from './composer.tsx';
import { BookmarkButton } from './reading.tsx';
import { formatWhen } from '#web/lib/format.ts';

/**
 * One post of a thread with what the viewer may do to it. Its HTML was rendered and sanitized on
 * the server: the only HTML the web app ever inserts.
 */
export function PostCard({
  post,
  threadId,
  threadTitle,
  canMarkInsight,
  headingLevel,
}: {
  post: PostView;
  threadId: string;
  threadTitle?: string;
  canMarkInsight: boolean;
  headingLevel: 2 | 3 | 4;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'reply' | 'report' | 'moderate' | 'delete'>('view');
  const [showHistory, setShowHistory] = useState(false);
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const label = post.isOpening ? 'Opening post' : `Reply by ${post.author.name}`;

  return (
    <article
      id={`post-${post.id}`}
      // Links from notifications, the feed and search lead to a post: it takes focus when reached.
      tabIndex={-1}
      className={`post${post.isInsight ? ' post--insight' : ''}`}
      aria-label={label}
    >
      <header className="post__head">
        <Heading className="post__author">
          <Link to={`/people/${post.author.id}`}>{post.author.name}</Link>
        </Heading>
        <p className="muted">
          {[post.author.roleTitle, post.author.districtName].filter(Boolean).join(' · ')}
          {post.author.roleTitle || post.author.districtName ? ' · ' : ''}
          <time dateTime={post.createdAt}>{formatWhen(post.createdAt)}</time>
          {post.editedAt && (
            <>
              {' · '}
              <button
                type="button"
                className="link-button"
                aria-expanded={showHistory}
                onClick={() => setShowHistory((v) => !v)}
              >
                edited {formatWhen(post.editedAt)} (history)
              </button>
            </>
          )}
        </p>
        {post.isInsight && <p className="tag tag--insight">Insight</p>}
      </header>

      {post.deleted ? (
        <p className="post__gone">This post was deleted by its author.</p>
      ) : post.hidden && post.bodyHtml === null ? (
        <p className="post__gone">Hidden by a facilitator.</p>
      ) : (
        <>
          {post.hidden && (
            <div className="notice notice--error">
              <p>
                Hidden by a facilitator{post.hidden.reason ? `: ${post.hidden.reason}` : ''}. Only you
                {post.abilities.moderate ? ', the author' : ''} and facilitators see it.
              </p>
            </div>
          )}
          {mode === 'edit' ? (
            <EditPost post={post} threadTitle={threadTitle} onDone={() => setMode('view')} />
          ) : (
            // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitized with an allowlist on the server
            <div className="post__body" dangerouslySetInnerHTML={{ __html: post.bodyHtml ?? '' }} />
          )}
          {post.attachments.length > 0 && (
            <ul className="post__attachments" aria-label="Attachments">
              {post.attachments.map((a) => (
                <li key={a.id}>
                  <a href={a.url} download={a.filename}>
                    {a.filename}
                  </a>{' '}
                  <span className="muted">({formatBytes(a.byteSize)})</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      {showHistory && <History postId={post.id} />}

      {!post.deleted && (
        <div className="post__actions">
          <Reactions post={post} />
          {post.abilities.reply && !post.isOpening && (
            <button type="button" className="link-button" onClick={() => setMode('reply')}>
              Reply
            </button>
          )}
          {post.abilities.edit && post.bodyMd !== null && (
            <button type="button" className="link-button" onClick={() => setMode('edit')}>
              Edit
            </button>
          )}
          {post.abilities.delete && (
            <button type="button" className="link-button" onClick={() => setMode('delete')}>
              Delete
            </button>
          )}
          {canMarkInsight && !post.isOpening && !post.hidden && (
            <InsightButton post={post} threadId={threadId} />
          )}
          {!post.isOpening && !post.hidden && <BookmarkButton threadId={threadId} postId={post.id} />}
          {post.abilities.report && (
            <button type="button" className="link-button" onClick={() => setMode('report')}>
              Report
            </button>
          )}
          {post.abilities.moderate && (
            <button type="button" className="link-button" onClick={() => setMode('moderate')}>
              {post.hidden ? 'Restore' : 'Hide'}
            </button>
          )}
        </div>
      )}

      {mode === 'reply' && (
        <ReplyBox
          threadId={threadId}
          parentId={post.id}
          parentAuthor={post.author.name}
          onDone={() => setMode('view')}
        />
      )}
      {mode === 'delete' && <ConfirmDelete postId={post.id} onDone={() => setMode('view')} />}
      {mode === 'report' && <ReportForm postId={post.id} onDone={() => setMode('view')} />}
      {mode === 'moderate' && <ModerateForm post={post} onDone={() => setMode('view')} />}

      {post.children.length > 0 && (
        <ol className="post__children" aria-label={`Replies to ${post.author.name}`}>
          {post.children.map((child) => (
            <li key={child.id}>
              <PostCard
                post={child}
                threadId={threadId}
                canMarkInsight={canMarkInsight}
                headingLevel={headingLevel < 4 ? ((headingLevel + 1) as 3 | 4) : 4}
              />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function Reactions({ post }: { post: PostView }) {
  const react = useReaction(post.id);
  const kinds = [
    ['helpful', 'Helpful', post.reactions.helpful],
    ['tried', 'I tried this', post.reactions.tried],
  ] as const;
  return (
    <>
      {kinds.map(([kind, text, n]) => {
        const mine = post.reactions.mine.includes(kind);
        return (
          <button
            key={kind}
            type="button"
            className="reaction"
            aria-pressed={mine}
            disabled={!post.abilities.react || react.isPending}
            onClick={() => react.mutate({ kind, on: !mine })}
          >
            {text} ({n}
            <span className="visually-hidden"> {n === 1 ? 'person' : 'people'}</span>)
          </button>
        );
      })}
      {react.error ? <ErrorMessage error={react.error} /> : null}
    </>
  );
}

function InsightButton({ post, threadId }: { post: PostView; threadId: string }) {
  const mark = useMarkInsight(threadId);
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={mark.isPending}
        onClick={() => mark.mutate(post.isInsight ? null : post.id)}
      >
        {post.isInsight ? 'Unmark insight' : 'Mark as insight'}
      </button>
      {mark.error ? <ErrorMessage error={mark.error} /> : null}
    </>
  );
}

export function ReplyBox({
  threadId,
  parentId,
  parentAuthor,
  onDone,
}: {
  threadId: string;
  parentId?: string;
  parentAuthor?: string;
  onDone?: () => void;
}) {
  const reply = useReply(threadId);
  return (
    <div className="reply-box">
      <Composer
        label={parentAuthor ? `Reply to ${parentAuthor}` : 'Your reply'}
        submitLabel="Post reply"
        pending={reply.isPending}
        error={reply.error}
        onCancel={onDone}
        // A reply to the thread is drafted on the server, continued on another device.
        draftTarget={parentId ? undefined : { kind: 'thread', id: threadId }}
        onSubmit={async (draft) => {
          const posted = await reply.mutateAsync({ ...draft, parentId });
          onDone?.();
          // The reply button is disabled (or gone) once the reply is sent: the keyboard continues
          // at the new reply, once the thread shows it.
          focusWhenShown(`post-${posted.id}`);
        }}
      />
    </div>
  );
}

/** Moves focus to the element once it is on the page (the list may be refetching), for a few seconds at most. */
function focusWhenShown(id: string, deadline = Date.now() + 5000): void {
  const element = document.getElementById(id);
  if (element) element.focus();
  else if (Date.now() < deadline) requestAnimationFrame(() => focusWhenShown(id, deadline));
}

function EditPost({
  post,
  threadTitle,
  onDone,
}: {
  post: PostView;
  threadTitle?: string;
  onDone: () => void;
}) {
  const edit = useEditPost(post.id);
  const [title, setTitle] = useState(threadTitle ?? '');
  const err = edit.error instanceof ApiError ? edit.error : null;
  return (
    <Composer
      label="Edit your post"
      submitLabel="Save changes"
      initialBody={post.bodyMd ?? ''}
      allowAttachments={false}
      pending={edit.isPending}
      error={edit.error}
      onCancel={onDone}
      extraFields={
        post.isOpening ? (
          <TextField
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            error={err?.fieldError('title')}
          />
        ) : null
      }
      onSubmit={async ({ body }) => {
        await edit.mutateAsync(post.isOpening ? { body, title } : { body });
        onDone();
      }}
    />
  );
}

function History({ postId }: { postId: string }) {
  const revisions = useRevisions(postId, true);
  if (revisions.isPending) return <Loading label="Loading history…" />;
  if (revisions.isError) return <ErrorMessage error={revisions.error} />;
  return (
    <section className="post__history" aria-label="Edit history">
      {revisions.data.length === 0 ? (
        <p className="muted">No earlier wording to show.</p>
      ) : (
        <ol>
          {revisions.data.map((r) => (
            <li key={r.id}>
              <p className="muted">
                Wording until <time dateTime={r.replacedAt}>{formatWhen(r.replacedAt)}</time>
                {r.title ? ` — title “${r.title}”` : ''}
              </p>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server */}
              <div className="post__body" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ConfirmDelete({ postId, onDone }: { postId: string; onDone: () => void }) {
  const remove = useDeletePost(postId);
  // The step (and, once deleted, the post's buttons) go away: the keyboard continues at the post.
  const back = () => {
    onDone();
    requestAnimationFrame(() => document.getElementById(`post-${postId}`)?.focus());
  };
  return (
    <ConfirmStep
      prompt="Delete this post? Its replies stay; its words are removed for everyone."
      confirmLabel="Delete post"
      cancelLabel="Keep it"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: back })}
      onCancel={back}
    />
  );
}

function ReasonForm({
  legend,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  legend: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="reason-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await onSubmit(reason);
        } catch {
          // Shown below.
        }
      }}
    >
      <fieldset>
        <legend>{legend}</legend>
        <TextField
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={500}
          error={error instanceof ApiError ? error.fieldError('reason') : undefined}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={pending || !reason.trim()}>
            {submitLabel}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
        {error instanceof ApiError && error.fieldError('reason') ? null : <ErrorMessage error={error} />}
      </fieldset>
    </form>
  );
}

function ReportForm({ postId, onDone }: { postId: string; onDone: () => void }) {
  const report = useReportPost(postId);
  if (report.isSuccess)
    return (
      <Notice>
        <p>
          Thank you. The facilitators will look at it.{' '}
          <button type="button" className="link-button" onClick={onDone}>
            Close
          </button>
        </p>
      </Notice>
    );
  return (
    <ReasonForm
      legend="Report this post to the facilitators"
      submitLabel="Send report"
      pending={report.isPending}
      error={report.error}
      onSubmit={(reason) => report.mutateAsync(reason)}
      onCancel={onDone}
    />
  );
}

function ModerateForm({ post, onDone }: { post: PostView; onDone: () => void }) {
  const moderate = useModeratePost(post.id);
  const action = post.hidden ? 'restore' : 'hide';
  return (
    <ReasonForm
      legend={
        post.hidden ? 'Restore this post (its author is told why)' : 'Hide this post (its author is told why)'
      }
      submitLabel={post.hidden ? 'Restore post' : 'Hide post'}
      pending={moderate.isPending}
      error={moderate.error}
      onSubmit={async (reason) => {
        await moderate.mutateAsync({ action, reason });
        onDone();
      }}
      onCancel={onDone}
    />
  );
}
