import type { NotificationRequest } from '#server/platform/activity.ts';

/**
 * Tells a resource's author that colleagues used it: reviewed, tried, remixed or brought it home.
 * The notice names no one (its kinds are anonymous): who did it is shown on the resource page to
 * those the reviewer's, tryer's or remixer's choices allow, and a remix may be shared where its
 * source's author cannot see it. The author is not told of their own actions.
 */
export function ownerNotice(
  kind: `resource_${string}`,
  resource: { id: string; owner_id: string; title: string },
  data: Record<string, string> = {},
): NotificationRequest {
  return {
    kind,
    to: [resource.owner_id],
    data: { resourceId: resource.id, resourceTitle: resource.title, ...data },
  };
}
