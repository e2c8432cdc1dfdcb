import { type FormEvent, useEffect, useId, useState } from 'react';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { useRemovePhoto } from '../api/remove-photo.ts';
import { PHOTO_MAX_BYTES, useUploadPhoto } from '../api/upload-photo.ts';

/** Choose, preview, upload or remove one's profile photo. */
export function PhotoField({ photoUrl, name }: { photoUrl: string | null; name: string }) {
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const upload = useUploadPhoto();
  const remove = useRemovePhoto();

  // The preview is a local object URL; release it when it is replaced or the page closes.
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file || tooBig) return;
    setDone(null);
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        setDone('Your new photo is saved.');
        (event.target as HTMLFormElement).reset();
      },
    });
  };

  const shown = preview ?? photoUrl;
  return (
    <form onSubmit={submit} aria-labelledby={`${inputId}-heading`} noValidate>
      <h2 id={`${inputId}-heading`}>Photo</h2>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={upload.error ?? remove.error} />
      <div className="actions">
        {shown ? (
          <img
            className="avatar avatar--large"
            src={shown}
            alt={preview ? 'Preview of your chosen picture' : name}
            width={128}
            height={128}
          />
        ) : (
          <p className="muted">No photo yet.</p>
        )}
      </div>
      <div className={`field${tooBig ? ' field--invalid' : ''}`}>
        <label htmlFor={inputId}>Choose a photo</label>
        <p className="field__hint" id={`${inputId}-hint`}>
          JPEG, PNG or WebP, up to 5 MB. We resize it and remove its hidden details (such as location).
        </p>
        <input
          id={inputId}
          type="file"
          name="photo"
          accept="image/jpeg,image/png,image/webp"
          aria-describedby={`${inputId}-hint${tooBig ? ` ${inputId}-error` : ''}`}
          aria-invalid={tooBig || undefined}
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            setTooBig(!!chosen && chosen.size > PHOTO_MAX_BYTES);
            setDone(null);
          }}
        />
        {tooBig && (
          <p className="field__error" id={`${inputId}-error`}>
            This file is larger than 5 MB; choose a smaller one.
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={!file || tooBig || upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload photo'}
        </button>
        {photoUrl && (
          <button
            type="button"
            className="button button--danger"
            disabled={remove.isPending}
            onClick={() => {
              setDone(null);
              remove.mutate(undefined, { onSuccess: () => setDone('Your photo is removed.') });
            }}
          >
            {remove.isPending ? 'Removing…' : 'Remove photo'}
          </button>
        )}
      </div>
    </form>
  );
}
