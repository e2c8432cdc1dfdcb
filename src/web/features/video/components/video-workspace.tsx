import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import type { CommentTagKind, VideoComment, VideoDetail, VideoAbilities } from '#shared/contracts/video.ts';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddComment, useCommentStems, useDeleteComment, useVideo } from '../api/videos.ts';
import { clock, type PlayerHandle, PlayerFor } from './video-player.tsx';

export interface CommentTag {
  kind: CommentTagKind;
  id: string | null;
  label: string;
}

/**
 * A video with everything people do on it: the player with the comments as markers, time-stamped
 * tagged comments (stems offered) and replies, and the transcript to search and seek by. What the
 * caller may do comes from the server's `abilities`. Coaching cycles, the community library and
 * credential evidence embed this.
 */
export function VideoWorkspace({ videoId, tags = [] }: { videoId: string; tags?: CommentTag[] }) {
  const video = useVideo(videoId);
  if (video.isPending) return <Loading label="Loading the video…" />;
  if (video.error)
    return video.error instanceof ApiError && video.error.status === 404 ? (
      <p className="notice">This video has been removed by its owner, or is no longer shared with you.</p>
    ) : (
      <ErrorMessage error={video.error} />
    );
  return <Workspace video={video.data.data} abilities={video.data.abilities} tags={tags} />;
}

function Workspace({
  video,
  abilities,
  tags,
}: {
  video: VideoDetail;
  abilities: VideoAbilities;
  tags: CommentTag[];
}) {
  const player = useRef<PlayerHandle>(null);
  const [now, setNow] = useState(0);
  const topLevel = video.comments.filter((c) => !c.parentId);
  const replies = useMemo(() => {
    const map = new Map<string, VideoComment[]>();
    for (const c of video.comments) if (c.parentId) map.set(c.parentId, [...(map.get(c.parentId) ?? []), c]);
    return map;
  }, [video.comments]);
  const markers = topLevel.map((c) => ({
    atSeconds: c.atSeconds,
    label: c.tag ? `${c.tag.label}: ${c.body}` : c.body,
  }));
  const seek = (seconds: number) => player.current?.seek(seconds);

  return (
    <div className="video-workspace">
      <div>
        <h2 className="visually-hidden">{video.title}</h2>
        <PlayerFor
          video={video}
          markers={abilities.seeComments ? markers : []}
          onTime={setNow}
          handle={player}
        />
        {video.captions && <Transcript cues={video.captions.cues} now={now} onSeek={seek} />}
      </div>
      {abilities.seeComments && (
        <section aria-labelledby={`comments-${video.id}`}>
          <h3 id={`comments-${video.id}`}>Comments ({topLevel.length})</h3>
          {abilities.comment && video.status === 'ready' && (
            <CommentForm
              videoId={video.id}
              tags={tags}
              currentTime={() => player.current?.currentTime() ?? now}
            />
          )}
          {topLevel.length === 0 ? (
            <p>No comments yet. Pause at a moment and say what you notice.</p>
          ) : (
            <ol className="video-comments">
              {topLevel.map((c) => (
                <li key={c.id}>
                  <CommentView
                    comment={c}
                    videoId={video.id}
                    onSeek={seek}
                    canRemove={c.mine || abilities.manage}
                  />
                  {(replies.get(c.id) ?? []).length > 0 && (
                    <ol aria-label="Replies">
                      {(replies.get(c.id) ?? []).map((r) => (
                        <li key={r.id}>
                          <CommentView
                            comment={r}
                            videoId={video.id}
                            onSeek={seek}
                            canRemove={r.mine || abilities.manage}
                          />
                        </li>
                      ))}
                    </ol>
                  )}
                  {abilities.reply && <ReplyForm videoId={video.id} parent={c} />}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}

function CommentView({
  comment,
  videoId,
  onSeek,
  canRemove,
}: {
  comment: VideoComment;
  videoId: string;
  onSeek: (s: number) => void;
  canRemove: boolean;
}) {
  const remove = useDeleteComment(videoId);
  return (
    <article className="video-comment">
      <p>
        {!comment.parentId && (
          <button
            type="button"
            className="link-button video-time"
            onClick={() => onSeek(comment.atSeconds)}
            aria-label={`Play from ${clock(comment.atSeconds)}`}
          >
            {clock(comment.atSeconds)}
          </button>
        )}{' '}
        <strong>{comment.author.name}</strong>{' '}
        {comment.tag && <span className="video-tag">{comment.tag.label}</span>}
      </p>
      <p className="video-comment__body">{comment.body}</p>
      {canRemove && (
        <button
          type="button"
          className="link-button"
          onClick={() => remove.mutate(comment.id)}
          disabled={remove.isPending}
        >
          Remove
        </button>
      )}
      <ErrorMessage error={remove.error} />
    </article>
  );
}

function CommentForm({
  videoId,
  tags,
  currentTime,
}: {
  videoId: string;
  tags: CommentTag[];
  currentTime: () => number;
}) {
  const id = useId();
  const add = useAddComment(videoId);
  const stems = useCommentStems();
  const [body, setBody] = useState('');
  const [tagChoice, setTagChoice] = useState('');
  const [freeTag, setFreeTag] = useState('');
  const [at, setAt] = useState<number | null>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  const moment = at ?? currentTime();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = tags.find((_t, i) => String(i) === tagChoice);
    const tag = chosen
      ? { kind: chosen.kind, id: chosen.id, label: chosen.label }
      : freeTag.trim()
        ? { kind: 'free' as const, id: null, label: freeTag.trim() }
        : null;
    add.mutate(
      { atSeconds: Math.round(moment * 10) / 10, body, tag },
      {
        onSuccess: () => {
          setBody('');
          setAt(null);
          setFreeTag('');
        },
      },
    );
  };
  const error = add.error instanceof ApiError ? add.error : null;

  return (
    <form onSubmit={submit} className="video-comment-form" aria-label="Comment on this moment">
      <p>
        At <span className="video-time">{clock(moment)}</span>{' '}
        <button type="button" className="link-button" onClick={() => setAt(currentTime())}>
          Use the paused moment
        </button>
      </p>
      {stems.data && (
        <fieldset className="video-stems">
          <legend className="visually-hidden">Comment stems</legend>
          {stems.data.map((stem) => (
            <button
              key={stem}
              type="button"
              className="button--secondary"
              onClick={() => {
                setAt(at ?? currentTime());
                setBody((b) => (b ? `${b} ${stem}` : stem));
                text.current?.focus();
              }}
            >
              {stem}
            </button>
          ))}
        </fieldset>
      )}
      <div className={`field${error?.fieldError('body') ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-body`}>Your comment</label>
        <textarea
          id={`${id}-body`}
          ref={text}
          value={body}
          rows={3}
          required
          onFocus={() => setAt(at ?? currentTime())}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={Boolean(error?.fieldError('body')) || undefined}
        />
        {error?.fieldError('body') && <p className="field__error">{error.fieldError('body')}</p>}
      </div>
      {tags.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <select id={`${id}-tag`} value={tagChoice} onChange={(e) => setTagChoice(e.target.value)}>
            <option value="">No focus or rubric row</option>
            {tags.map((t, i) => (
              <option key={`${t.kind}-${t.id ?? t.label}`} value={String(i)}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {tagChoice === '' && (
        <div className="field">
          <label htmlFor={`${id}-free`}>Free tag (optional)</label>
          <input
            id={`${id}-free`}
            value={freeTag}
            maxLength={120}
            onChange={(e) => setFreeTag(e.target.value)}
          />
        </div>
      )}
      <ErrorMessage error={error && !error.fieldError('body') ? error : null} />
      <button type="submit" disabled={add.isPending || body.trim() === ''}>
        {add.isPending ? 'Saving…' : 'Comment'}
      </button>
    </form>
  );
}

function ReplyForm({ videoId, parent }: { videoId: string; parent: VideoComment }) {
  const id = useId();
  const add = useAddComment(videoId);
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Reply to {parent.author.name}
      </button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { atSeconds: parent.atSeconds, body, parentId: parent.id },
          {
            onSuccess: () => {
              setBody('');
              setOpen(false);
            },
          },
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-reply`}>Reply to {parent.author.name}</label>
        <textarea
          id={`${id}-reply`}
          rows={2}
          value={body}
          required
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending || body.trim() === ''}>
        Reply
      </button>{' '}
      <button type="button" className="button--secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** The captions as a transcript: searchable, each line plays from its moment. */
function Transcript({
  cues,
  now,
  onSeek,
}: {
  cues: { start: number; end: number; text: string }[];
  now: number;
  onSeek: (s: number) => void;
}) {
  const id = useId();
  const [search, setSearch] = useState('');
  const words = search.trim().toLowerCase();
  const shown = words ? cues.filter((c) => c.text.toLowerCase().includes(words)) : cues;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Transcript</h3>
      <div className="field">
        <label htmlFor={`${id}-search`}>Search the transcript</label>
        <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <p role="status" className="visually-hidden">
        {words ? `${shown.length} lines match` : ''}
      </p>
      {shown.length === 0 ? (
        <p>No line says “{search}”.</p>
      ) : (
        <ol className="video-transcript">
          {shown.map((c) => (
            <li key={`${c.start}-${c.text}`}>
              <button
                type="button"
                className={now >= c.start && now < c.end ? 'is-current' : undefined}
                onClick={() => onSeek(c.start)}
              >
                <span className="video-time">{clock(c.start)}</span> {c.text}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
