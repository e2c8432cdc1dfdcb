import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RosterSourceResponse } from '#shared/contracts/roster-sync.ts';
import { api } from '#web/lib/api-client.ts';

export const rosterSyncKey = ['roster-sync'] as const;
export const rosterSourceKey = [...rosterSyncKey, 'source'] as const;

export function getRosterSource() {
  return api<z.infer<typeof RosterSourceResponse>>('/roster-sync/source');
}

/** The district's OneRoster source (never its secret), or null before one is connected. */
export function useRosterSource() {
  return useQuery({ queryKey: rosterSourceKey, queryFn: getRosterSource });
}
