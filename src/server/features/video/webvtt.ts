import type { CaptionCue } from '#shared/contracts/video.ts';

/**
 * Reads a WebVTT file (captions or a transcript) strictly enough to refuse what a player would not
 * show: the `WEBVTT` header, cues with `start --> end` timings in order of their start, text on
 * each. NOTE, STYLE and REGION blocks are skipped. Cue text loses its markup (`<v Ana>`, `<i>`) for
 * the transcript; the stored file keeps it for the player.
 */
export type VttResult = { ok: true; cues: CaptionCue[] } | { ok: false; line: number; message: string };

const TIMING =
  /^((?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})[ \t]+-->[ \t]+((?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})(?:[ \t]+.*)?$/;

function seconds(stamp: string): number {
  const parts = stamp.split(':').map(Number);
  return parts.length === 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&nbsp;': ' ',
  '&lrm;': '',
  '&rlm;': '',
};

/** A cue's text as people read it: tags removed, entities decoded, lines joined. */
export function cueText(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseWebVtt(input: string): VttResult {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? ''))
    return { ok: false, line: 1, message: 'must start with the line WEBVTT' };
  const cues: CaptionCue[] = [];
  let i = 1;
  // The header may go on until the first blank line.
  while (i < lines.length && lines[i].trim() !== '') {
    if (lines[i].includes('-->'))
      return { ok: false, line: i + 1, message: 'needs a blank line after the WEBVTT header' };
    i++;
  }
  while (i < lines.length) {
    while (i < lines.length && lines[i].trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++]);
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0])) continue;
    let timingAt = 0;
    if (!block[0].includes('-->')) {
      // A cue identifier, followed by the timings: else the first line was meant as the timings.
      if (!block[1]?.includes('-->'))
        return {
          ok: false,
          line: blockStart + 1,
          message: 'needs cue timings such as 00:01:02.000 --> 00:01:05.500',
        };
      timingAt = 1;
    }
    const timingLine = block[timingAt];
    const lineNumber = blockStart + timingAt + 1;
    if (timingLine === undefined)
      return { ok: false, line: blockStart + 1, message: 'has a cue without timings' };
    const match = TIMING.exec(timingLine.trim());
    if (!match)
      return {
        ok: false,
        line: lineNumber,
        message: 'needs cue timings such as 00:01:02.000 --> 00:01:05.500',
      };
    const start = seconds(match[1]);
    const end = seconds(match[2]);
    if (end <= start) return { ok: false, line: lineNumber, message: 'has a cue that ends before it starts' };
    const previous = cues.at(-1);
    if (previous && start < previous.start)
      return {
        ok: false,
        line: lineNumber,
        message: 'has cues out of order: each must start no earlier than the one before',
      };
    const body = block.slice(timingAt + 1);
    if (body.some((l) => l.includes('-->')))
      return { ok: false, line: lineNumber + 1, message: 'needs a blank line between cues' };
    const words = cueText(body);
    if (words === '') continue;
    cues.push({ start, end, text: words });
  }
  if (cues.length === 0) return { ok: false, line: lines.length, message: 'has no cues with text' };
  return { ok: true, cues };
}
