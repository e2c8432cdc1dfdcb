import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateMicroCredentialBody,
  MicroCredentialDetail,
  MicroCredentialResponse,
  UpdateMicroCredentialBody,
} from '#shared/contracts/micro-credentials.ts';
import { api } from '#web/lib/api-client.ts';
import { microCredentialKeys } from './keys.ts';

export type CreateMicroCredentialInput = z.input<typeof CreateMicroCredentialBody>;
export type UpdateMicroCredentialInput = z.input<typeof UpdateMicroCredentialBody>;

export async function createMicroCredential(
  body: CreateMicroCredentialInput,
): Promise<MicroCredentialDetail> {
  return (await api<MicroCredentialResponse>('/micro-credentials', { method: 'POST', body })).data;
}

export async function updateMicroCredential(
  id: string,
  body: UpdateMicroCredentialInput,
): Promise<MicroCredentialDetail> {
  return (await api<MicroCredentialResponse>(`/micro-credentials/${id}`, { method: 'PATCH', body })).data;
}

export async function changeMicroCredentialStatus(
  id: string,
  action: 'publish' | 'retire',
): Promise<MicroCredentialDetail> {
  return (await api<MicroCredentialResponse>(`/micro-credentials/${id}/${action}`, { method: 'POST' })).data;
}

export async function uploadBadgeImage(id: string, file: File): Promise<MicroCredentialDetail> {
  const formData = new FormData();
  formData.append('image', file);
  return (await api<MicroCredentialResponse>(`/micro-credentials/${id}/image`, { method: 'PUT', formData }))
    .data;
}

/** Keeps the page's copy of a credential and every list current after a write. */
export function useStoreMicroCredential() {
  const client = useQueryClient();
  return (credential: MicroCredentialDetail) => {
    client.setQueryData(microCredentialKeys.detail(credential.id), credential);
    void client.invalidateQueries({ queryKey: microCredentialKeys.lists });
    void client.invalidateQueries({ queryKey: microCredentialKeys.options });
  };
}

/** An issuer's admin defines a micro-credential or stack (a draft). */
export function useCreateMicroCredential() {
  const store = useStoreMicroCredential();
  return useMutation({ mutationFn: createMicroCredential, onSuccess: store });
}

/** An issuer's admin edits a definition. */
export function useUpdateMicroCredential(id: string) {
  const store = useStoreMicroCredential();
  return useMutation({
    mutationFn: (body: UpdateMicroCredentialInput) => updateMicroCredential(id, body),
    onSuccess: store,
  });
}

/** An issuer's admin publishes or retires a credential. */
export function useChangeMicroCredentialStatus(id: string) {
  const store = useStoreMicroCredential();
  return useMutation({
    mutationFn: (action: 'publish' | 'retire') => changeMicroCredentialStatus(id, action),
    onSuccess: store,
  });
}

/** An issuer's admin sets the badge image (PNG or JPEG, up to 1 MB). */
export function useUploadBadgeImage(id: string) {
  const store = useStoreMicroCredential();
  return useMutation({ mutationFn: (file: File) => uploadBadgeImage(id, file), onSuccess: store });
}
