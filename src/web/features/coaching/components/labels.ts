import {
  COACHING_PHASE_LABELS,
  type CoachingPhase,
  type LogSessionKind,
} from '#shared/contracts/coaching.ts';

export const phaseLabel = (phase: CoachingPhase) => COACHING_PHASE_LABELS[phase];

export const SESSION_LABELS: Record<LogSessionKind, string> = {
  pre_conference: 'Pre-conference',
  observation: 'Observation',
  post_conference: 'Post-conference',
};

/** Minutes as hours and minutes: `1 h 30 min`. */
export function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** A calendar day as people read it. */
export const day = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });

export const today = () => new Date().toISOString().slice(0, 10);
