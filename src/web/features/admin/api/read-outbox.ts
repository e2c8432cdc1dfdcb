import { useQuery } from '@tanstack/react-query';
import type { OutboxResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function readOutbox() {
  return api<OutboxResponse>('/dev/outbox');
}

/** The mail Trellis wrote to its outbox (development only). */
export function useOutbox() {
  return useQuery({ queryKey: adminKeys.outbox, queryFn: readOutbox });
}
