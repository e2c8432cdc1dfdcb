import { ApiError } from '#web/lib/api-client.ts';

/** The message for one field of a refused form, to show beside that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors.find((e) => e.path === `/body/${field}`)?.message;
}

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A period (a date without a time) as people read it, the same day wherever they are. */
export function formatPeriod(isoDate: string): string {
  return day.format(new Date(`${isoDate}T00:00:00Z`));
}
