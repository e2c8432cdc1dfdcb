import type { Problem } from '#shared/contracts/common.ts';
import type { ResourceFileView } from '#shared/contracts/resources.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** The largest file the server accepts by default (RESOURCE_FILE_MAX_BYTES). */
export const RESOURCE_FILE_MAX_BYTES = 100 * 1024 * 1024;

/** The types the server accepts, for the file picker; the server decides by content regardless. */
export const RESOURCE_FILE_ACCEPT =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp,.gif,.mp4,.webm,.mov,.txt,application/pdf,image/*,video/mp4,video/webm,video/quicktime,text/plain';

/**
 * Uploads a file for a resource, reporting progress (fetch cannot report an upload's progress, so
 * this one request uses XMLHttpRequest). Rejects with the server's problem details.
 */
export function uploadResourceFile(
  file: File,
  options: { csrfToken: string | null; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<ResourceFileView> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/resource-files');
    request.setRequestHeader('accept', 'application/json');
    if (options.csrfToken) request.setRequestHeader('x-csrf-token', options.csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(request.responseText);
      } catch {
        payload = null;
      }
      if (request.status === 201 && payload) return resolve((payload as { data: ResourceFileView }).data);
      const problem: Problem =
        payload && typeof payload === 'object' && 'title' in payload
          ? { ...(payload as Problem), errors: (payload as Problem).errors ?? [] }
          : {
              type: 'about:blank',
              title: 'Upload failed',
              status: request.status,
              detail: 'The server could not keep this file.',
              code: 'unknown',
              errors: [],
            };
      reject(new ApiError(request.status, problem));
    };
    request.onerror = () =>
      reject(new Error('The upload was interrupted. Check your connection and try again.'));
    request.onabort = () => reject(new Error('Upload cancelled.'));
    options.signal?.addEventListener('abort', () => request.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
