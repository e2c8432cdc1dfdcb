import { type ReactNode, useId, useRef, useState } from 'react';
import type { AttachmentView } from '#shared/contracts/discussion.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { ATTACHMENT_MAX_BYTES, useUploadAttachment } from '../api/attachments.ts';
import { usePeopleSearch } from '../api/people.ts';

export interface Draft {
  body: string;
  attachmentIds: string[];
  idempotencyKey: string;
}

const newKey = () => crypto.randomUUID();

/**
 * A Markdown box with a mention picker and file attachments. The idempotency key is kept for the
 * draft until it is saved, so a double submit or a retry after a lost answer saves one post.
 */
export function Composer({
  label,
  submitLabel,
  onSubmit,
  error,
  pending,
  initialBody = '',
  allowAttachments = true,
  extraFields,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  onSubmit: (draft: Draft) => Promise<unknown>;
  error: unknown;
  pending: boolean;
  initialBody?: string;
  allowAttachments?: boolean;
  extraFields?: ReactNode;
  onCancel?: () => void;
}) {
  const [body, setBody] = useState(initialBody);
  const [key, setKey] = useState(newKey);
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const [status, setStatus] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const caret = useRef<number | null>(null);
  const bodyError = error instanceof ApiError ? error.fieldError('body') : undefined;

  const insert = (text: string) => {
    const area = formRef.current?.querySelector('textarea');
    const at = Math.min(caret.current ?? body.length, body.length);
    const next = `${body.slice(0, at)}${text}${body.slice(at)}`;
    setBody(next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + text.length, at + text.length);
    });
  };

  return (
    <form
      ref={formRef}
      className="composer"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await onSubmit({ body, attachmentIds: files.map((f) => f.id), idempotencyKey: key });
          setBody('');
          setFiles([]);
          setKey(newKey());
          setStatus('Saved.');
        } catch {
          // The error is shown from the mutation; the draft and its key stay for a retry.
        }
      }}
    >
      {extraFields}
      <TextArea
        label={label}
        hint="Markdown: **bold**, _italic_, lists, `code`, [links](https://…)."
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          caret.current = e.target.selectionStart;
        }}
        onSelect={(e) => {
          caret.current = e.currentTarget.selectionStart;
        }}
        rows={5}
        required
        maxLength={20000}
        error={bodyError}
      />
      <div className="composer__tools">
        <MentionPicker onPick={(person) => insert(`@[${person.name}](/people/${person.id})`)} />
        {allowAttachments && (
          <AttachmentPicker
            files={files}
            onAdd={(f) => {
              setFiles((all) => [...all, f]);
              if (f.contentType.startsWith('image/')) insert(`![${f.filename}](${f.url})`);
            }}
            onRemove={(id) => setFiles((all) => all.filter((f) => f.id !== id))}
            error={error instanceof ApiError ? error.fieldError('attachmentIds') : undefined}
          />
        )}
      </div>
      <ErrorMessage error={bodyError ? null : error} />
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
      <FormActions label={submitLabel} pending={pending} disabled={!body.trim()} onCancel={onCancel} />
    </form>
  );
}

function MentionPicker({ onPick }: { onPick: (person: { id: string; name: string }) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const id = useId();
  const people = usePeopleSearch(open ? q : '');
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Mention someone
      </button>
    );
  const results = people.data?.data ?? [];
  return (
    <fieldset className="mention-picker">
      <legend>Mention someone</legend>
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the picker was just opened to type a name
        autoFocus
      />
      <div aria-live="polite">
        {q.trim().length >= 2 && people.isSuccess && results.length === 0 && (
          <p className="muted">No one found.</p>
        )}
        {results.length > 0 && (
          <ul className="mention-picker__results">
            {results.map((person) => (
              <li key={person.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    onPick(person);
                    setOpen(false);
                    setQ('');
                  }}
                >
                  {person.name}
                  {person.district ? <span className="muted"> · {person.district.name}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="link-button" onClick={() => setOpen(false)}>
        Close
      </button>
    </fieldset>
  );
}

function AttachmentPicker({
  files,
  onAdd,
  onRemove,
  error,
}: {
  files: AttachmentView[];
  onAdd: (file: AttachmentView) => void;
  onRemove: (id: string) => void;
  error?: string;
}) {
  const upload = useUploadAttachment();
  const [localError, setLocalError] = useState<string | null>(null);
  const id = useId();
  return (
    <div className="attachments">
      <label htmlFor={id}>Attach a file</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif,application/pdf,.docx,.xlsx,.pptx,text/plain"
        onChange={async (event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          setLocalError(null);
          if (!file) return;
          if (file.size > ATTACHMENT_MAX_BYTES) {
            setLocalError(`${file.name} is larger than ${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB.`);
            input.value = '';
            return;
          }
          try {
            onAdd(await upload.mutateAsync(file));
          } catch {
            // Shown below.
          }
          input.value = '';
        }}
      />
      {upload.isPending && (
        <p role="status">
          <progress aria-label="Uploading" /> Uploading…
        </p>
      )}
      {(localError || error) && (
        <p className="field__error" role="alert">
          {localError ?? error}
        </p>
      )}
      <ErrorMessage error={upload.error} />
      {files.length > 0 && (
        <ul className="attachments__list">
          {files.map((f) => (
            <li key={f.id}>
              {f.filename} <span className="muted">({formatBytes(f.byteSize)})</span>{' '}
              <button type="button" className="link-button" onClick={() => onRemove(f.id)}>
                Remove <span className="visually-hidden">{f.filename}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
