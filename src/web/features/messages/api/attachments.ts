import type { AttachmentView } from '#shared/contracts/discussion.ts';
import { api } from '#web/lib/api-client.ts';

/** Uploads a file for a message being written: it stays the writer's alone until the message is sent. */
export async function uploadMessageAttachment(file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await api<{ data: AttachmentView }>('/message-attachments', { method: 'POST', formData: form }))
    .data;
}
