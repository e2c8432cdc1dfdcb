/** Minutes as hours people read: "1.5 h", "45 min", or an en dash when no one has said. */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round((minutes / 60) * 100) / 100;
  return `${hours.toLocaleString()} h`;
}

/** Minutes as a number of hours for totals: "12.5". */
export const hoursOf = (minutes: number) => (Math.round((minutes / 60) * 100) / 100).toLocaleString();
