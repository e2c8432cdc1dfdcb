import type { EvidenceUploadResponse } from '#shared/contracts/learning.ts';
import { type UploadOptions, uploadFile } from '#web/lib/upload-file.ts';

/** What the file picker offers; the server decides by content regardless. */
export const EVIDENCE_FILE_ACCEPT =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp,.gif,.txt,application/pdf,image/*,text/plain';

/** Uploads a file of evidence (a certificate, slides, notes), reporting progress. */
export function uploadEvidenceFile(file: File, options: UploadOptions): Promise<EvidenceUploadResponse> {
  return uploadFile<EvidenceUploadResponse>('/api/learning/evidence-files', file, options);
}
