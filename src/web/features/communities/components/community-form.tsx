import { type FormEvent, useState } from 'react';
import {
  COMMUNITY_KIND_LABELS,
  COMMUNITY_KINDS,
  type CommunityDetail,
  FOCUS_MAX,
  JOIN_POLICIES,
  JOIN_POLICY_LABELS,
  NAME_MAX,
  PURPOSE_MAX,
} from '#shared/contracts/communities.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';

export interface CommunityFormValues {
  kind: string;
  ownerId?: string;
  name: string;
  purpose: string;
  studentFocus: string;
  subjects: string[];
  gradeBands: string[];
  joinPolicy: string;
}

const OWNER_KIND_LABELS = { district: 'District', school: 'School', network: 'Network' } as const;

/** A group of checkboxes in a fieldset, with the field's error. */
function CheckboxGroup({
  legend,
  name,
  options,
  defaultValue,
  error,
}: {
  legend: string;
  name: string;
  options: readonly string[];
  defaultValue: string[];
  error?: string;
}) {
  const errorId = error ? `${name}-error` : undefined;
  return (
    <fieldset aria-describedby={errorId} className={error ? 'field--invalid' : undefined}>
      <legend>{legend}</legend>
      <div className="community-form__choices">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={option}
              defaultChecked={defaultValue.includes(option)}
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
 * The details of a community, for creating one (with its owner) or editing one. Errors from the
 * server are shown beside their fields.
 */
export function CommunityForm({
  community,
  owners,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  community?: CommunityDetail;
  /** The organizations to choose an owner from; left out when editing (the owner does not change). */
  owners?: Array<{ kind: 'school' | 'district' | 'network'; id: string; name: string }>;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: CommunityFormValues) => void;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = error instanceof ApiError ? error : null;
  const fieldError = (name: string) =>
    apiError?.fieldError(name) ?? (name === 'name' ? (localError ?? undefined) : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    if (!text('name')) {
      setLocalError('Give the community a name.');
      return;
    }
    setLocalError(null);
    onSubmit({
      kind: text('kind'),
      ...(owners ? { ownerId: text('ownerId') } : {}),
      name: text('name'),
      purpose: text('purpose'),
      studentFocus: text('studentFocus'),
      subjects: form.getAll('subjects').map(String),
      gradeBands: form.getAll('gradeBands').map(String),
      joinPolicy: text('joinPolicy'),
    });
  };

  return (
    <form onSubmit={submit} noValidate className="community-form">
      <ErrorMessage error={error} />
      <TextField
        label="Name"
        name="name"
        required
        maxLength={NAME_MAX}
        defaultValue={community?.name ?? ''}
        error={fieldError('name')}
      />
      <SelectField
        label="Kind"
        name="kind"
        defaultValue={community?.kind ?? 'plc'}
        error={fieldError('kind')}
      >
        {COMMUNITY_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {COMMUNITY_KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      {owners && (
        <SelectField
          label="Owned by"
          name="ownerId"
          hint="Who the community belongs to decides who can find it: a school or district's staff, or every district of a network."
          error={fieldError('ownerId')}
          defaultValue={owners.find((o) => o.kind === 'network')?.id ?? owners[0]?.id ?? ''}
        >
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {OWNER_KIND_LABELS[owner.kind]}: {owner.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextArea
        label="Purpose"
        name="purpose"
        rows={4}
        maxLength={PURPOSE_MAX}
        hint="What the community works on together."
        defaultValue={community?.purpose ?? ''}
        error={fieldError('purpose')}
      />
      <TextArea
        label="Student-learning focus"
        name="studentFocus"
        rows={3}
        maxLength={FOCUS_MAX}
        hint="What students should learn better because of this work."
        defaultValue={community?.studentFocus ?? ''}
        error={fieldError('studentFocus')}
      />
      <CheckboxGroup
        legend="Subjects"
        name="subjects"
        options={SUBJECTS}
        defaultValue={community?.subjects ?? []}
        error={fieldError('subjects')}
      />
      <CheckboxGroup
        legend="Grade bands"
        name="gradeBands"
        options={GRADE_BANDS}
        defaultValue={community?.gradeBands ?? []}
        error={fieldError('gradeBands')}
      />
      <SelectField
        label="Who may join"
        name="joinPolicy"
        defaultValue={community?.joinPolicy ?? 'request'}
        error={fieldError('joinPolicy')}
        hint="Open communities are read by everyone they belong to; by-request communities are listed, but only members read them; invitation communities are seen by members and invitees alone."
      >
        {JOIN_POLICIES.map((policy) => (
          <option key={policy} value={policy}>
            {JOIN_POLICY_LABELS[policy]}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
