import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  SchoolChangeRequest,
  SchoolChangeRequestBody,
  SchoolChangeRequestResponse,
} from '#shared/contracts/school-membership.ts';
import { api } from '#web/lib/api-client.ts';
import { ownSchoolsKey } from './get-own-schools.ts';

export async function requestSchoolChange(body: SchoolChangeRequestBody): Promise<SchoolChangeRequest> {
  return (
    await api<z.infer<typeof SchoolChangeRequestResponse>>('/profile/school-requests', {
      method: 'POST',
      body,
    })
  ).data;
}

/** Asks a district administrator for other schools; one's schools and request are read again. */
export function useRequestSchoolChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: requestSchoolChange,
    onSettled: () => client.invalidateQueries({ queryKey: ownSchoolsKey }),
  });
}
