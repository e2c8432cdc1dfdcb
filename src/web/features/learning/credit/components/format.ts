import { CLAIM_STATUS_LABELS, type ClaimStatus } from '#shared/contracts/credit.ts';
import { MANUAL_LEARNING_KIND_LABELS, type ManualLearningKind } from '#shared/contracts/learning.ts';

/** Hours as people write them: 3, 1.5, 0.25. */
export const hoursText = (h: number) => (Number.isInteger(h) ? String(h) : String(Math.round(h * 100) / 100));

export const statusLabel = (status: ClaimStatus) => CLAIM_STATUS_LABELS[status];

/** A kind's label; kinds other features record read as words. */
export const kindText = (kind: string) =>
  MANUAL_LEARNING_KIND_LABELS[kind as ManualLearningKind] ?? kind.replace(/_/g, ' ');

/** A day (`2026-10-01`) as people read it, without shifting it across time zones. */
export function dayText(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString(undefined, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      });
}

/** A number typed into a field, or undefined when the field is empty or not a number. */
export function typedNumber(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
