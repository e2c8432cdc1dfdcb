import type { Problem } from '#shared/contracts/common.ts';
import type { SubmissionFile } from '#shared/contracts/submissions.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** What the file pickers offer; the server decides by content regardless. */
export const EVIDENCE_FILE_ACCEPT =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp,.gif,.txt,application/pdf,image/*,text/plain';
export const EVIDENCE_VIDEO_ACCEPT = '.mp4,.webm,.mov,video/mp4,video/webm,video/quicktime';

const failed = (status: number): Problem => ({
  type: 'about:blank',
  title: 'Upload failed',
  status,
  detail: 'The server could not keep this file.',
  code: 'unknown',
  errors: [],
});

/**
 * Uploads a file of evidence for one prompt, reporting progress (fetch cannot report an upload's
 * progress, so this one request uses XMLHttpRequest). Rejects with the server's problem details.
 */
export function uploadEvidenceFile(
  submissionId: string,
  promptId: string,
  file: File,
  options: { csrfToken: string | null; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<SubmissionFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/submissions/${submissionId}/files?promptId=${encodeURIComponent(promptId)}`);
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
      if (request.status === 201 && payload) return resolve((payload as { data: SubmissionFile }).data);
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
