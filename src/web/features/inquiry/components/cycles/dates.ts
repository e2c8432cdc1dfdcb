const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A phase's date (a day without a time) as people read it, the same day wherever they are. */
export function formatPeriod(isoDate: string): string {
  return day.format(new Date(`${isoDate}T00:00:00Z`));
}

/** Today as an ISO date in the person's own time zone, for a date field's first value. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
