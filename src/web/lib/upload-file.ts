import type { Problem } from '#shared/contracts/common.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** What an upload is told as it goes: the CSRF token, progress, and a signal to cancel it. */
export interface UploadOptions {
  csrfToken: string | null;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

const failed = (status: number): Problem => ({
  type: 'about:blank',
  title: 'Upload failed',
  status,
  detail: 'The server could not keep this file.',
  code: 'unknown',
  errors: [],
});

/**
 * Posts one file to Trellis in the multipart field "file", reporting progress (fetch cannot report
 * an upload's progress, so this one request uses XMLHttpRequest). Resolves with the `data` of a 201
 * answer; rejects with the server's problem details.
 */
export function uploadFile<T>(url: string, file: File, options: UploadOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
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
      if (request.status === 201 && payload) return resolve((payload as { data: T }).data);
      const problem: Problem =
        payload && typeof payload === 'object' && 'title' in payload
          ? { ...(payload as Problem), errors: (payload as Problem).errors ?? [] }
          : failed(request.status);
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
