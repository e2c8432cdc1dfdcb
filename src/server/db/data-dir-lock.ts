/**
 * One Trellis per DATA_DIR: an exclusive lock the kernel holds for as long as the process lives
 * (decision 010). A small `flock` child takes the lock and waits on a pipe from this process; the
 * pipe closes however this process ends (even kill -9), the child ends and the kernel releases the
 * lock. A pid file would not do: in containers a restarted process often gets the same pid.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = '.trellis.lock';
/** What `flock --nonblock` exits with when someone else holds the lock. */
const CONFLICT_EXIT = 75;

export interface DataDirLock {
  release(): void;
}

export class DataDirInUseError extends Error {}

/**
 * Takes the DATA_DIR lock or rejects: with DataDirInUseError when another live process holds it,
 * with a plain error when `flock` (util-linux) is missing.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const child = spawn(
    'flock',
    [
      '--exclusive',
      '--nonblock',
      '--conflict-exit-code',
      String(CONFLICT_EXIT),
      file,
      'sh',
      '-c',
      'echo locked; exec cat >/dev/null',
    ],
    // Its own process group: Ctrl-C in a terminal must not release the lock while Trellis shuts down.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.once('data', () => resolve());
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'Trellis locks DATA_DIR with `flock`, which is not installed: install util-linux (Debian, Ubuntu, Fedora) or `brew install flock` (macOS).'
            : `Could not lock DATA_DIR ${dataDir}: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(
        code === CONFLICT_EXIT
          ? new DataDirInUseError(
              `Another Trellis is using DATA_DIR ${dataDir} (it holds ${file}). Stop that one first, or give this one a DATA_DIR of its own.`,
            )
          : new Error(`Could not lock DATA_DIR ${dataDir}: flock exited with ${code}. ${stderr.trim()}`),
      ),
    );
  });
  // The lock must not keep this process alive on its own.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    release: () => {
      child.stdin?.end();
    },
  };
}
