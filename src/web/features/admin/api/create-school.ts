import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SchoolResponse } from '#shared/contracts/admin.ts';
import { api } from '#web/lib/api-client.ts';
import { adminKeys } from './keys.ts';

export function createSchool(name: string) {
  return api<z.infer<typeof SchoolResponse>>('/schools', { method: 'POST', body: { name } });
}

/** Adds a school to the district. */
export function useCreateSchool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createSchool,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.schools }),
  });
}
