import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { HomeTargets, HomeTargetsResponse } from '#shared/contracts/mobilization.ts';
import { api } from '#web/lib/api-client.ts';

/** What can be brought home: a resource, or a thread's insight. */
export type HomeSubject = { kind: 'resource'; resourceId: string } | { kind: 'insight'; threadId: string };

export const homeShareKeys = {
  all: ['home-shares'] as const,
  targets: (subject: HomeSubject) =>
    [
      'home-shares',
      subject.kind,
      subject.kind === 'resource' ? subject.resourceId : subject.threadId,
    ] as const,
};

export const homeSharePath = (subject: HomeSubject) =>
  subject.kind === 'resource'
    ? `/resources/${encodeURIComponent(subject.resourceId)}/home-shares`
    : `/threads/${encodeURIComponent(subject.threadId)}/home-shares`;

export async function getHomeTargets(subject: HomeSubject): Promise<HomeTargets> {
  return (await api<z.infer<typeof HomeTargetsResponse>>(homeSharePath(subject))).data;
}

/** The viewer's school and district, and whether the thing was already brought home to each. */
export function useHomeTargets(subject: HomeSubject, enabled = true) {
  return useQuery({
    queryKey: homeShareKeys.targets(subject),
    queryFn: () => getHomeTargets(subject),
    enabled,
    retry: false,
  });
}
