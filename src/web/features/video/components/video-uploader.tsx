import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Upload } from 'tus-js-client';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { useVideoPolicy } from '../api/videos.ts';

const size = (bytes: number) =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;

/** The longest clip recorded in the browser. */
const MAX_RECORDING_SECONDS = 5 * 60;

/**
 * Uploads a lesson video, or a short clip recorded here, resumably (tus): a dropped connection is
 * retried, and choosing the same file again after a reload carries on where it stopped. The teacher
 * confirms consent under the district's policy first. `onUploaded` gets the new video's id.
 */
export function VideoUploader({ onUploaded }: { onUploaded?: (videoId: string) => void }) {
  const id = useId();
  const policy = useVideoPolicy();
  const session = useSession();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [consent, setConsent] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [resumed, setResumed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ title?: string; file?: string; consent?: string }>({});
  const [done, setDone] = useState(false);
  const upload = useRef<Upload | null>(null);

  useEffect(() => () => void upload.current?.abort(), []);

  if (policy.isPending) return <Loading />;
  if (policy.error) return <ErrorMessage error={policy.error} />;
  if (!policy.data.videoAllowed)
    return <p className="notice">Your district does not allow lesson videos in Trellis.</p>;
  const max = policy.data.maxUploadBytes;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof fieldErrors = {};
    if (!title.trim()) problems.title = 'Give the video a title.';
    if (!file) problems.file = 'Choose a video file or record a clip.';
    else if (file.size > max)
      problems.file = `This file is ${size(file.size)}; videos may be at most ${size(max)}.`;
    if (!consent) problems.consent = 'Confirm consent before uploading.';
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0 || !file) return;
    setError(null);
    setDone(false);
    const tus = new Upload(file, {
      endpoint: '/api/video-uploads',
      chunkSize: 16 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: { title: title.trim(), filename: file.name, filetype: file.type, consent: 'yes' },
      headers: { 'x-csrf-token': session.data?.csrfToken ?? '' },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => setProgress(total ? sent / total : 0),
      onError: (failure) => {
        const body = (failure as { originalResponse?: { getBody(): string } }).originalResponse?.getBody();
        setError(body || 'The upload stopped. Check your connection and choose the file again to carry on.');
        setProgress(null);
      },
      onSuccess: () => {
        const videoId = tus.url?.split('/').pop() ?? '';
        setProgress(null);
        setDone(true);
        setFile(null);
        setTitle('');
        setConsent(false);
        void client.invalidateQueries({ queryKey: ['videos'] });
        if (videoId) onUploaded?.(videoId);
      },
    });
    upload.current = tus;
    const previous = await tus.findPreviousUploads();
    if (previous.length > 0) {
      tus.resumeFromPreviousUpload(previous[0]);
      setResumed(true);
    }
    setProgress(0);
    tus.start();
  };

  const uploading = progress !== null;
  return (
    <form onSubmit={start} className="video-uploader" aria-label="Upload a lesson video" noValidate>
      <div className={`field${fieldErrors.title ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={Boolean(fieldErrors.title) || undefined}
          aria-describedby={fieldErrors.title ? `${id}-title-error` : undefined}
        />
        {fieldErrors.title && (
          <p className="field__error" id={`${id}-title-error`}>
            {fieldErrors.title}
          </p>
        )}
      </div>
      <div className={`field${fieldErrors.file ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-file`}>Video file</label>
        <p className="field__hint" id={`${id}-file-hint`}>
          MP4, MOV or WebM from a phone or laptop, up to {size(max)}. If the upload stops, choose the same
          file again and it carries on.
        </p>
        <input
          id={`${id}-file`}
          type="file"
          accept="video/*"
          disabled={uploading}
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            if (chosen && !title) setTitle(chosen.name.replace(/\.[^.]+$/, '').slice(0, 200));
          }}
          aria-invalid={Boolean(fieldErrors.file) || undefined}
          aria-describedby={`${id}-file-hint${fieldErrors.file ? ` ${id}-file-error` : ''}`}
        />
        {fieldErrors.file && (
          <p className="field__error" id={`${id}-file-error`}>
            {fieldErrors.file}
          </p>
        )}
      </div>
      <ClipRecorder
        disabled={uploading}
        onRecorded={(clip) => {
          setFile(clip);
          if (!title) setTitle('Recorded clip');
        }}
      />
      {file && (
        <p>
          Ready to upload: {file.name} ({size(file.size)})
        </p>
      )}
      <div className={`field field--checkbox${fieldErrors.consent ? ' field--invalid' : ''}`}>
        <input
          id={`${id}-consent`}
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
          aria-invalid={Boolean(fieldErrors.consent) || undefined}
          aria-describedby={fieldErrors.consent ? `${id}-consent-error` : undefined}
        />
        <label htmlFor={`${id}-consent`}>{policy.data.consentText}</label>
        {fieldErrors.consent && (
          <p className="field__error" id={`${id}-consent-error`}>
            {fieldErrors.consent}
          </p>
        )}
      </div>
      <p>The video stays private to you unless you share it.</p>
      {uploading && (
        <div role="status">
          <p>
            {resumed ? 'Carrying on an earlier upload: ' : 'Uploading: '}
            {Math.floor((progress ?? 0) * 100)}%
          </p>
          <progress max={1} value={progress ?? 0} aria-label="Upload progress" />
          <button
            type="button"
            className="button--secondary"
            onClick={() => void upload.current?.abort().then(() => setProgress(null))}
          >
            Pause
          </button>
        </div>
      )}
      {error && (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {done && (
        <p className="notice notice--ok" role="status">
          Uploaded. Trellis is converting the video; it will be ready to watch shortly.
        </p>
      )}
      <button type="submit" disabled={uploading}>
        {uploading ? 'Uploading…' : 'Upload'}
      </button>
    </form>
  );
}

/** Records a short clip with the device's camera and microphone (MediaRecorder), to upload like a file. */
function ClipRecorder({ onRecorded, disabled }: { onRecorded: (file: File) => void; disabled: boolean }) {
  const [state, setState] = useState<'idle' | 'recording' | 'unavailable'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [seconds, setSeconds] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const preview = useRef<HTMLVideoElement>(null);

  useEffect(
    () => () => {
      for (const track of recorder.current?.stream.getTracks() ?? []) track.stop();
    },
    [],
  );
  useEffect(() => {
    if (state !== 'recording') return;
    const timer = setInterval(() => {
      setSeconds((s) => {
        if (s + 1 >= MAX_RECORDING_SECONDS) recorder.current?.stop();
        return s + 1;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [state]);

  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return null;

  const begin = async () => {
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      if (preview.current) preview.current.srcObject = stream;
      const type = ['video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'].find((t) =>
        MediaRecorder.isTypeSupported(t),
      );
      const media = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
      const parts: Blob[] = [];
      media.ondataavailable = (e) => e.data.size > 0 && parts.push(e.data);
      media.onstop = () => {
        for (const track of stream.getTracks()) track.stop();
        if (preview.current) preview.current.srcObject = null;
        const mime = media.mimeType || 'video/webm';
        const ext = mime.includes('mp4') ? 'mp4' : 'webm';
        onRecorded(
          new File(parts, `clip-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`, {
            type: mime,
          }),
        );
        setState('idle');
      };
      recorder.current = media;
      setSeconds(0);
      media.start(1000);
      setState('recording');
    } catch {
      setError('Trellis could not use the camera. Allow it in the browser, or choose a file instead.');
      setState('unavailable');
    }
  };

  return (
    <fieldset className="video-recorder">
      <legend>Or record a short clip here</legend>
      <video ref={preview} muted autoPlay playsInline hidden={state !== 'recording'} width={320} />
      {state === 'recording' ? (
        <p role="status">
          Recording {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')} (up to{' '}
          {MAX_RECORDING_SECONDS / 60} minutes){' '}
          <button type="button" onClick={() => recorder.current?.stop()}>
            Stop recording
          </button>
        </p>
      ) : (
        <button type="button" className="button--secondary" onClick={() => void begin()} disabled={disabled}>
          Record a clip
        </button>
      )}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
