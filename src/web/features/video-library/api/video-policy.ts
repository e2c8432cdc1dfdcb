import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DistrictVideoPolicyBody,
  DistrictVideoPolicyResponse,
} from '#shared/contracts/video-library.ts';
import { api } from '#web/lib/api-client.ts';
import { videoLibraryKeys } from './keys.ts';

export function readDistrictVideoPolicy() {
  return api<DistrictVideoPolicyResponse>('/district/video-policy');
}

/** The district's video policy, for its administrators. */
export function useDistrictVideoPolicy() {
  return useQuery({ queryKey: videoLibraryKeys.policy, queryFn: readDistrictVideoPolicy });
}

export function updateDistrictVideoPolicy(body: DistrictVideoPolicyBody) {
  return api<DistrictVideoPolicyResponse>('/district/video-policy', { method: 'PUT', body });
}

/** Saves the district's video policy. */
export function useUpdateDistrictVideoPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateDistrictVideoPolicy,
    onSuccess: (response) => client.setQueryData(videoLibraryKeys.policy, response),
  });
}
