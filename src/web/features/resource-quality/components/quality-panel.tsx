/** Reviews, tries and endorsements of a resource, and the forms to add them. */
export function QualityPanel(_props: { resourceId: string; isOwner: boolean }) {
  return null;
}
