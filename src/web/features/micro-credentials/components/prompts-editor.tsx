import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_PROMPT_MAX,
  EVIDENCE_PROMPTS_MAX,
  type EvidenceKind,
} from '#shared/contracts/micro-credentials.ts';
import { SelectField, TextArea } from '#web/components/field.tsx';
import { errorAt, errorsUnder } from './field-errors.ts';

/** A prompt as the form holds it; `key` keeps React's rows apart, `id` is the server's (kept on edit). */
export interface PromptDraft {
  key: string;
  id?: string;
  kind: EvidenceKind;
  prompt: string;
  required: boolean;
}

let nextKey = 0;
export const newPromptKey = () => `prompt-${++nextKey}`;

/** Moves the item at `from` by `by` places (clamped), returning a new list. */
export function move<T>(list: T[], from: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, from + by));
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** The evidence a micro-credential asks for: prompts to add, word, reorder, mark required and remove. */
export function PromptsEditor({
  value,
  onChange,
  error,
}: {
  value: PromptDraft[];
  onChange: (prompts: PromptDraft[]) => void;
  error: unknown;
}) {
  const update = (i: number, change: Partial<PromptDraft>) =>
    onChange(value.map((p, j) => (j === i ? { ...p, ...change } : p)));
  const listError = errorAt(error, '/body/evidencePrompts');
  return (
    <fieldset className="prompts-editor">
      <legend>Evidence prompts</legend>
      <p className="field__hint">
        What earners answer, in order. Each is a reflection, a file, a link, a video, a resource or an
        activity.
      </p>
      {listError && <p className="field__error">{listError}</p>}
      {value.length === 0 && <p className="muted">No prompts yet.</p>}
      <ol className="prompts-editor__list">
        {value.map((prompt, i) => (
          <li key={prompt.key} className="prompts-editor__item">
            <SelectField
              label={`Prompt ${i + 1}: kind of evidence`}
              value={prompt.kind}
              onChange={(e) => update(i, { kind: e.target.value as EvidenceKind })}
              error={errorAt(error, `/body/evidencePrompts/${i}/kind`)}
            >
              {EVIDENCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {EVIDENCE_KIND_LABELS[kind]}
                </option>
              ))}
            </SelectField>
            <TextArea
              label={`Prompt ${i + 1}: what to ask`}
              rows={2}
              maxLength={EVIDENCE_PROMPT_MAX}
              value={prompt.prompt}
              onChange={(e) => update(i, { prompt: e.target.value })}
              error={
                errorsUnder(error, `/body/evidencePrompts/${i}/prompt`) ??
                errorAt(error, `/body/evidencePrompts/${i}/id`)
              }
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={prompt.required}
                onChange={(e) => update(i, { required: e.target.checked })}
              />{' '}
              Required
            </label>
            <div className="actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={i === 0}
                onClick={() => onChange(move(value, i, -1))}
              >
                Move up<span className="visually-hidden"> prompt {i + 1}</span>
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={i === value.length - 1}
                onClick={() => onChange(move(value, i, 1))}
              >
                Move down<span className="visually-hidden"> prompt {i + 1}</span>
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                Remove<span className="visually-hidden"> prompt {i + 1}</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button--secondary"
        disabled={value.length >= EVIDENCE_PROMPTS_MAX}
        onClick={() =>
          onChange([...value, { key: newPromptKey(), kind: 'reflection', prompt: '', required: true }])
        }
      >
        Add a prompt
      </button>
    </fieldset>
  );
}
