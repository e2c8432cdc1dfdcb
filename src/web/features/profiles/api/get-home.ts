import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { HomeResponse } from '#shared/contracts/profiles.ts';
import { api } from '#web/lib/api-client.ts';

export type Home = z.infer<typeof HomeResponse>['data'];

export const homeKey = ['home'] as const;

export async function getHome(): Promise<Home> {
  return (await api<z.infer<typeof HomeResponse>>('/home')).data;
}

/** The signed-in home: where one works, what the profile lacks, colleagues to meet. */
export function useHome() {
  return useQuery({ queryKey: homeKey, queryFn: getHome });
}
