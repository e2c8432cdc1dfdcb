/** Resources like this one that the viewer may see. */
export function MoreLikeThis(_props: { resourceId: string }) {
  return null;
}
