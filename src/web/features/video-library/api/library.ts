import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { VideoListResponse } from '#shared/contracts/video.ts';
import type { LibraryClipResponse, LibraryResponse, ShareClipBody } from '#shared/contracts/video-library.ts';
import { api } from '#web/lib/api-client.ts';
import { videoLibraryKeys } from './keys.ts';

export function listLibrary(communityId: string, cursor?: string) {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return api<LibraryResponse>(`/communities/${communityId}/video-clips${query}`);
}

/** A community's video library, newest first, page by page. */
export function useLibrary(communityId: string) {
  return useInfiniteQuery({
    queryKey: videoLibraryKeys.library(communityId),
    queryFn: ({ pageParam }) => listLibrary(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function shareClip(communityId: string, body: ShareClipBody) {
  return api<LibraryClipResponse>(`/communities/${communityId}/video-clips`, { method: 'POST', body });
}

/** Shares a clip of one's lesson with the community. */
export function useShareClip(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ShareClipBody) => shareClip(communityId, body),
    onSuccess: () => client.invalidateQueries({ queryKey: videoLibraryKeys.library(communityId) }),
  });
}

export function takeBackClip(communityId: string, clipId: string) {
  return api<void>(`/communities/${communityId}/video-clips/${clipId}`, { method: 'DELETE' });
}

/** Takes a clip out of the community's library: members can no longer play it. */
export function useTakeBackClip(communityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (clipId: string) => takeBackClip(communityId, clipId),
    onSuccess: () => client.invalidateQueries({ queryKey: videoLibraryKeys.library(communityId) }),
  });
}

/** The signed-in teacher's own lesson videos (the first hundred), to choose one to share or offer. */
export function useMyVideos() {
  return useQuery({
    queryKey: videoLibraryKeys.myVideos,
    queryFn: () => api<VideoListResponse>('/videos?whose=mine&limit=100'),
  });
}
