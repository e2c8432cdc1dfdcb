import type { ComposerPerson } from '#web/components/composer.tsx';
import { api } from '#web/lib/api-client.ts';
import { findRecipients } from './recipients.ts';

/** The composer's @-autocomplete in a message: people the writer may message. */
export async function searchMentionable(q: string, signal: AbortSignal): Promise<ComposerPerson[]> {
  const found = await findRecipients(q, signal);
  return found.data.map((p) => ({ id: p.id, name: p.name, detail: p.districtName }));
}

/** Markdown rendered and sanitized by the server, as the message will show. */
export async function previewMessage(body: string, signal: AbortSignal): Promise<string> {
  return (
    await api<{ data: { html: string } }>('/markdown/preview', { method: 'POST', body: { body }, signal })
  ).data.html;
}
