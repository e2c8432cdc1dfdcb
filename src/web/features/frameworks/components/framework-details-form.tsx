import { type FormEvent, useState } from 'react';
import {
  FRAMEWORK_DESCRIPTION_MAX,
  FRAMEWORK_TITLE_MAX,
  type FrameworkDetail,
} from '#shared/contracts/frameworks.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useUpdateFramework } from '../api/save-framework.ts';

/** The owner's admins edit a framework's title and description. */
export function FrameworkDetailsForm({
  framework,
  onDone,
}: {
  framework: FrameworkDetail;
  onDone: (saved: boolean) => void;
}) {
  const update = useUpdateFramework(framework.id);
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = update.error instanceof ApiError ? update.error : null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get('title') ?? '').trim();
    if (!title) {
      setLocalError('Give the framework a title.');
      return;
    }
    setLocalError(null);
    update.mutate(
      { title, description: String(form.get('description') ?? '').trim() },
      { onSuccess: () => onDone(true) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="framework-form" aria-labelledby="framework-edit-heading">
      <h2 id="framework-edit-heading">Edit details</h2>
      <ErrorMessage error={update.error} />
      <TextField
        label="Title"
        name="title"
        required
        maxLength={FRAMEWORK_TITLE_MAX}
        defaultValue={framework.title}
        error={apiError?.fieldError('title') ?? localError ?? undefined}
      />
      <TextArea
        label="Description"
        name="description"
        rows={3}
        maxLength={FRAMEWORK_DESCRIPTION_MAX}
        defaultValue={framework.description}
        error={apiError?.fieldError('description')}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
