import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommentBody,
  PlaybackResponse,
  VideoComment,
  VideoGrant,
  VideoListResponse,
  VideoPatchBody,
  VideoPolicy,
  VideoResponse,
  ShareCandidate,
} from '#shared/contracts/video.ts';
import { api } from '#web/lib/api-client.ts';

/** Lesson videos: the page, playback, comments, captions, sharing and viewers. */

export const videoKey = (id: string) => ['video', id] as const;
export const videosKey = (whose: string) => ['videos', whose] as const;

/** The video page; read again every few seconds while it is being converted. */
export function useVideo(id: string) {
  return useQuery({
    queryKey: videoKey(id),
    queryFn: () => api<VideoResponse>(`/videos/${id}`),
    refetchInterval: (query) => {
      const status = query.state.data?.data.status;
      return status === 'processing' || status === 'uploading' ? 3000 : false;
    },
  });
}

export function useVideos(whose: 'mine' | 'shared' | 'all' = 'all') {
  return useInfiniteQuery({
    queryKey: videosKey(whose),
    queryFn: ({ pageParam }) => api<VideoListResponse>('/videos', { query: { whose, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) =>
        p.data.some((v) => v.status === 'processing' || v.status === 'uploading'),
      )
        ? 5000
        : false,
  });
}

/** How often a page asks again for a clip shared with the viewer that is still being cut. */
export const CLIP_POLL_MS = 3000;

/**
 * A playback session's URLs (recorded once for the owner); asked again before they expire, and every
 * few seconds while the viewer's clip is still being cut (the server then gives no sources).
 */
export function usePlayback(id: string, ready: boolean) {
  return useQuery({
    queryKey: [...videoKey(id), 'playback'],
    queryFn: () => api<PlaybackResponse>(`/videos/${id}/playback`, { method: 'POST' }).then((r) => r.data),
    enabled: ready,
    staleTime: 50 * 60_000,
    refetchInterval: (query) => (query.state.data?.sources.length === 0 ? CLIP_POLL_MS : 50 * 60_000),
    refetchOnWindowFocus: false,
  });
}

export function useVideoPolicy() {
  return useQuery({
    queryKey: ['video-policy'],
    queryFn: () =>
      api<{ data: VideoPolicy & { maxUploadBytes: number } }>('/video-policy').then((r) => r.data),
  });
}

export function useCommentStems() {
  return useQuery({
    queryKey: ['video-comment-stems'],
    queryFn: () => api<{ data: string[] }>('/video-comment-stems').then((r) => r.data),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useAddComment(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentBody) =>
      api<{ data: VideoComment }>(`/videos/${videoId}/comments`, { method: 'POST', body }).then(
        (r) => r.data,
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: videoKey(videoId), exact: true }),
  });
}

export function useDeleteComment(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) =>
      api<void>(`/videos/${videoId}/comments/${commentId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: videoKey(videoId), exact: true }),
  });
}

export function useUpdateVideo(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: VideoPatchBody) => api<VideoResponse>(`/videos/${videoId}`, { method: 'PATCH', body }),
    onSuccess: (data) => {
      client.setQueryData(videoKey(videoId), data);
      void client.invalidateQueries({ queryKey: ['videos'] });
    },
  });
}

export function useDeleteVideo(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/videos/${videoId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['videos'] }),
  });
}

export function useSaveCaptions(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { vtt: string; language: string }) =>
      api(`/videos/${videoId}/captions`, { method: 'PUT', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: videoKey(videoId) }),
  });
}

export function useCaptionsText(videoId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...videoKey(videoId), 'captions'],
    queryFn: () =>
      api<{ data: { vtt: string; language: string } }>(`/videos/${videoId}/captions`).then((r) => r.data),
    enabled,
  });
}

export function useGrants(videoId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...videoKey(videoId), 'grants'],
    queryFn: () => api<{ data: VideoGrant[] }>(`/videos/${videoId}/grants`).then((r) => r.data),
    enabled,
  });
}

/** People the owner may share the video with whose names hold `q`: the server's rule, nothing wider. */
export function useShareCandidates(videoId: string, q: string) {
  return useQuery({
    queryKey: [...videoKey(videoId), 'share-candidates', q],
    queryFn: ({ signal }) =>
      api<{ data: ShareCandidate[] }>(`/videos/${videoId}/share-candidates`, { query: { q }, signal }).then(
        (r) => r.data,
      ),
    enabled: q.trim().length > 0,
    staleTime: 30_000,
  });
}

export function useShareVideo(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      userId?: string;
      communityId?: string;
      clip?: { start: number; end: number } | null;
      hideComments?: boolean;
    }) =>
      api<{ data: VideoGrant }>(`/videos/${videoId}/grants`, { method: 'POST', body }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...videoKey(videoId), 'grants'] }),
  });
}

export function useUnshareVideo(videoId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => api<void>(`/videos/${videoId}/grants/${grantId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...videoKey(videoId), 'grants'] }),
  });
}

export function useViews(videoId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...videoKey(videoId), 'views'],
    queryFn: () =>
      api<{ data: { viewer: { id: string; name: string }; startedAt: string }[] }>(
        `/videos/${videoId}/views`,
      ).then((r) => r.data),
    enabled,
  });
}
