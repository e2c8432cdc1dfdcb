import { type FormEvent, useState } from 'react';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useMyVideos, useShareClip } from '../api/library.ts';
import { formatClock, parseClock } from './clip-time.ts';

/**
 * Shares a part of one of the teacher's own lessons with the community: a clip unless they choose
 * the whole video, its comments hidden unless they choose to show them.
 */
export function ShareClipForm({ communityId, onShared }: { communityId: string; onShared?: () => void }) {
  const videos = useMyVideos();
  const share = useShareClip(communityId);
  const [videoId, setVideoId] = useState('');
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [start, setStart] = useState('0:00');
  const [end, setEnd] = useState('');
  const [wholeVideo, setWholeVideo] = useState(false);
  const [showComments, setShowComments] = useState(false);
  const [checked, setChecked] = useState(false);

  const ready = (videos.data?.data ?? []).filter((v) => v.mine && v.status === 'ready');
  const chosen = ready.find((v) => v.id === videoId);
  const startSeconds = parseClock(start);
  const endSeconds = parseClock(end);
  const local = {
    videoId: videoId ? undefined : 'Choose one of your lesson videos.',
    title: title.trim() ? undefined : 'Give the clip a title members will recognise.',
    start: wholeVideo || startSeconds !== undefined ? undefined : 'Enter a time such as 1:15.',
    end: wholeVideo
      ? undefined
      : endSeconds === undefined
        ? 'Enter a time such as 3:40.'
        : startSeconds !== undefined && endSeconds <= startSeconds
          ? 'The end must come after the start.'
          : chosen?.durationSeconds && endSeconds > chosen.durationSeconds + 0.5
            ? `The lesson is ${formatClock(chosen.durationSeconds)} long.`
            : undefined,
  };
  const serverError = share.error instanceof ApiError ? share.error : null;
  const fieldError = (field: keyof typeof local, path: string) =>
    (checked ? local[field] : undefined) ??
    serverError?.problem.errors.find((e) => e.path.startsWith(path))?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(local).some(Boolean)) return;
    share.mutate(
      {
        videoId,
        title: title.trim(),
        note: note.trim(),
        wholeVideo,
        clip: wholeVideo ? null : { start: startSeconds ?? 0, end: endSeconds ?? 0 },
        hideComments: !showComments,
      },
      {
        onSuccess: () => {
          setChecked(false);
          setTitle('');
          setNote('');
          onShared?.();
        },
      },
    );
  };

  if (videos.isError) return <ErrorMessage error={videos.error} />;
  return (
    <form onSubmit={submit} noValidate aria-label="Share a clip with the community">
      {share.isSuccess && (
        <Notice>
          <p>Shared. Members can watch the clip now; you can take it back at any time.</p>
        </Notice>
      )}
      {serverError && serverError.problem.errors.length === 0 && <ErrorMessage error={share.error} />}
      <SelectField
        label="Lesson video"
        hint={
          ready.length === 0 && !videos.isPending
            ? 'You have no lesson video ready to share yet: upload one from My videos.'
            : 'Only your own videos, once they are ready to play.'
        }
        value={videoId}
        error={fieldError('videoId', '/body/videoId')}
        onChange={(e) => setVideoId(e.target.value)}
      >
        <option value="">Choose a video…</option>
        {ready.map((v) => (
          <option key={v.id} value={v.id}>
            {v.title}
            {v.durationSeconds ? ` (${formatClock(v.durationSeconds)})` : ''}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Title of the clip"
        value={title}
        maxLength={200}
        error={fieldError('title', '/body/title')}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextArea
        label="What to watch for (optional)"
        rows={3}
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <fieldset>
        <legend>Part of the lesson</legend>
        <div className="actions">
          <TextField
            label="Starts at"
            inputMode="numeric"
            value={start}
            disabled={wholeVideo}
            error={fieldError('start', '/body/clip/start')}
            onChange={(e) => setStart(e.target.value)}
          />
          <TextField
            label="Ends at"
            inputMode="numeric"
            placeholder="3:40"
            value={end}
            disabled={wholeVideo}
            error={fieldError('end', '/body/clip')}
            onChange={(e) => setEnd(e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={wholeVideo} onChange={(e) => setWholeVideo(e.target.checked)} />{' '}
          Share the whole lesson instead of a clip
        </label>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={showComments} onChange={(e) => setShowComments(e.target.checked)} />{' '}
        Show the comments on this part to members
      </label>
      <p className="field__hint">Unless you tick this, members see the clip without anyone’s comments.</p>
      <button type="submit" className="button" disabled={share.isPending}>
        {share.isPending ? 'Sharing…' : 'Share with the community'}
      </button>
    </form>
  );
}
