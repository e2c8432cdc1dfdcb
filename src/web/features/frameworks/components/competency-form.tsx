import { type FormEvent, useState } from 'react';
import {
  COMPETENCY_CODE_MAX,
  COMPETENCY_DESCRIPTION_MAX,
  COMPETENCY_STATEMENT_MAX,
  type Competency,
} from '#shared/contracts/frameworks.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';

export interface CompetencyFormValues {
  code: string;
  statement: string;
  description: string;
  /** Only when the form offers a choice of parent. */
  parentId?: string | null;
}

const TOP = '';

/** A competency's code, statement and description, and (when editing) the competency it sits under. */
export function CompetencyForm({
  competency,
  parents,
  legend,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  competency?: Competency;
  /** Where it may sit (never under itself or one of its own); omitted: the form does not move it. */
  parents?: Competency[];
  legend: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: CompetencyFormValues) => void;
  onCancel: () => void;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = error instanceof ApiError ? error : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    if (!text('statement')) {
      setLocalError('Write what the competency is.');
      return;
    }
    setLocalError(null);
    onSubmit({
      code: text('code'),
      statement: text('statement'),
      description: text('description'),
      ...(parents ? { parentId: text('parentId') || null } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate className="competency-form">
      <fieldset>
        <legend>{legend}</legend>
        <ErrorMessage error={error} />
        <TextField
          label="Code"
          name="code"
          maxLength={COMPETENCY_CODE_MAX}
          hint="A short code such as TLP.2.1 (optional)."
          defaultValue={competency?.code ?? ''}
          error={apiError?.fieldError('code')}
          // The form opens at the person's request, so its first field takes the keyboard's focus.
          autoFocus
        />
        <TextArea
          label="Statement"
          name="statement"
          rows={2}
          required
          maxLength={COMPETENCY_STATEMENT_MAX}
          defaultValue={competency?.statement ?? ''}
          error={apiError?.fieldError('statement') ?? localError ?? undefined}
        />
        <TextArea
          label="Description"
          name="description"
          rows={2}
          maxLength={COMPETENCY_DESCRIPTION_MAX}
          hint="What it looks like in practice (optional). Plain text."
          defaultValue={competency?.description ?? ''}
          error={apiError?.fieldError('description')}
        />
        {parents && (
          <SelectField
            label="Sits under"
            name="parentId"
            defaultValue={competency?.parentId ?? TOP}
            error={apiError?.fieldError('parentId')}
          >
            <option value={TOP}>The top level</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code ? `${p.code} ` : ''}
                {p.statement.length > 80 ? `${p.statement.slice(0, 80)}…` : p.statement}
              </option>
            ))}
          </SelectField>
        )}
        <FormActions label={submitLabel} pending={pending} onCancel={onCancel} />
      </fieldset>
    </form>
  );
}
