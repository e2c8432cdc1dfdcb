import { type FormEvent, useId, useState } from 'react';
import {
  DURATION_MAX_MINUTES,
  EVIDENCE_MAX,
  type EvidenceInput,
  type LearningEntryBody,
  type LearningEntryView,
  MANUAL_LEARNING_KIND_LABELS,
  MANUAL_LEARNING_KINDS,
  type ManualLearningKind,
} from '#shared/contracts/learning.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useLearningOptions } from '../api/get-options.ts';
import { EVIDENCE_FILE_ACCEPT, uploadEvidenceFile } from '../api/upload-evidence-file.ts';
import './learning.css';

/** Evidence as the form holds it: what it sends, and how it names it. */
type EvidenceDraft = EvidenceInput & { label: string };

const today = () => new Date().toLocaleDateString('en-CA');

/** The evidence an entry carries, as the form edits it. */
function draftsOf(entry: LearningEntryView | undefined): EvidenceDraft[] {
  return (entry?.evidence ?? []).flatMap((e): EvidenceDraft[] => {
    if (e.type === 'file' && e.fileId)
      return [{ type: 'file', fileId: e.fileId, filename: e.title, label: e.title }];
    if (e.type === 'link' && e.url)
      return [{ type: 'link', url: e.url, title: e.title, label: e.title || e.url }];
    if (e.type === 'resource' && e.resourceId)
      return [{ type: 'resource', resourceId: e.resourceId, label: `Resource: ${e.title}` }];
    if (e.type === 'thread' && e.threadId)
      return [{ type: 'thread', threadId: e.threadId, label: `Thread: ${e.title}` }];
    return [];
  });
}

/** What tells one piece of evidence from another in the list. */
const evidenceKey = (item: EvidenceDraft) =>
  item.type === 'file'
    ? item.fileId
    : item.type === 'link'
      ? `link:${item.url}:${item.title}`
      : item.type === 'resource'
        ? item.resourceId
        : item.threadId;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A Trellis resource or thread from its address as the browser shows it. */
function trellisThing(address: string): EvidenceDraft | null {
  const thread = new RegExp(`/communities/${UUID}/threads/(${UUID})`, 'i').exec(address);
  if (thread) return { type: 'thread', threadId: thread[1].toLowerCase(), label: 'Thread' };
  const resource = new RegExp(`/resources/(${UUID})`, 'i').exec(address);
  if (resource) return { type: 'resource', resourceId: resource[1].toLowerCase(), label: 'Resource' };
  return null;
}

/** Hours as a person types them ("1.5", "1,5") in minutes, or null when empty; NaN when unreadable. */
function minutesOf(hours: string): number | null {
  const trimmed = hours.trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 60) : Number.NaN;
}

/** The evidence part of the form: files (uploaded as chosen, with progress), links, Trellis resources and threads. */
function EvidenceEditor({
  evidence,
  onChange,
  error,
}: {
  evidence: EvidenceDraft[];
  onChange: (next: EvidenceDraft[]) => void;
  error?: string;
}) {
  const id = useId();
  const session = useSession();
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [urlTitle, setUrlTitle] = useState('');
  const [linkError, setLinkError] = useState<string>();
  const full = evidence.length >= EVIDENCE_MAX;

  async function upload(file: File) {
    setUploadError(null);
    setProgress(0);
    try {
      const uploaded = await uploadEvidenceFile(file, {
        csrfToken: session.data?.csrfToken ?? null,
        onProgress: setProgress,
      });
      onChange([
        ...evidence,
        { type: 'file', fileId: uploaded.fileId, filename: uploaded.filename, label: uploaded.filename },
      ]);
    } catch (e) {
      setUploadError(e);
    } finally {
      setProgress(null);
    }
  }

  function addLink() {
    const address = url.trim();
    const own = trellisThing(address);
    if (own) {
      onChange([...evidence, own]);
    } else {
      try {
        const parsed = new URL(address);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not web');
      } catch {
        setLinkError('must be a web address starting with https://');
        return;
      }
      onChange([
        ...evidence,
        { type: 'link', url: address, title: urlTitle.trim(), label: urlTitle.trim() || address },
      ]);
    }
    setLinkError(undefined);
    setUrl('');
    setUrlTitle('');
  }

  return (
    <fieldset className={`field${error ? ' field--invalid' : ''}`}>
      <legend>Evidence</legend>
      <p className="field__hint" id={`${id}-hint`}>
        A certificate, slides or notes; a link; or the address of a Trellis resource or thread. Up to{' '}
        {EVIDENCE_MAX}.
      </p>
      {evidence.length > 0 && (
        <ul className="bare-list learning-evidence">
          {evidence.map((item, i) => (
            <li key={evidenceKey(item)}>
              <span>{item.label}</span>{' '}
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => onChange(evidence.filter((_, j) => j !== i))}
              >
                Remove<span className="visually-hidden"> {item.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-file`}>Add a file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept={EVIDENCE_FILE_ACCEPT}
          aria-describedby={`${id}-hint`}
          disabled={progress !== null || full}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
            e.target.value = '';
          }}
        />
      </div>
      {progress !== null && (
        <p role="status">
          <progress max={1} value={progress} aria-label="Uploading evidence">
            {Math.round(progress * 100)}%
          </progress>{' '}
          Uploading… {Math.round(progress * 100)}%
        </p>
      )}
      <ErrorMessage error={uploadError} />
      <div className="grid">
        <TextField
          label="Add a link or Trellis address"
          type="url"
          inputMode="url"
          placeholder="https://"
          value={url}
          error={linkError}
          disabled={full}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (url.trim()) addLink();
            }
          }}
        />
        <TextField
          label="Link title (optional)"
          value={urlTitle}
          maxLength={200}
          disabled={full}
          onChange={(e) => setUrlTitle(e.target.value)}
        />
      </div>
      <p>
        <button
          type="button"
          className="button button--secondary"
          disabled={!url.trim() || full}
          onClick={addLink}
        >
          Add link
        </button>
      </p>
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}

/**
 * "Log learning": kind, title, date and hours first (all a quick entry needs), then provider, link,
 * competencies, reflection and evidence. A hand entry may be saved as a draft. For an entry a tool or
 * Trellis recorded only the reflection, competencies and evidence are the person's to change.
 */
export function EntryForm({
  entry,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  entry?: LearningEntryView;
  pending: boolean;
  error: unknown;
  onSubmit: (body: LearningEntryBody & { status: 'draft' | 'logged' }) => void;
  onCancel?: () => void;
}) {
  const options = useLearningOptions();
  const recorded = entry !== undefined && entry.source !== 'self';
  const [kind, setKind] = useState<ManualLearningKind>(
    (MANUAL_LEARNING_KINDS as readonly string[]).includes(entry?.kind ?? '')
      ? (entry?.kind as ManualLearningKind)
      : 'workshop',
  );
  const [title, setTitle] = useState(entry?.title ?? '');
  const [date, setDate] = useState(entry ? entry.occurredAt.slice(0, 10) : today());
  const [hours, setHours] = useState(
    entry?.durationMinutes != null ? String(Math.round((entry.durationMinutes / 60) * 100) / 100) : '',
  );
  const [provider, setProvider] = useState(entry?.provider ?? '');
  const [link, setLink] = useState(entry?.link ?? '');
  const [willTry, setWillTry] = useState(entry?.willTry ?? '');
  const [practiceChange, setPracticeChange] = useState(entry?.practiceChange ?? '');
  const [competencyIds, setCompetencyIds] = useState<Set<string>>(
    new Set(entry?.competencies.map((c) => c.id) ?? []),
  );
  const [evidence, setEvidence] = useState<EvidenceDraft[]>(draftsOf(entry));
  const [hoursError, setHoursError] = useState<string>();
  const [status, setStatus] = useState<'draft' | 'logged'>('logged');

  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  const evidenceError =
    error instanceof ApiError
      ? error.problem.errors.find((e) => e.path.startsWith('/body/evidence'))?.message
      : undefined;
  const competencyError =
    error instanceof ApiError
      ? error.problem.errors.find((e) => e.path.startsWith('/body/competencyIds'))?.message
      : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const chosen = submitter?.value === 'draft' ? 'draft' : 'logged';
    setStatus(chosen);
    const minutes = minutesOf(hours);
    if (Number.isNaN(minutes) || (minutes ?? 0) > DURATION_MAX_MINUTES) {
      setHoursError(`must be a number of hours between 0 and ${DURATION_MAX_MINUTES / 60}`);
      return;
    }
    setHoursError(undefined);
    const shared = {
      willTry,
      practiceChange,
      competencyIds: [...competencyIds],
      evidence: evidence.map(({ label: _label, ...item }) => item),
    };
    if (recorded) onSubmit({ ...shared } as LearningEntryBody & { status: 'logged' });
    else
      onSubmit({
        ...shared,
        status: chosen,
        kind,
        title,
        occurredAt: date,
        durationMinutes: minutes,
        provider,
        link: link.trim() || null,
      });
  };

  const frameworks = options.data?.frameworks ?? [];
  return (
    <form
      className="learning-form"
      onSubmit={submit}
      noValidate
      aria-label={entry ? 'Edit learning' : 'Log learning'}
    >
      {!recorded && (
        <>
          <SelectField
            label="Kind"
            value={kind}
            error={fieldError('kind')}
            onChange={(e) => setKind(e.target.value as ManualLearningKind)}
          >
            {MANUAL_LEARNING_KINDS.map((k) => (
              <option key={k} value={k}>
                {MANUAL_LEARNING_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Title"
            required
            maxLength={200}
            value={title}
            error={fieldError('title')}
            hint="What it was, as you would name it on a transcript."
            onChange={(e) => setTitle(e.target.value)}
          />
          <div className="grid">
            <TextField
              label="Date"
              type="date"
              required
              value={date}
              error={fieldError('occurredAt')}
              onChange={(e) => setDate(e.target.value)}
            />
            <TextField
              label="Hours"
              inputMode="decimal"
              hint="For example 1.5"
              value={hours}
              error={hoursError ?? fieldError('durationMinutes')}
              onChange={(e) => setHours(e.target.value)}
            />
          </div>
          <div className="grid">
            <TextField
              label="Provider (optional)"
              hint="Who offered it: a district, a conference, a host."
              maxLength={200}
              value={provider}
              error={fieldError('provider')}
              onChange={(e) => setProvider(e.target.value)}
            />
            <TextField
              label="Link (optional)"
              type="url"
              inputMode="url"
              placeholder="https://"
              value={link}
              error={fieldError('link')}
              onChange={(e) => setLink(e.target.value)}
            />
          </div>
        </>
      )}
      <fieldset className={`field${competencyError ? ' field--invalid' : ''}`}>
        <legend>Competencies (optional)</legend>
        {options.isPending ? (
          <p className="muted">Loading your district's frameworks…</p>
        ) : frameworks.every((f) => f.competencies.length === 0) ? (
          <p className="field__hint">Your district has no competency frameworks yet.</p>
        ) : (
          frameworks
            .filter((f) => f.competencies.length > 0)
            .map((framework) => (
              <details key={framework.id} open={framework.competencies.some((c) => competencyIds.has(c.id))}>
                <summary>{framework.title}</summary>
                <div className="choice-list">
                  {framework.competencies.map((c) => (
                    <label key={c.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={competencyIds.has(c.id)}
                        onChange={(e) => {
                          const next = new Set(competencyIds);
                          if (e.target.checked) next.add(c.id);
                          else next.delete(c.id);
                          setCompetencyIds(next);
                        }}
                      />
                      {c.code ? `${c.code} ` : ''}
                      {c.statement}
                    </label>
                  ))}
                </div>
              </details>
            ))
        )}
        {competencyError && <p className="field__error">{competencyError}</p>}
      </fieldset>
      <TextArea
        label="What I will try (optional)"
        rows={3}
        maxLength={5000}
        value={willTry}
        error={fieldError('willTry')}
        onChange={(e) => setWillTry(e.target.value)}
      />
      <TextArea
        label="What changed in my practice (optional)"
        rows={3}
        maxLength={5000}
        value={practiceChange}
        error={fieldError('practiceChange')}
        onChange={(e) => setPracticeChange(e.target.value)}
      />
      <EvidenceEditor evidence={evidence} onChange={setEvidence} error={evidenceError} />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button" value="logged" disabled={pending}>
          {pending && status === 'logged'
            ? 'Saving…'
            : entry && entry.status === 'logged'
              ? 'Save'
              : 'Log learning'}
        </button>
        {!recorded && (!entry || entry.status === 'draft') && (
          <button type="submit" className="button button--secondary" value="draft" disabled={pending}>
            {pending && status === 'draft' ? 'Saving draft…' : 'Save as draft'}
          </button>
        )}
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
