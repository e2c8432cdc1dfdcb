import { type FormEvent, useState } from 'react';
import {
  COLLECTION_DESCRIPTION_MAX,
  COLLECTION_TITLE_MAX,
  type CollectionDetail,
} from '#shared/contracts/collections.ts';
import type { AudienceOptions } from '#shared/contracts/resources.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { type AudienceChoice, AudienceSelect } from '#web/features/resources/components/audience-select.tsx';

export interface CollectionFormValues extends AudienceChoice {
  title: string;
  description: string;
}

/** A collection's title, description and audience, for creating one or editing one. */
export function CollectionForm({
  collection,
  options,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  collection?: CollectionDetail;
  options: AudienceOptions;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: CollectionFormValues) => void;
  onCancel?: () => void;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = error instanceof ApiError ? error : null;
  const current = collection
    ? { audience: collection.audience.audience, audienceId: collection.audienceId }
    : null;
  const [audience, setAudience] = useState<AudienceChoice>(
    current ?? {
      audience: options.school ? 'school' : 'district',
      audienceId: options.school?.id ?? options.district.id,
    },
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    if (!text('title')) {
      setLocalError('Give the collection a title.');
      return;
    }
    setLocalError(null);
    onSubmit({ title: text('title'), description: text('description'), ...audience });
  };

  return (
    <form onSubmit={submit} noValidate className="collection-form">
      <ErrorMessage error={error} />
      <TextField
        label="Title"
        name="title"
        required
        maxLength={COLLECTION_TITLE_MAX}
        defaultValue={collection?.title ?? ''}
        error={apiError?.fieldError('title') ?? localError ?? undefined}
      />
      <TextArea
        label="Description"
        name="description"
        rows={4}
        maxLength={COLLECTION_DESCRIPTION_MAX}
        hint="What the collection is for and how to use it. Plain text."
        defaultValue={collection?.description ?? ''}
        error={apiError?.fieldError('description')}
      />
      <AudienceSelect
        value={audience}
        onChange={setAudience}
        current={collection && current ? { choice: current, name: collection.audience.name } : undefined}
        hint="The resources in it keep their own sharing: people see only those shared with them."
        error={apiError?.fieldError('audienceId') ?? apiError?.fieldError('audience')}
      />
      <FormActions label={submitLabel} pending={pending} onCancel={onCancel} />
    </form>
  );
}
