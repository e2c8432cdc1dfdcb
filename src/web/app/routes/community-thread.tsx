import { useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { ThreadView } from '#shared/contracts/discussion.ts';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { discussionKeys, useThread, useUpdateThread } from '#web/features/discussion/api/threads.ts';
import { TYPE_LABELS } from '#web/features/discussion/components/community-threads.tsx';
import { PostCard, ReplyBox } from '#web/features/discussion/components/post-card.tsx';
import { BookmarkButton, ThreadReadingBar } from '#web/features/discussion/components/reading.tsx';
import { BringHomeInsight } from '#web/features/mobilization/components/bring-home.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useRealtime } from '#web/lib/realtime.ts';

/** A conversation: its opening post, replies with their replies, and what the viewer may do. */
export default function CommunityThreadPage() {
  const { id: communityId = '', threadId = '' } = useParams();
  const thread = useThread(threadId);
  const session = useSession();
  const client = useQueryClient();
  const [changedLive, setChangedLive] = useState(false);
  const userId = session.data?.user.id;
  useRealtime([`thread:${threadId}`, userId ? `user:${userId}` : ''], (signal) => {
    if (signal.topic.startsWith('user:') && signal.type === 'notification') return;
    setChangedLive(true);
    void client.invalidateQueries({ queryKey: discussionKeys.thread(threadId) });
  });

  if (thread.isPending) return <Loading label="Loading the conversation…" />;
  if (thread.isError) {
    const gone =
      thread.error instanceof ApiError && (thread.error.status === 404 || thread.error.status === 400);
    return (
      <section className="page">
        <PageHeading>{gone ? 'Conversation not found' : 'Could not load this conversation'}</PageHeading>
        {gone ? (
          <p role="status">
            {changedLive
              ? 'This conversation is no longer available to you.'
              : 'There is no conversation here you can see.'}
          </p>
        ) : (
          <ErrorMessage error={thread.error} />
        )}
        <p>
          <Link to="/communities">Browse communities</Link>
        </p>
      </section>
    );
  }
  const pages = thread.data.pages;
  const view = pages[0];
  const replies = pages.flatMap((p) => p.replies);
  return <ThreadPage view={view} replies={replies} communityId={communityId} more={thread} />;
}

/** The reading bar needs the thread's pages: how to draw more of them until the first new post shows. */
function loadMoreOf(more: ComponentProps<typeof LoadMore>['query']) {
  return () => {
    if (more.hasNextPage && !more.isFetchingNextPage) void more.fetchNextPage();
  };
}

function ThreadPage({
  view,
  replies,
  communityId,
  more,
}: {
  view: ThreadView;
  replies: ThreadView['replies'];
  communityId: string;
  /** The thread's query, to page through its replies. */
  more: ComponentProps<typeof LoadMore>['query'];
}) {
  const { thread, community, permissions } = view;
  const count = useRef(replies.length);
  const [announce, setAnnounce] = useState('');
  // A link to one post (#post-<id>) brings it into view and focus once it is drawn.
  const { hash } = useLocation();
  const reached = useRef('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: more replies drawn may hold the post
  useEffect(() => {
    if (!hash.startsWith('#post-') || reached.current === hash) return;
    const target = document.getElementById(hash.slice(1));
    if (!target) return;
    reached.current = hash;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }, [hash, replies.length]);
  useEffect(() => {
    if (replies.length > count.current)
      setAnnounce(
        `${replies.length - count.current} new repl${replies.length - count.current === 1 ? 'y' : 'ies'}.`,
      );
    count.current = replies.length;
  }, [replies.length]);
  return (
    <section className="page thread-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/communities/${community.id || communityId}`}>{community.name}</Link>
      </nav>
      <PageHeading title={thread.title}>{thread.title}</PageHeading>
      <p className="thread-item__badges">
        <span className={`tag tag--${thread.type}`}>{TYPE_LABELS[thread.type]}</span>
        {thread.pinned && <span className="tag">Pinned</span>}
        {thread.locked && <span className="tag">Locked</span>}
      </p>
      {thread.locked && (
        <Notice>
          <p>This thread is locked. No one can reply or edit in it.</p>
        </Notice>
      )}
      {community.archived && (
        <Notice>
          <p>This community is archived; its conversations are read-only.</p>
        </Notice>
      )}
      {permissions.canModerate && <FacilitatorTools view={view} />}
      <ThreadReadingBar
        threadId={thread.id}
        posts={[view.opening, ...replies]}
        hasMore={Boolean(more.hasNextPage)}
        loadMore={loadMoreOf(more)}
        linkedToPost={hash.startsWith('#post-')}
      />
      <p>
        <BookmarkButton threadId={thread.id} withReminder />
      </p>
      <PostCard
        post={view.opening}
        threadId={thread.id}
        threadTitle={thread.title}
        canMarkInsight={permissions.canMarkInsight}
        headingLevel={2}
      />
      <BringHomeInsight threadId={thread.id} communityId={community.id} hasInsight={thread.hasInsight} />
      <section aria-labelledby="replies-heading" className="replies">
        <h2 id="replies-heading">
          {thread.replyCount} {thread.replyCount === 1 ? 'reply' : 'replies'}
        </h2>
        <p className="visually-hidden" aria-live="polite">
          {announce}
        </p>
        {replies.length === 0 ? (
          <p className="muted">No replies yet.</p>
        ) : (
          <ol className="reply-list">
            {replies.map((post) => (
              <li key={post.id}>
                <PostCard
                  post={post}
                  threadId={thread.id}
                  canMarkInsight={permissions.canMarkInsight}
                  headingLevel={3}
                />
              </li>
            ))}
          </ol>
        )}
        <LoadMore query={more} noun="replies" />
      </section>
      {permissions.canReply ? (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply</h2>
          <ReplyBox threadId={thread.id} />
        </section>
      ) : !thread.locked && !community.archived ? (
        <p className="muted">Join this community to reply.</p>
      ) : null}
    </section>
  );
}

function FacilitatorTools({ view }: { view: ThreadView }) {
  const { thread, permissions } = view;
  const update = useUpdateThread(thread.id);
  const [target, setTarget] = useState('');
  const [done, setDone] = useState('');
  return (
    <section className="card facilitator-tools" aria-labelledby="facilitator-heading">
      <h2 id="facilitator-heading">Facilitator tools</h2>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={update.isPending}
          onClick={() =>
            update.mutate(
              { pinned: !thread.pinned },
              { onSuccess: () => setDone(thread.pinned ? 'Thread unpinned.' : 'Thread pinned.') },
            )
          }
        >
          {thread.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={update.isPending}
          onClick={() =>
            update.mutate(
              { locked: !thread.locked },
              { onSuccess: () => setDone(thread.locked ? 'Thread unlocked.' : 'Thread locked.') },
            )
          }
        >
          {thread.locked ? 'Unlock' : 'Lock'}
        </button>
      </div>
      {permissions.moveTargets.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (target) update.mutate({ communityId: target }, { onSuccess: () => setDone('Thread moved.') });
          }}
        >
          <SelectField label="Move to community" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">Choose a community</option>
            {permissions.moveTargets.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button--secondary" disabled={!target || update.isPending}>
            Move thread
          </button>
        </form>
      )}
      <p role="status" className="muted">
        {done}
      </p>
      <ErrorMessage error={update.error} />
    </section>
  );
}
