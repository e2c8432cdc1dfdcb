/** Query keys of the learning log, so writes refresh exactly what they change. */
export const learningKeys = {
  all: ['learning'] as const,
  entries: (search: string) => ['learning', 'entries', search] as const,
  entry: (id: string) => ['learning', 'entry', id] as const,
  totals: (from: string, to: string) => ['learning', 'totals', from, to] as const,
  options: ['learning', 'options'] as const,
};
