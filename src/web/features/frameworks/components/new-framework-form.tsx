import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  FRAMEWORK_DESCRIPTION_MAX,
  FRAMEWORK_TITLE_MAX,
  type FrameworkOwner,
} from '#shared/contracts/frameworks.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useCreateFramework } from '../api/save-framework.ts';
import { OwnerSelect } from './owner-select.tsx';

/** Starts an empty framework for a district or network the person administers, then opens it. */
export function NewFrameworkForm({ owners, onCancel }: { owners: FrameworkOwner[]; onCancel: () => void }) {
  const create = useCreateFramework();
  const navigate = useNavigate();
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = create.error instanceof ApiError ? create.error : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    if (!text('title')) {
      setLocalError('Give the framework a title.');
      return;
    }
    setLocalError(null);
    create.mutate(
      { ownerOrgId: text('ownerOrgId'), title: text('title'), description: text('description') },
      { onSuccess: (framework) => navigate(`/frameworks/${framework.id}`) },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="framework-form" aria-labelledby="new-framework-heading">
      <h2 id="new-framework-heading">New framework</h2>
      <ErrorMessage error={create.error} />
      <OwnerSelect owners={owners} error={apiError?.fieldError('ownerOrgId')} />
      <TextField
        label="Title"
        name="title"
        required
        maxLength={FRAMEWORK_TITLE_MAX}
        error={apiError?.fieldError('title') ?? localError ?? undefined}
      />
      <TextArea
        label="Description"
        name="description"
        rows={3}
        maxLength={FRAMEWORK_DESCRIPTION_MAX}
        hint="What the framework describes and who wrote it. Plain text."
        error={apiError?.fieldError('description')}
      />
      <FormActions
        label="Create framework"
        pendingLabel="Creating…"
        pending={create.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
