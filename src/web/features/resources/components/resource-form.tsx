import { type FormEvent, useId, useRef, useState } from 'react';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';

type Subject = (typeof SUBJECTS)[number];
type GradeBand = (typeof GRADE_BANDS)[number];
import {
  type Audience,
  ITEMS_MAX,
  RESOURCE_KIND_LABELS,
  RESOURCE_KINDS,
  type ResourceItemInput,
  type ResourceKind,
  type ResourceView,
} from '#shared/contracts/resources.ts';
import { LICENCE_IDS, type Licence } from '#shared/licences.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { RESOURCE_FILE_ACCEPT, RESOURCE_FILE_MAX_BYTES, uploadResourceFile } from '../api/upload-file.ts';
import { type AudienceChoice, AudienceSelect } from './audience-select.tsx';
import { LicenceSelect } from './licence-select.tsx';
import { formatBytes } from './resource-items.tsx';

type FileDraft = {
  key: string;
  type: 'file';
  filename: string;
  status: 'uploading' | 'failed' | 'ready';
  progress: number;
  fileId: string | null;
  error: string | null;
  commentary: string;
};
type LinkDraft = { key: string; type: 'link'; url: string; title: string; commentary: string };
type ItemDraft = FileDraft | LinkDraft;

export interface ResourceFormValues {
  kind: ResourceKind;
  title: string;
  summary: string;
  notesMd: string;
  subjects: Subject[];
  gradeBands: GradeBand[];
  alignments: string[];
  licence: Licence;
  audience: Audience;
  audienceId: string | null;
  items: ResourceItemInput[];
  changeNote: string;
}

let nextKey = 0;
const newKey = () => `item-${++nextKey}`;

function draftsOf(resource: ResourceView | undefined): ItemDraft[] {
  return (resource?.items ?? []).map((item) =>
    item.type === 'file'
      ? {
          key: newKey(),
          type: 'file',
          filename: item.file.filename,
          status: 'ready',
          progress: 1,
          fileId: item.file.id,
          error: null,
          commentary: item.commentary,
        }
      : { key: newKey(), type: 'link', url: item.url, title: item.title, commentary: item.commentary },
  );
}

/** The message the server gave for a field under /body (e.g. `title`, `items/2/url`). */
function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors.find((e) => e.path === `/body/${path}` || e.path.startsWith(`/body/${path}/`))
    ?.message;
}

/** How an item is named in its labels: a file by its name, a link by its place. */
function itemName(item: ItemDraft, index: number): string {
  return item.type === 'file' ? item.filename : `link ${index + 1}`;
}

function CheckboxGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  error,
}: {
  legend: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
  error?: string;
}) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className={error ? 'field--invalid' : undefined}>
      <legend>{legend}</legend>
      <div className="resource-form__choices">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(event) =>
                onChange(event.target.checked ? [...value, option] : value.filter((v) => v !== option))
              }
            />{' '}
            {option}
          </label>
        ))}
      </div>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The share and edit form: what it is, for whom, its files and links each with commentary, its
 * licence and who sees it. Files upload as soon as they are chosen, each with its progress.
 */
export function ResourceForm({
  resource,
  mode,
  pending,
  error,
  onSubmit,
}: {
  resource?: ResourceView;
  mode: 'create' | 'edit';
  pending: boolean;
  error: unknown;
  onSubmit: (values: ResourceFormValues) => void;
}) {
  const session = useSession();
  const [kind, setKind] = useState<ResourceKind>(resource?.kind ?? 'lesson');
  const [title, setTitle] = useState(resource?.title ?? '');
  const [summary, setSummary] = useState(resource?.summary ?? '');
  const [notesMd, setNotesMd] = useState(resource?.notesMd ?? '');
  const [subjects, setSubjects] = useState<Subject[]>(resource?.subjects ?? []);
  const [gradeBands, setGradeBands] = useState<GradeBand[]>(resource?.gradeBands ?? []);
  const [alignments, setAlignments] = useState((resource?.alignments ?? []).join(', '));
  const [licence, setLicence] = useState<Licence>(resource?.licence ?? 'cc-by');
  const [audience, setAudience] = useState<AudienceChoice>(
    resource
      ? { audience: resource.audience.audience, audienceId: resource.audienceId }
      : { audience: 'private', audienceId: null },
  );
  const [items, setItems] = useState<ItemDraft[]>(() => draftsOf(resource));
  const [changeNote, setChangeNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const update = (key: string, change: Partial<FileDraft> | Partial<LinkDraft>) =>
    setItems((list) => list.map((i) => (i.key === key ? ({ ...i, ...change } as ItemDraft) : i)));

  function addFiles(files: FileList | null) {
    if (!files) return;
    const room = ITEMS_MAX - items.length;
    const chosen = [...files].slice(0, Math.max(0, room));
    if (files.length > chosen.length) setLocalError(`A resource holds at most ${ITEMS_MAX} files and links.`);
    for (const file of chosen) {
      const key = newKey();
      const tooBig = file.size > RESOURCE_FILE_MAX_BYTES;
      const draft: FileDraft = {
        key,
        type: 'file',
        filename: file.name,
        status: tooBig ? 'failed' : 'uploading',
        progress: 0,
        fileId: null,
        error: tooBig
          ? `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(RESOURCE_FILE_MAX_BYTES)}.`
          : null,
        commentary: '',
      };
      setItems((list) => [...list, draft]);
      if (tooBig) continue;
      setAnnouncement(`Uploading ${file.name}.`);
      uploadResourceFile(file, {
        csrfToken: session.data?.csrfToken ?? null,
        onProgress: (progress) => update(key, { progress }),
      })
        .then((uploaded) => {
          update(key, { status: 'ready', progress: 1, fileId: uploaded.id, filename: uploaded.filename });
          setAnnouncement(`${uploaded.filename} uploaded.`);
        })
        .catch((e: unknown) => {
          const message =
            e instanceof ApiError ? (e.fieldError('file') ?? e.message) : String((e as Error).message);
          update(key, { status: 'failed', error: message });
          setAnnouncement(`${file.name} could not be uploaded: ${message}`);
        });
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  function move(index: number, by: -1 | 1) {
    setItems((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item);
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    if (items.some((i) => i.type === 'file' && i.status === 'uploading'))
      return setLocalError('Wait for the files to finish uploading, or remove them.');
    if (items.some((i) => i.type === 'file' && i.status === 'failed'))
      return setLocalError('Remove the files that could not be uploaded before saving.');
    onSubmit({
      kind,
      title,
      summary,
      notesMd,
      subjects,
      gradeBands,
      alignments: alignments
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      licence,
      audience: audience.audience,
      audienceId: audience.audienceId,
      items: items.map((i) =>
        i.type === 'file'
          ? { type: 'file', fileId: i.fileId as string, commentary: i.commentary }
          : { type: 'link', url: i.url, title: i.title, commentary: i.commentary },
      ),
      changeNote,
    });
  }

  const bundle = kind === 'assessment_bundle' || kind === 'performance_task';
  return (
    <form className="resource-form" onSubmit={submit} noValidate>
      <SelectField
        label="Kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as ResourceKind)}
        error={fieldError(error, 'kind')}
      >
        {RESOURCE_KINDS.map((k) => (
          <option key={k} value={k}>
            {RESOURCE_KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fieldError(error, 'title')}
      />
      <TextArea
        label="Summary"
        hint="One or two sentences: what it is and what students do."
        maxLength={1000}
        rows={3}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        error={fieldError(error, 'summary')}
      />
      <TextArea
        label="Notes for other teachers"
        hint="Markdown: how you used it, what to watch for, how to adapt it."
        rows={8}
        value={notesMd}
        onChange={(e) => setNotesMd(e.target.value)}
        error={fieldError(error, 'notesMd')}
      />
      <CheckboxGroup
        legend="Subjects"
        options={SUBJECTS}
        value={subjects}
        onChange={setSubjects}
        error={fieldError(error, 'subjects')}
      />
      <CheckboxGroup
        legend="Grade bands"
        options={GRADE_BANDS}
        value={gradeBands}
        onChange={setGradeBands}
        error={fieldError(error, 'gradeBands')}
      />
      <TextField
        label="Competencies or standards"
        hint="Separate them with commas, e.g. fractions, CCSS.MATH.3.NF.A.2"
        value={alignments}
        onChange={(e) => setAlignments(e.target.value)}
        error={fieldError(error, 'alignments')}
      />

      <fieldset className="resource-form__items">
        <legend>Files and links</legend>
        <p className="field__hint">
          {bundle
            ? 'A bundle holds several files, each with your commentary: for example the task, its rubric, annotated student work and your analysis.'
            : 'Add the files and links that make up this resource, each with a note on how to use it.'}
        </p>
        <div className="notice resource-form__privacy" role="note">
          <p>
            <strong>Remove student names</strong> and anything else that identifies a student (faces, ID
            numbers, handwriting signatures) before you upload student work.
          </p>
        </div>
        <p className="sr-status visually-hidden" aria-live="polite">
          {announcement}
        </p>
        {items.length === 0 ? (
          <p className="muted">No files or links yet.</p>
        ) : (
          <ol className="resource-form__item-list">
            {items.map((item, index) => (
              <li key={item.key} className="resource-form__item">
                {item.type === 'file' ? (
                  <>
                    <p className="resource-form__item-name">
                      <strong>{item.filename}</strong>{' '}
                      {item.status === 'uploading' && (
                        <progress max={1} value={item.progress} aria-label={`Uploading ${item.filename}`}>
                          {Math.round(item.progress * 100)}%
                        </progress>
                      )}
                      {item.status === 'ready' && <span className="muted">Uploaded</span>}
                    </p>
                    {(item.error || fieldError(error, `items/${index}/fileId`)) && (
                      <p className="field__error" role="alert">
                        {item.error ?? fieldError(error, `items/${index}/fileId`)}
                      </p>
                    )}
                  </>
                ) : (
                  <>
                    <TextField
                      label={`Link ${index + 1}: address`}
                      type="url"
                      value={item.url}
                      placeholder="https://"
                      onChange={(e) => update(item.key, { url: e.target.value })}
                      error={fieldError(error, `items/${index}/url`)}
                    />
                    <TextField
                      label={`Link ${index + 1}: title`}
                      value={item.title}
                      onChange={(e) => update(item.key, { title: e.target.value })}
                      error={fieldError(error, `items/${index}/title`)}
                    />
                  </>
                )}
                <TextArea
                  label={`Commentary on ${itemName(item, index)}`}
                  rows={2}
                  value={item.commentary}
                  onChange={(e) => update(item.key, { commentary: e.target.value })}
                  error={fieldError(error, `items/${index}/commentary`)}
                />
                <div className="actions">
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Move up
                    <span className="visually-hidden"> {itemName(item, index)}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Move down
                    <span className="visually-hidden"> {itemName(item, index)}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => setItems((list) => list.filter((i) => i.key !== item.key))}
                  >
                    Remove
                    <span className="visually-hidden"> {itemName(item, index)}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={items.length >= ITEMS_MAX}
            onClick={() => fileInput.current?.click()}
          >
            Add files
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept={RESOURCE_FILE_ACCEPT}
            onChange={(e) => addFiles(e.target.files)}
          />
          <button
            type="button"
            className="button button--secondary"
            disabled={items.length >= ITEMS_MAX}
            onClick={() =>
              setItems((list) => [
                ...list,
                { key: newKey(), type: 'link', url: '', title: '', commentary: '' },
              ])
            }
          >
            Add a link
          </button>
        </div>
        <p className="field__hint">
          PDF, Word, Excel, PowerPoint, images, video (MP4, WebM, QuickTime) or plain text, up to{' '}
          {formatBytes(RESOURCE_FILE_MAX_BYTES)} each; up to {ITEMS_MAX} files and links.
        </p>
      </fieldset>

      <LicenceSelect
        value={licence}
        onChange={setLicence}
        choices={LICENCE_IDS}
        error={fieldError(error, 'licence')}
      />
      <AudienceSelect
        value={audience}
        onChange={setAudience}
        current={
          resource && {
            choice: { audience: resource.audience.audience, audienceId: resource.audienceId },
            name: resource.audience.name,
          }
        }
        error={fieldError(error, 'audienceId') ?? fieldError(error, 'audience')}
      />
      {mode === 'edit' && (
        <TextField
          label="What changed"
          hint="Shown in the version history, e.g. “Adapted the rubric for grade 4”."
          maxLength={500}
          value={changeNote}
          onChange={(e) => setChangeNote(e.target.value)}
          error={fieldError(error, 'changeNote')}
        />
      )}
      {localError && (
        <p className="notice notice--error" role="alert">
          {localError}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : mode === 'create' ? 'Share resource' : 'Save as a new version'}
        </button>
      </div>
    </form>
  );
}
