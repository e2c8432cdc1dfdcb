import { api } from '#web/lib/api-client.ts';

/** Markdown rendered and sanitized by the server, exactly as a saved post would show it. */
export async function previewMarkdown(body: string, signal: AbortSignal): Promise<string> {
  return (
    await api<{ data: { html: string } }>('/markdown/preview', { method: 'POST', body: { body }, signal })
  ).data.html;
}
