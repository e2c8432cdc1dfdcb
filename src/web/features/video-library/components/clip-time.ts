/** Seconds as a lesson's clock reads them: 75 → "1:15", 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "1:15", "75" or "1:02:05" as seconds; undefined when it is not a time. */
export function parseClock(text: string): number | undefined {
  const value = text.trim();
  if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(value)) return undefined;
  return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** A clip's range as people read it, or the whole lesson. */
export const describeRange = (clip: { start: number; end: number } | null) =>
  clip ? `${formatClock(clip.start)}–${formatClock(clip.end)}` : 'the whole lesson';
