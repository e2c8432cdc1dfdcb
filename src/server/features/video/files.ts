import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '#server/platform/config.ts';

/**
 * Where a video's files live. ffmpeg reads and writes files, so videos use the storage folder on
 * local disk (DATA_DIR/files): the upload arrives in `video-uploads/`, its original moves to
 * `videos/<id>/source` and its renditions sit beside it. Every key here is also a storage key, so
 * export and erasure reach them through `app.storage` like any other file.
 */
export const filesRoot = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'files');
export const uploadsDir = (config: Pick<Config, 'dataDir'>) => path.join(filesRoot(config), 'video-uploads');

export const sourceKey = (videoId: string) => `videos/${videoId}/source`;
export const renditionKey = (videoId: string, kind: '720p' | '360p' | 'poster') =>
  `videos/${videoId}/${kind}.${kind === 'poster' ? 'jpg' : 'mp4'}`;
/** A clip's file is named by its range, so grants of the same clip share one file. */
export const clipKey = (videoId: string, clip: { start: number; end: number }) =>
  `videos/${videoId}/clip-${Math.round(clip.start * 1000)}-${Math.round(clip.end * 1000)}.mp4`;

export const filePath = (config: Pick<Config, 'dataDir'>, key: string) => path.join(filesRoot(config), key);

/** Removes an unfinished tus upload's bytes and its metadata. */
export async function removeUpload(config: Pick<Config, 'dataDir'>, videoId: string): Promise<void> {
  const file = path.join(uploadsDir(config), videoId);
  await rm(file, { force: true });
  await rm(`${file}.json`, { force: true });
}

/** Removes every file of a video: source, renditions, clips (the whole folder) and any unfinished upload. */
export async function removeVideoFiles(config: Pick<Config, 'dataDir'>, videoId: string): Promise<void> {
  await rm(path.join(filesRoot(config), 'videos', videoId), { recursive: true, force: true });
  await removeUpload(config, videoId);
}
