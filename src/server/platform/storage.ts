import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploaded files live. Local disk by default; an S3-compatible store implements the same. */
export interface Storage {
  put(key: string, data: Buffer): Promise<void>;
  /**
   * Stores a stream as it arrives, without holding it in memory, and returns its size. When the
   * stream fails (too large, cut off) nothing is left behind and the error is rethrown.
   */
  putStream(key: string, source: Readable): Promise<number>;
  /** A stream of the file, or null when there is none. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Files under one directory; keys are checked so none can escape it. */
export function localStorage(root: string): Storage {
  const resolve = (key: string) => {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`Unsafe storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key, data) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, data);
      await rename(partial, file);
    },
    async putStream(key, source) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      const sink = createWriteStream(partial);
      try {
        await pipeline(source, sink);
        await rename(partial, file);
        return sink.bytesWritten;
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const file = resolve(key);
      try {
        const info = await stat(file);
        return { stream: createReadStream(file), size: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(resolve(key), { force: true });
    },
  };
}

/** What an unfinished write is called: `<key>.<pid>[.<ms>].partial` (see `put` and `putStream`). */
const PARTIAL_FILE = /\.\d+(?:\.\d+)?\.partial$/;
/** How long a partial file must have been left untouched before it counts as abandoned. */
export const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Removes the partial files that writes cut short by a crash (kill -9 during an upload) left under
 * `root`, and returns how many. Only files untouched for `olderThanMs`: several instances may share
 * one storage folder, and another live instance may be writing one right now (an upload in progress
 * keeps its file's modification time fresh). The pid in a name cannot tell whose it is: in
 * containers every instance may have the same pid.
 */
export async function removeAbandonedPartials(
  root: string,
  olderThanMs = ABANDONED_PARTIAL_MS,
  now = Date.now(),
): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(root, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    if (!PARTIAL_FILE.test(entry)) continue;
    const file = path.join(root, entry);
    try {
      const info = await stat(file);
      if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue;
      await rm(file, { force: true });
      removed++;
    } catch {
      // gone meanwhile (finished, or removed by another instance)
    }
  }
  return removed;
}
