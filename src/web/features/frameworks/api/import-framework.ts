import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseImportResponse, CaseImportResult } from '#shared/contracts/frameworks.ts';
import { api } from '#web/lib/api-client.ts';
import { frameworkKeys } from './keys.ts';

/** Uploads a CASE 1.0 package (.json) for an owner; importing one again updates it in place. */
export async function importFramework(input: { ownerOrgId: string; file: File }): Promise<CaseImportResult> {
  const formData = new FormData();
  formData.set('ownerOrgId', input.ownerOrgId);
  formData.set('file', input.file);
  return (await api<CaseImportResponse>('/frameworks/import', { method: 'POST', formData })).data;
}

export function useImportFramework() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importFramework,
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: frameworkKeys.detail(result.frameworkId) });
      void client.invalidateQueries({ queryKey: frameworkKeys.lists });
      void client.invalidateQueries({ queryKey: frameworkKeys.competencies });
    },
  });
}
