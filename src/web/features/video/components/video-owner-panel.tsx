import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import type { VideoDetail } from '#shared/contracts/video.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { formatWhen } from '#web/lib/format.ts';
import {
  useCaptionsText,
  useDeleteVideo,
  useGrants,
  useSaveCaptions,
  useShareCandidates,
  useShareVideo,
  useUnshareVideo,
  useUpdateVideo,
  useViews,
} from '../api/videos.ts';
import { clock } from './video-player.tsx';

/** What only the video's owner sees: who it is shared with, who watched, captions, trim and delete. */
export function VideoOwnerPanel({ video }: { video: VideoDetail }) {
  return (
    <div className="video-owner">
      <Sharing videoId={video.id} />
      <Viewers videoId={video.id} />
      <Captions videoId={video.id} hasCaptions={video.captions !== null} />
      {video.status === 'ready' && <Trim video={video} />}
      <DeleteVideo videoId={video.id} title={video.title} />
    </div>
  );
}

function Sharing({ videoId }: { videoId: string }) {
  const grants = useGrants(videoId, true);
  const unshare = useUnshareVideo(videoId);
  const active = (grants.data ?? []).filter((g) => !g.revokedAt);
  return (
    <section aria-labelledby={`share-${videoId}`}>
      <h3 id={`share-${videoId}`}>Who may watch</h3>
      <p>
        Only you, unless you invite people to a coaching cycle, share a clip with a community or attach it as
        evidence.
      </p>
      {active.length === 0 ? (
        <p>Nobody else.</p>
      ) : (
        <ul>
          {active.map((g) => (
            <li key={g.id}>
              {'user' in g.to ? g.to.user.name : `Members of ${g.to.community.name}`}
              {g.clip ? ` (clip ${clock(g.clip.start)}–${clock(g.clip.end)})` : ''} ·{' '}
              {describeSource(g.source)}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => unshare.mutate(g.id)}
                disabled={unshare.isPending}
              >
                Stop sharing
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={grants.error ?? unshare.error} />
      <SharePicker videoId={videoId} />
    </section>
  );
}

/**
 * Share the whole video with a colleague: the names offered are those the server says she may share
 * with now (her district or network, her district alone when its policy says so), never the whole
 * directory.
 */
function SharePicker({ videoId }: { videoId: string }) {
  const [q, setQ] = useState('');
  const candidates = useShareCandidates(videoId, q);
  const share = useShareVideo(videoId);
  const inputId = useId();
  const hintId = useId();
  const people = candidates.data ?? [];
  return (
    <div className="video-share-picker">
      <label htmlFor={inputId}>Share with a colleague</label>
      <p id={hintId} className="field__hint">
        Type a name. Only people your district lets you share lesson videos with are offered.
      </p>
      <input
        id={inputId}
        type="search"
        value={q}
        aria-describedby={hintId}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
      />
      {q.trim() && candidates.isSuccess && people.length === 0 && (
        <p className="muted" role="status">
          No one by that name you may share this video with.
        </p>
      )}
      {people.length > 0 && (
        <ul aria-label="People you may share with">
          {people.map((p) => (
            <li key={p.id}>
              {p.name}
              {p.districtName ? ` (${p.districtName})` : ''}{' '}
              <button
                type="button"
                className="link-button"
                disabled={share.isPending}
                onClick={() => share.mutate({ userId: p.id }, { onSuccess: () => setQ('') })}
              >
                Share with {p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={candidates.error ?? share.error} />
    </div>
  );
}

const describeSource = (source: string) =>
  source.startsWith('coaching:')
    ? 'coaching cycle'
    : source.startsWith('library:')
      ? 'community library'
      : source.startsWith('evidence:')
        ? 'credential evidence'
        : 'shared by you';

function Viewers({ videoId }: { videoId: string }) {
  const views = useViews(videoId, true);
  return (
    <section aria-labelledby={`views-${videoId}`}>
      <h3 id={`views-${videoId}`}>Who watched</h3>
      {views.data && views.data.length === 0 && <p>Nobody has watched it yet.</p>}
      {views.data && views.data.length > 0 && (
        <ul>
          {views.data.map((v) => (
            <li key={`${v.viewer.id}-${v.startedAt}`}>
              {v.viewer.name}, {formatWhen(v.startedAt)}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={views.error} />
    </section>
  );
}

function Captions({ videoId, hasCaptions }: { videoId: string; hasCaptions: boolean }) {
  const id = useId();
  const current = useCaptionsText(videoId, hasCaptions);
  const save = useSaveCaptions(videoId);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? current.data?.vtt ?? '';
  const fieldError =
    save.error && 'fieldError' in save.error
      ? (save.error as { fieldError(f: string): string | undefined }).fieldError('vtt')
      : undefined;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Captions and transcript</h3>
      <p>
        Upload a WebVTT file or paste and edit its text; the transcript beside the video is made from it.
        Automatic captioning is not set up on this Trellis.
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>WebVTT file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".vtt,text/vtt"
          onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
        />
      </div>
      <div className={`field${fieldError ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-vtt`}>Captions (WebVTT)</label>
        <textarea
          id={`${id}-vtt`}
          rows={8}
          value={value}
          placeholder={'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGood morning, everyone.'}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={Boolean(fieldError) || undefined}
          aria-describedby={fieldError ? `${id}-vtt-error` : undefined}
        />
        {fieldError && (
          <p className="field__error" id={`${id}-vtt-error`}>
            {fieldError}
          </p>
        )}
      </div>
      <button
        type="button"
        onClick={() => save.mutate({ vtt: value, language: 'en' }, { onSuccess: () => setText(null) })}
        disabled={save.isPending || !value.trim()}
      >
        Save captions
      </button>
      {save.isSuccess && <p role="status">Captions saved.</p>}
      {save.error && !fieldError && <ErrorMessage error={save.error} />}
    </section>
  );
}

function Trim({ video }: { video: VideoDetail }) {
  const id = useId();
  const update = useUpdateVideo(video.id);
  const [start, setStart] = useState(String(video.trim?.start ?? 0));
  const [end, setEnd] = useState(String(video.trim?.end ?? Math.floor(video.durationSeconds ?? 0)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ trim: { start: Number(start), end: Number(end) } });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Trim</h3>
      <p>Keep only part of the lesson (in seconds). The video is converted again.</p>
      <div className="field">
        <label htmlFor={`${id}-start`}>Start (seconds)</label>
        <input
          id={`${id}-start`}
          type="number"
          min={0}
          step="0.1"
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-end`}>End (seconds)</label>
        <input
          id={`${id}-end`}
          type="number"
          min={0}
          step="0.1"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
        />
      </div>
      <ErrorMessage error={update.error} />
      <button type="submit" disabled={update.isPending}>
        Trim the video
      </button>
      {video.trim && (
        <button type="button" className="button--secondary" onClick={() => update.mutate({ trim: null })}>
          Keep the whole video
        </button>
      )}
    </form>
  );
}

function DeleteVideo({ videoId, title }: { videoId: string; title: string }) {
  const remove = useDeleteVideo(videoId);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  return (
    <section>
      <h3>Delete</h3>
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm deleting the video">
          <p>Delete “{title}” with its comments and captions? Nobody will be able to watch it again.</p>
          <button
            type="button"
            className="button--danger"
            onClick={() => remove.mutate(undefined, { onSuccess: () => void navigate('/videos') })}
            disabled={remove.isPending}
          >
            Delete the video
          </button>{' '}
          <button type="button" className="button--secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="button--secondary" onClick={() => setConfirming(true)}>
          Delete this video…
        </button>
      )}
      <ErrorMessage error={remove.error} />
    </section>
  );
}
