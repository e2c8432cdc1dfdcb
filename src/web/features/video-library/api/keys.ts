/** Query keys of the district's video policy and the community video libraries. */
export const videoLibraryKeys = {
  policy: ['video-library', 'policy'] as const,
  library: (communityId: string) => ['video-library', 'library', communityId] as const,
  myVideos: ['video-library', 'my-videos'] as const,
};
