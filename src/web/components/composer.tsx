import {
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import './composer.css';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  insertMention,
  type MentionedPerson,
  mentionQueryAt,
  toDisplay,
  toStored,
} from '#web/components/composer-text.ts';

/** What the composer hands over when it is sent: the Markdown as stored, the files and the retry key. */
export interface ComposerDraft {
  body: string;
  attachmentIds: string[];
  idempotencyKey: string;
}

/** A person offered by the @-autocomplete. */
export interface ComposerPerson extends MentionedPerson {
  /** Shown after the name: a district, a role. */
  detail?: string | null;
}

/** A file uploaded for the post. */
export interface ComposerFile {
  id: string;
  filename: string;
  contentType: string;
  byteSize: number;
  url: string;
}

/** A draft as the server keeps it. */
export interface SavedDraft {
  body: string;
  version: number;
  updatedAt: string;
  /** Other fields kept with the draft (a new thread's title and type). */
  fields?: Record<string, string>;
}

export type DraftSave =
  | { ok: true; version: number; updatedAt: string }
  | { ok: false; current: SavedDraft | null };

/** Where the composer keeps its draft: the server, per person and per place (a thread, a conversation). */
export interface DraftStore {
  load(): Promise<SavedDraft | null>;
  /** Saves over `baseVersion` (0: none yet); another device's later save comes back as `current`. */
  save(draft: { body: string; fields?: Record<string, string> }, baseVersion: number): Promise<DraftSave>;
  discard(version: number): Promise<void>;
}

const newKey = () => crypto.randomUUID();
const AUTOSAVE_MS = 800;
const PREVIEW_MS = 350;

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The one composer of Trellis: Markdown with an inline @-autocomplete (the text shows the person's
 * name, the post stores their link), a live preview rendered by the server's own renderer, images
 * pasted or dropped in, a size indicator and, given a `draft` store, drafts saved as one writes and
 * continued on another device. Two devices writing the same draft never overwrite each other: the
 * later save is refused and both texts are shown to choose from. The idempotency key is kept until
 * the post is saved, so a double submit or a retry after a lost answer saves one post.
 */
export function Composer({
  label,
  hint = 'Markdown: **bold**, _italic_, lists, `code`, [links](https://…). Type @ and a name to mention someone.',
  submitLabel,
  onSubmit,
  error,
  pending,
  initialBody = '',
  maxLength = 20_000,
  extraFields,
  draftFields,
  onDraftFields,
  onCancel,
  searchPeople,
  upload,
  maxUploadBytes = 10 * 1024 * 1024,
  attachmentAccept = 'image/png,image/jpeg,image/webp,image/gif,application/pdf,.docx,.xlsx,.pptx,text/plain',
  preview,
  draft,
  bodyError,
  attachmentsError,
  canSubmit = true,
}: {
  label: string;
  hint?: ReactNode;
  submitLabel: string;
  onSubmit: (draft: ComposerDraft) => Promise<unknown>;
  /** The last submit's error (shown under the form unless it names the body). */
  error: unknown;
  pending: boolean;
  initialBody?: string;
  maxLength?: number;
  /** Fields above the text (a title, a type), kept by the caller. */
  extraFields?: ReactNode;
  /** Those fields' values, saved with the draft. */
  draftFields?: Record<string, string>;
  /** A restored draft's fields, for the caller to show. */
  onDraftFields?: (fields: Record<string, string>) => void;
  onCancel?: () => void;
  /** People to offer after "@"; no autocomplete without it. */
  searchPeople?: (query: string, signal: AbortSignal) => Promise<ComposerPerson[]>;
  /** Uploads a file (pasted, dropped or chosen); no attachments without it. */
  upload?: (file: File) => Promise<ComposerFile>;
  maxUploadBytes?: number;
  attachmentAccept?: string;
  /** Renders Markdown as the server stores it (sanitized HTML). */
  preview?: (body: string, signal: AbortSignal) => Promise<string>;
  draft?: DraftStore;
  bodyError?: string;
  attachmentsError?: string;
  /** Whether the caller's own fields allow sending (a title typed). */
  canSubmit?: boolean;
}) {
  const initial = useRef(toDisplay(initialBody));
  const [text, setText] = useState(initial.current.text);
  const [mentions, setMentions] = useState<MentionedPerson[]>(initial.current.mentions);
  const [key, setKey] = useState(newKey);
  const [files, setFiles] = useState<ComposerFile[]>([]);
  const [status, setStatus] = useState('');
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const stored = toStored(text, mentions);

  const insertAtCaret = useCallback((snippet: string) => {
    const area = areaRef.current;
    setText((current) => {
      const at = Math.min(area?.selectionStart ?? current.length, current.length);
      const next = `${current.slice(0, at)}${snippet}${current.slice(at)}`;
      requestAnimationFrame(() => {
        area?.focus();
        area?.setSelectionRange(at + snippet.length, at + snippet.length);
      });
      return next;
    });
  }, []);

  // ─── Drafts ───
  const drafts = useDraft(draft, stored, draftFields, (saved) => {
    const shown = toDisplay(saved.body);
    setText(shown.text);
    setMentions(shown.mentions);
    if (saved.fields) onDraftFields?.(saved.fields);
  });

  // ─── Uploads ───
  const uploads = useUploads(upload, maxUploadBytes, (file) => {
    setFiles((all) => [...all, file]);
    if (file.contentType.startsWith('image/'))
      insertAtCaret(`![${file.filename.replace(/[[\]]/g, '')}](${file.url})`);
  });

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const images = [...event.clipboardData.files].filter((f) => f.type.startsWith('image/'));
    if (!upload || images.length === 0) return;
    event.preventDefault();
    for (const file of images) void uploads.add(file);
  };
  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const dropped = [...event.dataTransfer.files];
    if (!upload || dropped.length === 0) return;
    event.preventDefault();
    for (const file of dropped) void uploads.add(file);
  };

  // ─── Mentions ───
  const mention = useMentionAutocomplete(searchPeople, text, areaRef);
  const pick = (person: ComposerPerson) => {
    const area = areaRef.current;
    const found = mention.active;
    if (!area || !found) return;
    const next = insertMention(text, found.start, area.selectionStart, person);
    setText(next.text);
    setMentions((all) =>
      all.some((m) => m.id === person.id && m.name === person.name)
        ? all
        : [...all, { id: person.id, name: person.name }],
    );
    mention.close();
    setStatus(`${person.name} mentioned.`);
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(next.caret, next.caret);
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!mention.open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      mention.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && mention.highlighted) {
      event.preventDefault();
      pick(mention.highlighted);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      mention.close();
    }
  };

  const size = stored.length;
  const over = size > maxLength;
  const near = size > maxLength * 0.9;
  const listboxId = `${id}-people`;
  const hintId = `${id}-hint`;
  const sizeId = `${id}-size`;
  const errorId = `${id}-error`;
  const shownError = over ? `is ${(size - maxLength).toLocaleString()} characters too long` : bodyError;

  return (
    <form
      className="composer"
      onSubmit={async (event) => {
        event.preventDefault();
        if (over) return;
        drafts.pause();
        try {
          await onSubmit({ body: stored, attachmentIds: files.map((f) => f.id), idempotencyKey: key });
          await drafts.discard();
          setText('');
          setMentions([]);
          setFiles([]);
          setKey(newKey());
          setStatus('Sent.');
        } catch {
          // The error is shown from the caller's mutation; the text and its key stay for a retry.
          drafts.resume();
        }
      }}
    >
      {extraFields}
      <div className={`field composer__field${shownError ? ' field--invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
        <div className="composer__box">
          <textarea
            id={id}
            ref={areaRef}
            value={text}
            rows={5}
            required
            aria-describedby={[hintId, sizeId, shownError ? errorId : ''].filter(Boolean).join(' ')}
            aria-invalid={shownError ? true : undefined}
            aria-autocomplete={searchPeople ? 'list' : undefined}
            aria-controls={mention.open ? listboxId : undefined}
            aria-activedescendant={mention.highlighted ? `${listboxId}-${mention.highlighted.id}` : undefined}
            onChange={(e) => {
              setText(e.target.value);
              drafts.touched();
              mention.update(e.target.value, e.target.selectionStart);
            }}
            onSelect={(e) => mention.update(e.currentTarget.value, e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(mention.close, 150)}
            onPaste={onPaste}
            onDrop={onDrop}
          />
          {mention.open && (
            <div className="composer__people" id={listboxId} role="listbox" aria-label="People to mention">
              {mention.people.map((person, i) => (
                <div
                  key={person.id}
                  id={`${listboxId}-${person.id}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === mention.index}
                  className="composer__person"
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(person);
                  }}
                >
                  {person.name}
                  {person.detail ? <span className="muted"> · {person.detail}</span> : null}
                </div>
              ))}
            </div>
          )}
        </div>
        <p className="visually-hidden" aria-live="polite">
          {mention.announcement}
        </p>
        <p id={sizeId} className={`composer__size${near ? ' composer__size--near' : ''}`}>
          {size.toLocaleString()} / {maxLength.toLocaleString()} characters
        </p>
        {shownError && (
          <p className="field__error" id={errorId}>
            {shownError}
          </p>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {near ? (over ? 'Too long to send.' : 'Nearly at the limit.') : ''}
      </p>
      {drafts.conflict !== undefined && (
        <DraftConflict
          mine={stored}
          theirs={drafts.conflict}
          onKeepMine={() => drafts.keepMine()}
          onUseTheirs={() => drafts.takeTheirs()}
        />
      )}
      <div className="composer__tools">
        {upload && (
          <div className="attachments">
            <label htmlFor={`${id}-file`}>Attach a file or image</label>
            <input
              id={`${id}-file`}
              type="file"
              accept={attachmentAccept}
              onChange={async (event) => {
                const input = event.currentTarget;
                const file = input.files?.[0];
                if (file) await uploads.add(file);
                input.value = '';
              }}
            />
            <p className="field__hint">Or paste or drop an image into the text.</p>
          </div>
        )}
        {preview && <PreviewToggle body={stored} render={preview} />}
      </div>
      {uploads.pending > 0 && (
        <p role="status">
          <progress aria-label="Uploading" /> Uploading…
        </p>
      )}
      {(uploads.error || attachmentsError) && (
        <p className="field__error" role="alert">
          {uploads.error ?? attachmentsError}
        </p>
      )}
      {files.length > 0 && (
        <ul className="attachments__list">
          {files.map((f) => (
            <li key={f.id}>
              {f.filename} <span className="muted">({formatBytes(f.byteSize)})</span>{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}
              >
                Remove <span className="visually-hidden">{f.filename}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={bodyError ? null : error} />
      <p className="composer__status muted" aria-live="polite">
        {drafts.status || status}
      </p>
      <FormActions
        label={submitLabel}
        pending={pending}
        disabled={!text.trim() || over || !canSubmit || uploads.pending > 0}
        onCancel={onCancel}
      />
    </form>
  );
}

/** The two texts of a draft written on two devices, and the choice between them. */
function DraftConflict({
  mine,
  theirs,
  onKeepMine,
  onUseTheirs,
}: {
  mine: string;
  theirs: SavedDraft | null;
  onKeepMine: () => void;
  onUseTheirs: () => void;
}) {
  const headingId = useId();
  return (
    <section className="composer__conflict" role="alert" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {theirs
          ? `This draft was changed on another device at ${clock(theirs.updatedAt)}`
          : 'This draft was sent or discarded on another device'}
      </h3>
      <p>Nothing was overwritten. Choose which text to keep; autosave waits until you do.</p>
      <div className="composer__versions">
        <div>
          <h4>Your text here</h4>
          <pre className="composer__version">{mine || '(empty)'}</pre>
        </div>
        {theirs && (
          <div>
            <h4>The other device’s text</h4>
            <pre className="composer__version">{toDisplay(theirs.body).text || '(empty)'}</pre>
          </div>
        )}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={onKeepMine}>
          Keep my text
        </button>
        {theirs && (
          <button type="button" className="button button--secondary" onClick={onUseTheirs}>
            Use the other device’s text
          </button>
        )}
      </div>
    </section>
  );
}

function PreviewToggle({
  body,
  render,
}: {
  body: string;
  render: (body: string, signal: AbortSignal) => Promise<string>;
}) {
  const [open, setOpen] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const regionId = useId();
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        setHtml(body.trim() ? await render(body, controller.signal) : '');
        setFailed(false);
      } catch {
        if (!controller.signal.aborted) setFailed(true);
      }
    }, PREVIEW_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, body, render]);
  return (
    <div className="composer__preview-wrap">
      <button
        type="button"
        className="button button--secondary"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide preview' : 'Preview'}
      </button>
      <section id={regionId} hidden={!open} className="composer__preview" aria-label="Preview">
        {failed && <p className="field__error">The preview could not be made; your text is safe.</p>}
        {html === null ? (
          <p className="muted">Rendering…</p>
        ) : html === '' ? (
          <p className="muted">Nothing to preview yet.</p>
        ) : (
          // The server's sanitized rendering, as the post will show it.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the server's allowlist
          <div className="post__body" dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </section>
    </div>
  );
}

function useMentionAutocomplete(
  search: ((query: string, signal: AbortSignal) => Promise<ComposerPerson[]>) | undefined,
  text: string,
  areaRef: React.RefObject<HTMLTextAreaElement | null>,
) {
  const [active, setActive] = useState<{ start: number; query: string } | null>(null);
  const [people, setPeople] = useState<ComposerPerson[]>([]);
  const [index, setIndex] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const update = useCallback(
    (value: string, caret: number) => {
      if (!search) return;
      const found = mentionQueryAt(value, caret);
      setActive((prev) => (prev?.start === found?.start && prev?.query === found?.query ? prev : found));
    },
    [search],
  );
  const query = active?.query ?? '';
  useEffect(() => {
    if (!search || query.trim().length < 2) {
      setPeople([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const found = await search(query.trim(), controller.signal);
        setPeople(found);
        setIndex(0);
        setAnnouncement(
          found.length === 0
            ? `No one found for ${query.trim()}.`
            : `${found.length} ${found.length === 1 ? 'person' : 'people'} found: use the up and down arrows, Enter to choose.`,
        );
      } catch {
        // A newer query replaced this one, or the search failed: nothing to offer.
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, query]);
  // A caret moved away from the name (a click elsewhere) closes the list.
  useEffect(() => {
    const area = areaRef.current;
    if (active && area && document.activeElement === area && !mentionQueryAt(text, area.selectionStart))
      setActive(null);
  }, [text, active, areaRef]);
  const open = active !== null && people.length > 0;
  return {
    active,
    open,
    people,
    index,
    announcement,
    highlighted: open ? people[index] : undefined,
    update,
    move: (by: number) => setIndex((i) => (i + by + people.length) % people.length),
    close: () => {
      setActive(null);
      setPeople([]);
    },
  };
}

function useUploads(
  upload: ((file: File) => Promise<ComposerFile>) | undefined,
  maxBytes: number,
  onUploaded: (file: ComposerFile) => void,
) {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  return {
    pending,
    error,
    add: async (file: File) => {
      if (!upload) return;
      setError(null);
      if (file.size > maxBytes) {
        setError(`${file.name} is larger than ${formatBytes(maxBytes)}.`);
        return;
      }
      setPending((n) => n + 1);
      try {
        onUploaded(await upload(file));
      } catch (e) {
        setError(`${file.name} could not be uploaded: ${e instanceof Error ? e.message : 'try again'}`);
      } finally {
        setPending((n) => n - 1);
      }
    },
  };
}

/**
 * Keeps the text in the draft store: loaded once, saved a moment after each change, and stopped on
 * a conflict until the writer chooses which text to keep.
 */
function useDraft(
  store: DraftStore | undefined,
  body: string,
  fields: Record<string, string> | undefined,
  restore: (saved: SavedDraft) => void,
) {
  const version = useRef(0);
  const dirty = useRef(false);
  const paused = useRef(false);
  const [conflict, setConflict] = useState<SavedDraft | null | undefined>(undefined);
  const [status, setStatus] = useState('');
  const latest = useRef({ body, fields });
  latest.current = { body, fields };
  const restored = useRef<string | null>(null);
  const restoreRef = useRef((saved: SavedDraft) => {
    // The restored fields come back through the caller's state: not a change to save again.
    restored.current = JSON.stringify(saved.fields ?? {});
    restore(saved);
  });
  const fieldsKey = JSON.stringify(fields ?? {});

  useEffect(() => {
    if (!store) return;
    let live = true;
    store
      .load()
      .then((saved) => {
        if (!live || !saved) return;
        version.current = saved.version;
        if (!latest.current.body.trim()) {
          restoreRef.current(saved);
          setStatus(`Draft restored, saved at ${clock(saved.updatedAt)}.`);
        }
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [store]);

  const save = useCallback(async () => {
    if (!store || paused.current || !dirty.current) return;
    dirty.current = false;
    const { body: text, fields: extra } = latest.current;
    try {
      const result = await store.save({ body: text, fields: extra }, version.current);
      if (result.ok) {
        version.current = result.version;
        setStatus(`Draft saved at ${clock(result.updatedAt)}.`);
      } else {
        paused.current = true;
        setConflict(result.current);
        setStatus('');
      }
    } catch {
      dirty.current = true;
      setStatus('The draft could not be saved yet; it will be tried again.');
    }
  }, [store]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of the text or fields starts the wait
  useEffect(() => {
    if (!store || !dirty.current || paused.current) return;
    const timer = setTimeout(save, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [store, body, fieldsKey, save]);

  const fieldsSeen = useRef(fieldsKey);
  if (fieldsSeen.current !== fieldsKey) {
    fieldsSeen.current = fieldsKey;
    if (restored.current === fieldsKey) restored.current = null;
    else dirty.current = true;
  }

  return {
    status,
    conflict,
    touched: () => {
      dirty.current = true;
    },
    pause: () => {
      paused.current = true;
    },
    resume: () => {
      paused.current = false;
    },
    keepMine: async () => {
      version.current = conflict?.version ?? 0;
      setConflict(undefined);
      paused.current = false;
      dirty.current = true;
      await save();
    },
    takeTheirs: () => {
      if (conflict) {
        version.current = conflict.version;
        restoreRef.current(conflict);
      }
      setConflict(undefined);
      paused.current = false;
      setStatus('The other device’s text is in the box.');
    },
    discard: async () => {
      const at = version.current;
      version.current = 0;
      dirty.current = false;
      paused.current = false;
      if (store && at > 0) await store.discard(at).catch(() => {});
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
