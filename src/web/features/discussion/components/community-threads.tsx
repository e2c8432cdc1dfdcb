import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  THREAD_TYPES,
  type ThreadListResponse,
  type ThreadSummary,
  type ThreadType,
} from '#shared/contracts/discussion.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useRealtime } from '#web/lib/realtime.ts';
import { discussionKeys, useCommunityThreads, useStartThread } from '../api/threads.ts';
import { Composer } from './composer.tsx';
import { CommunityReadingTools } from './reading.tsx';
import { formatWhen } from '#web/lib/format.ts';

export const TYPE_LABELS: Record<ThreadType, string> = {
  question: 'Question',
  reflection: 'Reflection',
  practice: 'Practice',
  announcement: 'Announcement',
};

/** The threads of a community, shown on its page, with a form to start one. */
export function CommunityThreads({
  communityId,
  canPost,
  canFacilitate,
}: {
  communityId: string;
  canPost: boolean;
  canFacilitate: boolean;
}) {
  const [type, setType] = useState<ThreadType | ''>('');
  const [composing, setComposing] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const threads = useCommunityThreads(communityId, type);
  const client = useQueryClient();
  useRealtime([`community:${communityId}`], () => {
    void client.invalidateQueries({ queryKey: discussionKeys.threads(communityId) });
  });
  const items = threads.data?.pages.flatMap((p) => p.data) ?? [];
  const reading = Object.assign(
    {},
    ...(threads.data?.pages.map((p) => p.reading) ?? []),
  ) as ThreadListResponse['reading'];

  return (
    <section className="threads" aria-labelledby="threads-heading">
      <div className="threads__head">
        <h2 id="threads-heading">Conversations</h2>
        {canFacilitate && <Link to={`/communities/${communityId}/moderation`}>Moderation queue</Link>}
      </div>
      {canPost && <CommunityReadingTools communityId={communityId} />}
      {canPost && !composing && (
        <button type="button" className="button" ref={startRef} onClick={() => setComposing(true)}>
          Start a thread
        </button>
      )}
      {canPost && composing && (
        <StartThread
          communityId={communityId}
          onDone={() => {
            setComposing(false);
            // The form closes and its button comes back: the keyboard continues there.
            requestAnimationFrame(() => startRef.current?.focus());
          }}
        />
      )}
      <SelectField label="Show" value={type} onChange={(e) => setType(e.target.value as ThreadType | '')}>
        <option value="">All types</option>
        {THREAD_TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABELS[t]}s
          </option>
        ))}
      </SelectField>
      {threads.isPending ? (
        <Loading label="Loading conversations…" />
      ) : threads.isError ? (
        <ErrorMessage error={threads.error} />
      ) : items.length === 0 ? (
        <EmptyState title={type ? 'No threads of this type yet.' : 'No conversations yet.'}>
          {canPost ? <p>Start the first one: ask a question or share a practice.</p> : null}
        </EmptyState>
      ) : (
        <ul className="thread-list">
          {items.map((thread) => (
            <ThreadItem
              key={thread.id}
              thread={thread}
              communityId={communityId}
              unread={reading[thread.id]?.unread ?? 0}
              muted={reading[thread.id]?.level === 'muted'}
            />
          ))}
        </ul>
      )}
      <LoadMore query={threads} noun="conversations" />
    </section>
  );
}

function ThreadItem({
  thread,
  communityId,
  unread,
  muted,
}: {
  thread: ThreadSummary;
  communityId: string;
  unread: number;
  muted: boolean;
}) {
  return (
    <li className={`thread-item${unread > 0 ? ' thread-item--unread' : ''}`}>
      <p className="thread-item__badges">
        {unread > 0 && <span className="tag tag--new">{unread} new</span>}
        {muted && <span className="tag">Muted</span>}
        <span className={`tag tag--${thread.type}`}>{TYPE_LABELS[thread.type]}</span>
        {thread.pinned && <span className="tag">Pinned</span>}
        {thread.locked && <span className="tag">Locked</span>}
        {thread.hasInsight && <span className="tag">Insight marked</span>}
      </p>
      <h3 className="thread-item__title">
        <Link to={`/communities/${communityId}/threads/${thread.id}`}>{thread.title}</Link>
      </h3>
      <p className="muted">
        {thread.author.name} · {thread.replyCount} {thread.replyCount === 1 ? 'reply' : 'replies'} · last
        activity <time dateTime={thread.lastPostAt}>{formatWhen(thread.lastPostAt)}</time>
      </p>
    </li>
  );
}

function StartThread({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const start = useStartThread(communityId);
  const navigate = useNavigate();
  const [type, setType] = useState<ThreadType>('question');
  const [title, setTitle] = useState('');
  const err = start.error instanceof ApiError ? start.error : null;
  return (
    <div className="card">
      <h3>Start a thread</h3>
      <Composer
        label="What would you like to say?"
        submitLabel="Post thread"
        pending={start.isPending}
        error={start.error}
        onCancel={onDone}
        draftTarget={{ kind: 'community', id: communityId }}
        draftFields={{ title, type }}
        onDraftFields={(fields) => {
          if (fields.title !== undefined) setTitle(fields.title);
          if (fields.type && (THREAD_TYPES as readonly string[]).includes(fields.type))
            setType(fields.type as ThreadType);
        }}
        canSubmit={title.trim().length > 0}
        extraFields={
          <>
            <SelectField
              label="Type"
              value={type}
              onChange={(e) => setType(e.target.value as ThreadType)}
              // The form was just opened by its button, which is gone: the keyboard continues here.
              autoFocus
              error={err?.fieldError('type')}
            >
              {THREAD_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              required
              maxLength={200}
              error={err?.fieldError('title')}
            />
          </>
        }
        onSubmit={async (draft) => {
          const thread = await start.mutateAsync({ type, title, ...draft });
          onDone();
          navigate(`/communities/${communityId}/threads/${thread.id}`);
        }}
      />
    </div>
  );
}
