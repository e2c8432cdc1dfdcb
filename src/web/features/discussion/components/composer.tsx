import type { ReactNode } from 'react';
import type { DraftKind } from '#shared/contracts/reading.ts';
import { Composer as SharedComposer, type ComposerDraft, formatBytes } from '#web/components/composer.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { ATTACHMENT_MAX_BYTES, uploadAttachment } from '../api/attachments.ts';
import { useDraftStore } from '../api/drafts.ts';
import { searchPeople } from '../api/people.ts';
import { previewMarkdown } from '../api/preview.ts';

export type Draft = ComposerDraft;
export { formatBytes };

/**
 * The discussion's composer: the shared one (components/composer.tsx) with the directory for
 * mentions, discussion attachments for files and images, the server's preview and, for a reply to a
 * thread or a new thread, drafts kept on the server.
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
  draftTarget,
  draftFields,
  onDraftFields,
  canSubmit,
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
  /** Where the draft is kept: a reply in a thread, or a new thread in a community. */
  draftTarget?: { kind: DraftKind; id: string };
  draftFields?: Record<string, string>;
  onDraftFields?: (fields: Record<string, string>) => void;
  canSubmit?: boolean;
}) {
  const draft = useDraftStore(draftTarget);
  const problem = error instanceof ApiError ? error : null;
  return (
    <SharedComposer
      label={label}
      submitLabel={submitLabel}
      onSubmit={onSubmit}
      error={error}
      pending={pending}
      initialBody={initialBody}
      extraFields={extraFields}
      draftFields={draftFields}
      onDraftFields={onDraftFields}
      onCancel={onCancel}
      searchPeople={searchPeople}
      upload={allowAttachments ? uploadAttachment : undefined}
      maxUploadBytes={ATTACHMENT_MAX_BYTES}
      preview={previewMarkdown}
      draft={draft}
      bodyError={problem?.fieldError('body')}
      attachmentsError={problem?.fieldError('attachmentIds')}
      canSubmit={canSubmit}
    />
  );
}
