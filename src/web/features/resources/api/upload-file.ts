import type { ResourceFileView } from '#shared/contracts/resources.ts';
import { type UploadOptions, uploadFile } from '#web/lib/upload-file.ts';

/** The largest file the server accepts by default (RESOURCE_FILE_MAX_BYTES). */
export const RESOURCE_FILE_MAX_BYTES = 100 * 1024 * 1024;

/** The types the server accepts, for the file picker; the server decides by content regardless. */
export const RESOURCE_FILE_ACCEPT =
  '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp,.gif,.mp4,.webm,.mov,.txt,application/pdf,image/*,video/mp4,video/webm,video/quicktime,text/plain';

/** Uploads a file for a resource, reporting progress. Rejects with the server's problem details. */
export function uploadResourceFile(file: File, options: UploadOptions): Promise<ResourceFileView> {
  return uploadFile<ResourceFileView>('/api/resource-files', file, options);
}
