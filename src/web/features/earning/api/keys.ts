/** Query keys of earning and review, so writes refresh exactly what they change. */
export const earningKeys = {
  all: ['earning'] as const,
  submissions: ['earning', 'submissions'] as const,
  submission: (id: string) => ['earning', 'submissions', 'detail', id] as const,
  progress: (credentialId: string) => ['earning', 'progress', credentialId] as const,
  activities: ['earning', 'activities'] as const,
  queue: ['earning', 'reviews', 'queue'] as const,
  workspace: (id: string) => ['earning', 'reviews', 'workspace', id] as const,
};

/** Retry only what might succeed later: not a 4xx (gone, not theirs, refused). */
export const retryServerErrors = (count: number, error: unknown) =>
  !(error && typeof error === 'object' && 'status' in error && (error as { status: number }).status < 500) &&
  count < 2;
