import { useMutation } from '@tanstack/react-query';
import type { AttachmentView } from '#shared/contracts/discussion.ts';
import { api } from '#web/lib/api-client.ts';

/** The largest file the server accepts by default. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export async function uploadAttachment(file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await api<{ data: AttachmentView }>('/attachments', { method: 'POST', formData: form })).data;
}

export function useUploadAttachment() {
  return useMutation({ mutationFn: uploadAttachment });
}
