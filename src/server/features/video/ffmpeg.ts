/**
 * Running ffmpeg on teachers' uploads. The binary comes from `@ffmpeg-installer/linux-x64` (a 2018
 * build, pinned), so it only ever runs on an untrusted file in a process of its own: one thread, the
 * lowest priority (nice 19), a limit on its address space and CPU time, a wall-clock limit after
 * which it is killed, and no network (its protocol whitelist is `file,pipe`). The site keeps its
 * response times while it works because it can hold at most one core, at the lowest priority.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RenditionKind } from '#shared/contracts/video.ts';

const require = createRequire(import.meta.url);

/** The ffmpeg binary shipped in the npm package (no download at install). */
export const ffmpegPath = path.join(
  path.dirname(require.resolve('@ffmpeg-installer/linux-x64/package.json')),
  'ffmpeg',
);

/** ffmpeg may address this much memory (bytes); x264 at 720p on one thread needs a few hundred MB. */
export const FFMPEG_MEMORY_BYTES = 1536 * 1024 * 1024;

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p)) ?? null;

/** What a rendition is made as: its height, quality and audio bit rate. */
/**
 * The 720p rendition uses x264's `superfast` preset: on one core at the lowest priority a 45-minute
 * lesson must be ready in less than its own length (measured by tests/bench/transcode.ts).
 */
const SIZES: Record<
  '720p' | '360p' | 'clip',
  { height: number; crf: number; audio: string; preset: string }
> = {
  '720p': { height: 720, crf: 23, audio: '128k', preset: 'superfast' },
  '360p': { height: 360, crf: 27, audio: '96k', preset: 'veryfast' },
  clip: { height: 720, crf: 23, audio: '128k', preset: 'superfast' },
};

/**
 * The demuxers an input may be read with: the containers uploads are checked to be (MP4/QuickTime,
 * Matroska/WebM). Playlists (HLS, concat) and image sequences name other files, and `file` is an
 * allowed protocol, so reading one would let an input open files of the server.
 */
export const INPUT_FORMATS = 'mov,matroska';

/** Options every run takes: no stdin, quiet, local files and pipes only, the video containers only, one thread. */
const SAFE_INPUT = [
  '-nostdin',
  '-hide_banner',
  '-loglevel',
  'error',
  '-protocol_whitelist',
  'file,pipe',
  '-format_whitelist',
  INPUT_FORMATS,
  '-threads',
  '1',
];

export interface Range {
  start: number;
  end: number;
}

/**
 * The command that makes one rendition of `source` at `target`: H.264/AAC MP4 with fast start (so a
 * browser plays from the first bytes), or the poster frame as JPEG. `range` keeps only that part
 * (the teacher's trim, or a clip). Progress goes to stdout as `key=value` lines (`-progress pipe:1`).
 * Wrapped in the limits by `limitedCommand`.
 */
export function transcodeArgs(args: {
  source: string;
  target: string;
  kind: RenditionKind;
  range?: Range | null;
  /** Seconds of CPU after which ffmpeg is stopped. */
  cpuSeconds?: number;
  /** The source's length, so the poster frame is taken inside it. */
  durationSeconds?: number | null;
}): { command: string; args: string[] } {
  const { source, target, kind, range } = args;
  const seek = range ? ['-ss', range.start.toFixed(3)] : [];
  const length = range ? ['-t', Math.max(0.1, range.end - range.start).toFixed(3)] : [];
  let ffmpeg: string[];
  if (kind === 'poster') {
    // A frame a second in (a third of the way into a shorter video), 360 pixels high.
    const length = range ? range.end - range.start : (args.durationSeconds ?? 3);
    const at = (range?.start ?? 0) + Math.min(1, length / 3);
    ffmpeg = [
      ...SAFE_INPUT,
      '-ss',
      at.toFixed(3),
      '-i',
      source,
      '-frames:v',
      '1',
      '-vf',
      'scale=-2:360',
      '-q:v',
      '4',
      '-f',
      'image2',
      '-y',
      target,
    ];
  } else {
    const size = SIZES[kind];
    ffmpeg = [
      ...SAFE_INPUT,
      ...seek,
      '-i',
      source,
      ...length,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      `scale=-2:'min(${size.height},ih)'`,
      '-c:v',
      'libx264',
      '-preset',
      size.preset,
      '-crf',
      String(size.crf),
      '-pix_fmt',
      'yuv420p',
      '-threads',
      '1',
      '-filter_threads',
      '1',
      '-c:a',
      'aac',
      '-b:a',
      size.audio,
      '-ac',
      '2',
      '-movflags',
      '+faststart',
      '-max_muxing_queue_size',
      '1024',
      '-progress',
      'pipe:1',
      '-nostats',
      '-f',
      'mp4',
      '-y',
      target,
    ];
  }
  return limitedCommand(ffmpeg, args.cpuSeconds ?? 6 * 3600);
}

/** ffmpeg under the limits: prlimit when the system has it, else a shell's ulimit; nice 19 either way. */
export function limitedCommand(
  ffmpegArgs: string[],
  cpuSeconds: number,
): { command: string; args: string[] } {
  const cpu = Math.ceil(cpuSeconds);
  if (PRLIMIT)
    return {
      command: PRLIMIT,
      args: [
        `--as=${FFMPEG_MEMORY_BYTES}`,
        `--cpu=${cpu}`,
        '--',
        'nice',
        '-n',
        '19',
        ffmpegPath,
        ...ffmpegArgs,
      ],
    };
  return {
    command: '/bin/sh',
    args: [
      '-c',
      `ulimit -v ${Math.floor(FFMPEG_MEMORY_BYTES / 1024)}; ulimit -t ${cpu}; exec nice -n 19 "$0" "$@"`,
      ffmpegPath,
      ...ffmpegArgs,
    ],
  };
}

export class FfmpegError extends Error {}

/**
 * Runs a limited ffmpeg command; resolves when it exits 0. Killed after `timeoutMs`. `onProgress`
 * gets the seconds of output written so far, from `-progress` lines.
 */
export function runFfmpeg(
  command: { command: string; args: string[] },
  options: { timeoutMs: number; onProgress?: (seconds: number) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env: {} });
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new FfmpegError(`took longer than ${Math.round(options.timeoutMs / 1000)} seconds`));
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^out_time_(?:ms|us)=(\d+)/.exec(line);
        if (match) options.onProgress?.(Number(match[1]) / 1_000_000);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new FfmpegError(
            signal
              ? `was stopped (${signal}): the file may be too large or damaged`
              : lastLine(stderr) || `exited with ${code}`,
          ),
        );
    });
  });
}

const lastLine = (s: string) => s.trim().split('\n').pop()?.slice(0, 300) ?? '';

export interface Probe {
  durationSeconds: number;
  hasVideo: boolean;
  hasAudio: boolean;
  width: number | null;
  height: number | null;
}

/**
 * What ffmpeg reads in a file (its duration and streams), under the same limits. ffmpeg with only
 * an input prints the streams and exits 1, which is expected here; a file it cannot read says so.
 */
export function probeVideo(file: string, timeoutMs = 30_000): Promise<Probe | null> {
  const command = limitedCommand(
    [
      '-nostdin',
      '-hide_banner',
      '-protocol_whitelist',
      'file,pipe',
      '-format_whitelist',
      INPUT_FORMATS,
      '-i',
      file,
    ],
    60,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseProbe(stderr));
    });
  });
}

/** Reads ffmpeg's description of an input; null when it found no video stream or no duration. */
export function parseProbe(text: string): Probe | null {
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(text);
  const video = /Stream #\d+:\d+.*?: Video: .*?, (\d{2,5})x(\d{2,5})/.exec(text);
  if (!duration || !/Stream #\d+:\d+.*?: Video:/.test(text)) return null;
  const seconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  return {
    durationSeconds: seconds,
    hasVideo: true,
    hasAudio: /Stream #\d+:\d+.*?: Audio:/.test(text),
    width: video ? Number(video[1]) : null,
    height: video ? Number(video[2]) : null,
  };
}
