import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ErasureDecisionBody,
  ErasureRequestBody,
  ErasureRequestListResponse,
  ErasureRequestResponse,
  MyErasureResponse,
  PrivacySettings,
  PrivacySettingsResponse,
} from '#shared/contracts/privacy.ts';
import { api } from '#web/lib/api-client.ts';
import { privacyKeys } from './keys.ts';

export function readMyErasure() {
  return api<MyErasureResponse>('/me/erasure-request');
}

/** The signed-in person's latest request to be erased, and whether their district must approve one. */
export function useMyErasure() {
  return useQuery({ queryKey: privacyKeys.myErasure, queryFn: readMyErasure });
}

export function requestErasure(body: ErasureRequestBody) {
  return api<ErasureRequestResponse>('/me/erasure-request', { method: 'POST', body });
}

/** Asks for the signed-in person to be erased. */
export function useRequestErasure() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: requestErasure,
    onSuccess: (response) => {
      if (response.data.status === 'pending')
        void client.invalidateQueries({ queryKey: privacyKeys.myErasure });
    },
  });
}

export function withdrawErasure() {
  return api<ErasureRequestResponse>('/me/erasure-request', { method: 'DELETE' });
}

/** Withdraws the signed-in person's waiting request. */
export function useWithdrawErasure() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: withdrawErasure,
    onSettled: () => client.invalidateQueries({ queryKey: privacyKeys.myErasure }),
  });
}

export function listErasureRequests() {
  return api<ErasureRequestListResponse>('/district/erasure-requests');
}

/** The district's requests: waiting ones first, then the latest decided. */
export function useErasureRequests() {
  return useQuery({ queryKey: privacyKeys.erasureRequests, queryFn: listErasureRequests });
}

export function decideErasure(args: { id: string } & ErasureDecisionBody) {
  const { id, ...body } = args;
  return api<ErasureRequestResponse>(`/district/erasure-requests/${encodeURIComponent(id)}/decision`, {
    method: 'POST',
    body,
  });
}

/** Approves (erasing the person) or declines a request. */
export function useDecideErasure() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: decideErasure,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: privacyKeys.erasureRequests });
      void client.invalidateQueries({ queryKey: privacyKeys.departed });
    },
  });
}

export function readPrivacySettings() {
  return api<PrivacySettingsResponse>('/district/privacy-settings');
}

/** The district's records rules. */
export function usePrivacySettings() {
  return useQuery({ queryKey: privacyKeys.settings, queryFn: readPrivacySettings });
}

export function updatePrivacySettings(body: PrivacySettings) {
  return api<PrivacySettingsResponse>('/district/privacy-settings', { method: 'PUT', body });
}

/** Saves the district's records rules. */
export function useUpdatePrivacySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updatePrivacySettings,
    onSuccess: (response) => client.setQueryData(privacyKeys.settings, response),
  });
}
