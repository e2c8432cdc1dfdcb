import '#web/components/composer.css';
import { useEffect, useRef, useState } from 'react';
import type { PostView } from '#shared/contracts/discussion.ts';
import { WATCH_LEVELS, type WatchLevel } from '#shared/contracts/reading.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import {
  LEVEL_LABELS,
  useCommunityWatch,
  useDeleteBookmark,
  useMarkCommunitiesRead,
  useMarkThreadRead,
  useSaveBookmark,
  useThreadBookmarks,
  useThreadReading,
  useWatchCommunity,
  useWatchThread,
} from '../api/reading.ts';

/** The newest of the posts shown (replies' replies included), by when they were written. */
function newestPost(posts: PostView[]): PostView | null {
  let newest: PostView | null = null;
  const visit = (post: PostView) => {
    if (
      !newest ||
      post.createdAt > newest.createdAt ||
      (post.createdAt === newest.createdAt && post.id > newest.id)
    )
      newest = post;
    for (const child of post.children ?? []) visit(child);
  };
  for (const post of posts) visit(post);
  return newest;
}

/**
 * On a thread's page: says how many posts are new, brings the first of them into view and focus as
 * the page opens (unless a link named another post), marks what was shown as read (again as new
 * replies arrive), and lets the person choose how closely they follow the thread.
 */
export function ThreadReadingBar({
  threadId,
  posts,
  hasMore,
  loadMore,
  linkedToPost,
}: {
  threadId: string;
  posts: PostView[];
  hasMore: boolean;
  loadMore: () => void;
  linkedToPost: boolean;
}) {
  const reading = useThreadReading(threadId);
  const mark = useMarkThreadRead(threadId);
  const watch = useWatchThread(threadId);
  const [jumped, setJumped] = useState(false);
  const [announce, setAnnounce] = useState('');
  const first = reading.data?.firstUnreadPostId ?? null;
  const unread = reading.data?.unreadCount ?? 0;

  // Jump to the first new post once it is drawn; load further pages of replies until it is.
  // biome-ignore lint/correctness/useExhaustiveDependencies: more posts drawn may hold the target
  useEffect(() => {
    if (jumped || !reading.data) return;
    if (!first || linkedToPost) {
      setJumped(true);
      return;
    }
    const target = document.getElementById(`post-${first}`);
    if (target) {
      target.classList.add('post--first-unread');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
      setAnnounce(
        `${unread} new ${unread === 1 ? 'post' : 'posts'} since your last visit; moved to the first.`,
      );
      setJumped(true);
    } else if (hasMore) loadMore();
    else setJumped(true);
  }, [reading.data, posts, hasMore, jumped]);

  // What is shown is read: marked once the jump is done, and again when newer posts arrive.
  const newest = newestPost(posts);
  const marked = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: marks when the newest post shown changes
  useEffect(() => {
    if (!jumped || !newest || marked.current === newest.id) return;
    marked.current = newest.id;
    mark.mutate(newest.id);
  }, [jumped, newest?.id]);

  const level = reading.data?.threadLevel ?? '';
  return (
    <div className="reading-bar">
      {unread > 0 && first && (
        <p className="reading-bar__new">
          <a href={`#post-${first}`}>
            {unread} new {unread === 1 ? 'post' : 'posts'} since your last visit
          </a>
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {reading.data && (
        <SelectField
          label="Notifications for this thread"
          value={level}
          disabled={watch.isPending}
          onChange={(e) => watch.mutate((e.target.value || null) as WatchLevel | null)}
          hint={
            level === ''
              ? `Following the community: ${LEVEL_LABELS[reading.data.level].split(':')[0]}`
              : undefined
          }
        >
          <option value="">As the community (default)</option>
          {WATCH_LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </SelectField>
      )}
      <ErrorMessage error={watch.error ?? mark.error} />
    </div>
  );
}

/** A community's level and "mark all read", for its members. */
export function CommunityReadingTools({ communityId }: { communityId: string }) {
  const level = useCommunityWatch(communityId, true);
  const watch = useWatchCommunity(communityId);
  const mark = useMarkCommunitiesRead();
  const [status, setStatus] = useState('');
  return (
    <div className="reading-tools">
      {level.data && (
        <SelectField
          label="Notifications for this community"
          value={level.data}
          disabled={watch.isPending}
          onChange={(e) => watch.mutate(e.target.value as WatchLevel)}
        >
          {WATCH_LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </SelectField>
      )}
      <button
        type="button"
        className="button button--secondary"
        disabled={mark.isPending}
        onClick={async () => {
          await mark.mutateAsync(communityId);
          setStatus('All conversations here are marked as read.');
        }}
      >
        Mark all as read
      </button>
      <p role="status" className="muted">
        {status}
      </p>
      <ErrorMessage error={watch.error ?? mark.error} />
    </div>
  );
}

/** Bookmarks a thread (with an optional reminder) or one of its posts, or removes the bookmark. */
export function BookmarkButton({
  threadId,
  postId,
  withReminder = false,
}: {
  threadId: string;
  postId?: string;
  withReminder?: boolean;
}) {
  const mine = useThreadBookmarks(threadId);
  const save = useSaveBookmark();
  const remove = useDeleteBookmark();
  const [when, setWhen] = useState('');
  const [open, setOpen] = useState(false);
  const found = mine.data?.find((b) => b.postId === (postId ?? null));
  const label = postId ? 'this post' : 'this thread';
  if (!mine.data) return null;
  if (found)
    return (
      <span className="bookmark">
        <button
          type="button"
          className="link-button"
          aria-pressed="true"
          disabled={remove.isPending}
          onClick={() => remove.mutate(found.id)}
        >
          Bookmarked<span className="visually-hidden"> {label}</span> (remove)
        </button>
        {found.remindAt && (
          <span className="muted"> · reminder {new Date(found.remindAt).toLocaleString()}</span>
        )}
        <ErrorMessage error={remove.error} />
      </span>
    );
  if (!withReminder || !open)
    return (
      <span className="bookmark">
        <button
          type="button"
          className="link-button"
          aria-pressed="false"
          disabled={save.isPending}
          onClick={() =>
            withReminder ? setOpen(true) : save.mutate({ threadId: postId ? undefined : threadId, postId })
          }
        >
          Bookmark<span className="visually-hidden"> {label}</span>
        </button>
        <ErrorMessage error={save.error} />
      </span>
    );
  return (
    <form
      className="bookmark-form"
      onSubmit={async (event) => {
        event.preventDefault();
        await save.mutateAsync({
          threadId: postId ? undefined : threadId,
          postId,
          remindAt: when ? new Date(when).toISOString() : null,
        });
        setOpen(false);
      }}
    >
      <label htmlFor={`remind-${threadId}-${postId ?? 'thread'}`}>Remind me (optional)</label>
      <input
        id={`remind-${threadId}-${postId ?? 'thread'}`}
        type="datetime-local"
        value={when}
        onChange={(e) => setWhen(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          Save bookmark
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={save.error} />
    </form>
  );
}
