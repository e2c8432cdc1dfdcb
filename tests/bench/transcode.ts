/**
 * Transcoding throughput and time to first frame (issue 16), on this machine's cores:
 *
 * - a lesson of LESSON_SECONDS (default 300; 20 in a small run) at 720p30 with a tone is made first
 *   (as a phone would hand it over: H.264 high profile, AAC), and not timed;
 * - it is transcoded as Trellis transcodes an upload (the video feature's `transcodeArgs`): one
 *   ffmpeg thread, lowest priority, to H.264/AAC MP4 with fast start at 720p, then 360p, then a
 *   poster frame. Reported: seconds to the first rendition, to all three, minutes of video per minute
 *   per core (one job holds one core), and the same with one job per core at once;
 * - the 45-minute lesson's first rendition is projected from the measured rate (transcoding time
 *   grows with the length) and held to the target: ready within the lesson's own length;
 * - time to first frame: from opening the 720p rendition to its first decoded frame, and the bytes a
 *   player must fetch before it (fast start puts the index first).
 *
 *   npx tsx tests/bench/transcode.ts            (BENCH_SMALL=1 for a 20-second lesson)
 *
 * Prints one JSON object; `npm run bench` records it beside the load figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ffmpegPath, transcodeArgs } from '#server/features/video/index.ts';

export interface TranscodeFigures {
  lessonSeconds: number;
  cores: number;
  firstRenditionSeconds: number;
  allRenditionsSeconds: number;
  /** Minutes of video transcoded (all renditions) per minute of one core. */
  minutesPerMinutePerCore: number;
  /** The same with one job per core at once, per core. */
  parallelMinutesPerMinutePerCore: number;
  /** A 45-minute lesson's first rendition, projected from the measured rate, in minutes. */
  projected45MinuteFirstRenditionMinutes: number;
  timeToFirstFrameMs: number;
  bytesBeforeFirstFrame: number;
  /** The machine's one-minute load average when the run began: transcoding runs at the lowest priority. */
  loadAverage: number;
}

function run(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${path.basename(command)} exited ${code}: ${stderr}`)),
    );
  });
}

/** A lesson of `seconds` at 720p30 with a tone, as a phone records it (not timed). */
async function makeLesson(file: string, seconds: number): Promise<void> {
  await run(ffmpegPath, [
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=duration=${seconds}:size=1280x720:rate=30`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
}

/** Transcodes one lesson as Trellis does, rendition by rendition; seconds to the first and to all. */
async function transcodeOnce(source: string, dir: string): Promise<{ first: number; all: number }> {
  let first = 0;
  let all = 0;
  for (const kind of ['720p', '360p', 'poster'] as const) {
    const step = transcodeArgs({
      source,
      target: path.join(dir, `${kind}.${kind === 'poster' ? 'jpg' : 'mp4'}`),
      kind,
    });
    all += await run(step.command, step.args);
    if (kind === '720p') first = all;
  }
  return { first, all };
}

/** The bytes before the first video frame's data (the index and the header), and the time to decode it. */
async function firstFrame(file: string): Promise<{ ms: number; bytes: number }> {
  const ms =
    (await run(ffmpegPath, [
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      file,
      '-frames:v',
      '1',
      '-f',
      'null',
      '-',
    ])) * 1000;
  // Walk the top-level boxes: with fast start `moov` comes before `mdat`, so a player needs only
  // what precedes `mdat` plus the first frame's samples.
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    let offset = 0;
    const size = statSync(file).size;
    while (offset < size) {
      readSync(fd, header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      if (type === 'mdat') return { ms, bytes: offset + 16 };
      if (boxSize < 8) break;
      offset += boxSize;
    }
    return { ms, bytes: size };
  } finally {
    closeSync(fd);
  }
}

/** Measures transcoding on a generated lesson. */
export async function measureTranscoding(lessonSeconds: number): Promise<TranscodeFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trellis-transcode-'));
  const loadAverage = Math.round(os.loadavg()[0] * 10) / 10;
  try {
    const source = path.join(dir, 'lesson.mp4');
    await makeLesson(source, lessonSeconds);
    const single = path.join(dir, 'single');
    await run('mkdir', ['-p', single]);
    const one = await transcodeOnce(source, single);
    const cores = os.availableParallelism();
    const dirs = Array.from({ length: cores }, (_, i) => path.join(dir, `parallel-${i}`));
    for (const d of dirs) await run('mkdir', ['-p', d]);
    const started = performance.now();
    await Promise.all(dirs.map((d) => transcodeOnce(source, d)));
    const parallelSeconds = (performance.now() - started) / 1000;
    const frame = await firstFrame(path.join(single, '720p.mp4'));
    const minutes = lessonSeconds / 60;
    const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
    return {
      lessonSeconds,
      cores,
      firstRenditionSeconds: round(one.first),
      allRenditionsSeconds: round(one.all),
      minutesPerMinutePerCore: round(minutes / (one.all / 60)),
      parallelMinutesPerMinutePerCore: round((minutes * cores) / (parallelSeconds / 60) / cores),
      projected45MinuteFirstRenditionMinutes: round((45 * 60 * (one.first / lessonSeconds)) / 60, 1),
      timeToFirstFrameMs: Math.round(frame.ms),
      bytesBeforeFirstFrame: frame.bytes,
      loadAverage,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.LESSON_SECONDS ?? (process.env.BENCH_SMALL === '1' ? 20 : 300));
  const figures = await measureTranscoding(seconds);
  console.log(JSON.stringify(figures, null, 2));
  const pass = figures.projected45MinuteFirstRenditionMinutes <= 45;
  console.log(
    `${pass ? 'PASS' : 'FAIL'} a 45-minute 720p lesson's first rendition ready in ${figures.projected45MinuteFirstRenditionMinutes} min (target ≤ 45)`,
  );
}
