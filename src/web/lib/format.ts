const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A moment as people read it in lists and posts: "Mar 4, 2025, 3:05 PM" in their own locale. */
export function formatWhen(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** A day, for search results: "Mar 4, 2025". */
export function formatDay(iso: string): string {
  return day.format(new Date(iso));
}
