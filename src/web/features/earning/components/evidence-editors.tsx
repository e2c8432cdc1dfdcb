import { useId, useState } from 'react';
import type { ActivityView, EvidenceAnswerInput, EvidencePromptView } from '#shared/contracts/submissions.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { useMyVideos } from '#web/features/video-library/api/library.ts';
import { formatClock, parseClock } from '#web/features/video-library/components/clip-time.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useActivityOptions } from '../api/activity-options.ts';
import { useResourceChoices } from '../api/search-choices.ts';
import {
  EVIDENCE_FILE_ACCEPT,
  EVIDENCE_VIDEO_ACCEPT,
  uploadEvidenceFile,
} from '../api/upload-evidence-file.ts';

export interface EditorProps {
  submissionId: string;
  prompt: EvidencePromptView;
  answer: EvidenceAnswerInput | undefined;
  onChange: (answer: EvidenceAnswerInput | undefined) => void;
  error?: string;
  csrfToken: string | null;
  activities: ActivityView[];
}

const label = (prompt: EvidencePromptView) => `${prompt.prompt}${prompt.required ? ' (required)' : ''}`;

function ReflectionEditor({ prompt, answer, onChange, error }: EditorProps) {
  return (
    <TextArea
      label={label(prompt)}
      rows={8}
      maxLength={20_000}
      value={answer?.text ?? ''}
      error={error}
      hint="Up to 20,000 characters."
      onChange={(e) =>
        onChange(
          e.target.value
            ? { promptId: prompt.id, text: e.target.value, private: answer?.private }
            : undefined,
        )
      }
    />
  );
}

function LinkEditor({ prompt, answer, onChange, error }: EditorProps) {
  return (
    <TextField
      label={label(prompt)}
      type="url"
      inputMode="url"
      placeholder="https://"
      value={answer?.url ?? ''}
      error={error}
      onChange={(e) =>
        onChange(
          e.target.value
            ? { promptId: prompt.id, url: e.target.value.trim(), private: answer?.private }
            : undefined,
        )
      }
    />
  );
}

/** Uploads a document or a video, with progress. */
function FileEditor({ submissionId, prompt, answer, onChange, error, csrfToken }: EditorProps) {
  const id = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const video = prompt.kind === 'video';
  async function upload(file: File) {
    setUploadError(null);
    setProgress(0);
    try {
      const uploaded = await uploadEvidenceFile(submissionId, prompt.id, file, {
        csrfToken,
        onProgress: setProgress,
      });
      onChange({
        promptId: prompt.id,
        fileId: uploaded.fileId,
        filename: uploaded.filename,
        private: answer?.private,
      });
    } catch (e) {
      setUploadError(e);
    } finally {
      setProgress(null);
    }
  }
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={`${id}-file`}>{label(prompt)}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {video
          ? 'A video file: MP4, WebM or QuickTime.'
          : 'A PDF, Word, Excel or PowerPoint file, an image, or plain text.'}
      </p>
      {answer?.fileId && (
        <p>
          Uploaded:{' '}
          <a href={`/api/submissions/${submissionId}/files/${answer.fileId}`} download={answer.filename}>
            {answer.filename ?? 'file'}
          </a>{' '}
          <button type="button" className="button button--secondary" onClick={() => onChange(undefined)}>
            Remove {answer.filename ?? 'file'}
          </button>
        </p>
      )}
      <input
        id={`${id}-file`}
        type="file"
        accept={video ? EVIDENCE_VIDEO_ACCEPT : EVIDENCE_FILE_ACCEPT}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        disabled={progress !== null}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
          e.target.value = '';
        }}
      />
      {progress !== null && (
        <p role="status">
          <progress max={1} value={progress} aria-label={`Uploading for “${prompt.prompt}”`}>
            {Math.round(progress * 100)}%
          </progress>{' '}
          Uploading… {Math.round(progress * 100)}%
        </p>
      )}
      <ErrorMessage error={uploadError} />
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Searches the library for a resource to offer as evidence. */
function ResourceEditor({ prompt, answer, onChange, error }: EditorProps) {
  const id = useId();
  const [q, setQ] = useState('');
  const [chosenTitle, setChosenTitle] = useState<string | null>(null);
  const results = useResourceChoices(q);
  const found = results.data?.data ?? [];
  return (
    <fieldset className={`field${error ? ' field--invalid' : ''}`}>
      <legend>{label(prompt)}</legend>
      {answer?.resourceId && (
        <p>
          Chosen: <a href={`/resources/${answer.resourceId}`}>{chosenTitle ?? 'the shared resource'}</a>{' '}
          <button type="button" className="button button--secondary" onClick={() => onChange(undefined)}>
            Remove the resource
          </button>
        </p>
      )}
      <label htmlFor={`${id}-q`}>Search the library</label>
      <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <p role="status" className="muted">
        {q.trim().length > 1 && !results.isPending ? `${found.length} resources found` : ''}
      </p>
      {found.length > 0 && (
        <ul className="choice-list">
          {found.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="button button--secondary"
                aria-pressed={answer?.resourceId === r.id}
                onClick={() => {
                  setChosenTitle(r.title);
                  onChange({ promptId: prompt.id, resourceId: r.id, private: answer?.private });
                }}
              >
                {r.title}
              </button>{' '}
              <span className="muted">by {r.owner.name}</span>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}

/** Chooses one of one's recent activities in Trellis as evidence. */
function ActivityEditor({ prompt, answer, onChange, error, activities }: EditorProps) {
  const id = useId();
  const options = useActivityOptions(true);
  const known = new Map([...activities, ...(options.data ?? [])].map((a) => [a.id, a]));
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label(prompt)}</label>
      <select
        id={id}
        value={answer?.statementId ?? ''}
        aria-invalid={error ? true : undefined}
        onChange={(e) =>
          onChange(
            e.target.value
              ? { promptId: prompt.id, statementId: e.target.value, private: answer?.private }
              : undefined,
          )
        }
      >
        <option value="">{options.isPending ? 'Loading your activities…' : 'Choose an activity'}</option>
        {[...known.values()].map((a) => (
          <option key={a.id} value={a.id}>
            {a.verb} “{a.name}” — {formatWhen(a.timestamp)}
          </option>
        ))}
      </select>
      {options.isError && <ErrorMessage error={options.error} />}
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}

/**
 * The choice to make an answer public, shown from the start (before anything is written) and off
 * until the earner turns it on: a public answer is quoted in the credential, which anyone who holds
 * it can read; a private one is seen by the earner, teammates and assessors only.
 */
function PublicChoice({
  prompt,
  checked,
  onToggle,
}: {
  prompt: EvidencePromptView;
  checked: boolean;
  onToggle: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="evidence-private">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={`${id}-hint`}
          onChange={(e) => onToggle(e.target.checked)}
        />{' '}
        Make this answer public
        <span className="visually-hidden"> (“{prompt.prompt}”)</span>
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        {checked
          ? 'Public: quoted in the credential, which anyone you share it with can read.'
          : 'Private: only you, your teammates and the assessors see it.'}
      </p>
    </div>
  );
}

/**
 * A classroom video prompt: a clip of one of the earner's lesson videos (with or without its
 * comments, with their consent that assessors watch it), or a video file uploaded here instead.
 */
function VideoEditor(props: EditorProps) {
  const { prompt, answer, onChange, error } = props;
  const id = useId();
  const videos = useMyVideos();
  const clip = answer?.videoClip;
  const [start, setStart] = useState(clip ? formatClock(clip.start) : '0:00');
  const [end, setEnd] = useState(clip ? formatClock(clip.end) : '');
  const [videoId, setVideoId] = useState(clip?.videoId ?? '');
  const [withComments, setWithComments] = useState(clip?.withComments ?? true);
  const [consent, setConsent] = useState(answer?.videoConsent ?? Boolean(clip));
  const [problem, setProblem] = useState<string | null>(null);
  const ready = (videos.data?.data ?? []).filter((v) => v.mine && v.status === 'ready');
  if (answer?.fileId) return <FileEditor {...props} />;

  const offer = () => {
    const s = parseClock(start);
    const e = parseClock(end);
    if (!videoId) return setProblem('Choose one of your lesson videos.');
    if (s === undefined || e === undefined)
      return setProblem('Enter the start and end as times such as 1:15.');
    if (e <= s) return setProblem('The end must come after the start.');
    if (!consent) return setProblem('Confirm that the assessors may watch this clip.');
    setProblem(null);
    onChange({
      promptId: prompt.id,
      videoClip: { videoId, start: s, end: e, withComments },
      videoConsent: true,
      private: true,
    });
  };

  return (
    <fieldset className={`field${error || problem ? ' field--invalid' : ''}`}>
      <legend>{label(prompt)}</legend>
      {clip ? (
        <p>
          Offered: {ready.find((v) => v.id === clip.videoId)?.title ?? 'a clip of your lesson'},{' '}
          {formatClock(clip.start)}–{formatClock(clip.end)}
          {clip.withComments ? ', with its comments' : ', without comments'}.{' '}
          <button type="button" className="button button--secondary" onClick={() => onChange(undefined)}>
            Remove the clip
          </button>
        </p>
      ) : (
        <>
          <SelectField
            label="Lesson video"
            hint={
              ready.length === 0 && !videos.isPending
                ? 'You have no lesson video ready yet: upload one from My videos, or upload a file below.'
                : 'A clip of one of your own lessons, played to assessors in Trellis’s player.'
            }
            value={videoId}
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
          <div className="actions">
            <TextField
              label="Clip starts at"
              inputMode="numeric"
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
            <TextField
              label="Clip ends at"
              inputMode="numeric"
              placeholder="3:40"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={withComments}
              onChange={(e) => setWithComments(e.target.checked)}
            />{' '}
            Include the comments on this part
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> I agree
            that this credential’s assessors may watch this clip{withComments ? ' and read its comments' : ''}
          </label>
          <p>
            <button type="button" className="button button--secondary" onClick={offer}>
              Offer this clip as evidence
            </button>
          </p>
        </>
      )}
      {(problem || error) && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {problem ?? error}
        </p>
      )}
      {!clip && (
        <details>
          <summary>Or upload a video file instead</summary>
          <FileEditor {...props} />
        </details>
      )}
    </fieldset>
  );
}

function KindEditor(props: EditorProps) {
  switch (props.prompt.kind) {
    case 'file':
      return <FileEditor {...props} />;
    case 'video':
      return <VideoEditor {...props} />;
    case 'reflection':
      return <ReflectionEditor {...props} />;
    case 'link':
      return <LinkEditor {...props} />;
    case 'resource':
      return <ResourceEditor {...props} />;
    case 'activity':
      return <ActivityEditor {...props} />;
  }
}

/** The editor for one prompt, by its kind, with the choice to make the answer public (private until chosen). */
export function EvidenceEditor(props: EditorProps) {
  const { answer, onChange } = props;
  const [publicChoice, setPublicChoice] = useState(answer?.private === false);
  const isPublic = answer ? answer.private === false : publicChoice;
  return (
    <div className="evidence-answer">
      <KindEditor
        {...props}
        onChange={(next) => onChange(next ? { ...next, private: !isPublic } : undefined)}
      />
      <PublicChoice
        prompt={props.prompt}
        checked={isPublic}
        onToggle={(checked) => {
          setPublicChoice(checked);
          if (answer) onChange({ ...answer, private: !checked });
        }}
      />
    </div>
  );
}
