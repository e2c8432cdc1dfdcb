import type { SubmissionFile } from '#shared/contracts/submissions.ts';
import { type UploadOptions, uploadFile } from '#web/lib/upload-file.ts';

/** What the file pickers offer; the server decides by content regardless. */
export const EVIDENCE_FILE_ACCEPT =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp,.gif,.txt,application/pdf,image/*,text/plain';
export const EVIDENCE_VIDEO_ACCEPT = '.mp4,.webm,.mov,video/mp4,video/webm,video/quicktime';

/**
 * Uploads a file of evidence for one prompt, reporting progress. Rejects with the server's problem
 * details.
 */
export function uploadEvidenceFile(
  submissionId: string,
  promptId: string,
  file: File,
  options: UploadOptions,
): Promise<SubmissionFile> {
  return uploadFile<SubmissionFile>(
    `/api/submissions/${submissionId}/files?promptId=${encodeURIComponent(promptId)}`,
    file,
    options,
  );
}
