/** Add a resource to one of the viewer's collections, with an annotation. */
export function AddToCollection(_props: { resourceId: string }) {
  return null;
}
